"""Cycle set-up and the stage pre-checks, in the domain: what each check finds and says, in
words and counts, and how a field is refused. The fixtures here (`setup_world`) serve the
page, API and CLI tests of the workbench's set-up too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from paritrana.access.models import ProvincialAdmin
from paritrana.assessment.domain.decisions import confirm
from paritrana.assessment.domain.panels import add_member, create_panel
from paritrana.assessment.domain.prechecks import PrecheckFailed, findings, open_checked
from paritrana.awards.domain import setup
from paritrana.awards.domain.stages import StageClosed, close_stage, open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import Category, Cycle, Nomination, SelfAssessment
from paritrana.errors import Locked
from tests.assessment import conftest as judging
from tests.assessment.conftest import nominate


@dataclass
class SetupWorld:
    cycle: Cycle
    admin: object  # the national admin
    kalbar: object  # Kalimantan Barat's provincial admin
    category: Category  # provincial kab/kota
    ketapang: Nomination
    pontianak: Nomination
    palangka: Nomination  # Kalimantan Tengah

    def stage(self, kind: str, level: str = "provinsi"):
        return self.cycle.stages.get(level=level, kind=kind)


@pytest.fixture
def setup_world(regions, django_user_model) -> SetupWorld:
    cycle = create_cycle_from_template(assessment_year=2025)
    admin = django_user_model.objects.create_user("sekretariat", password="rahasia-uji-123")
    admin.user_permissions.add(Permission.objects.get(codename="manage_panels"))
    admin = django_user_model.objects.get(pk=admin.pk)
    kalbar = django_user_model.objects.create_user("admin_kalbar", password="rahasia-uji-123")
    ProvincialAdmin.objects.create(user=kalbar, province="61")
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    return SetupWorld(
        cycle=cycle,
        admin=admin,
        kalbar=kalbar,
        category=category,
        ketapang=nominate(category, "61.04", "Kabupaten Ketapang", "61"),
        pontianak=nominate(category, "61.71", "Kota Pontianak", "61"),
        palangka=nominate(category, "62.71", "Kota Palangka Raya", "62"),
    )


def _codes(found):
    return {f.code: f for f in found}


def test_verification_precheck_says_what_is_missing_in_words_and_counts(setup_world):
    w = setup_world
    for kind in ("penyaringan", "penilaian_mandiri"):
        open_stage(stage=w.stage(kind), user=w.admin)
    SelfAssessment.objects.create(nomination=w.ketapang, submitted_at="2026-03-10T10:00Z")
    panel = create_panel(cycle=w.cycle, level="provinsi", province="61", user=w.admin)

    found = _codes(findings(w.stage("verifikasi")))
    assert found["panels_missing"].message == "1 provinsi belum punya tim penilai"  # Kalteng
    assert found["panels_missing"].link == "web:panels_setup"
    assert found["panels_without_chair"].message == "1 tim penilai belum punya ketua"
    assert found["self_assessments_missing"].message == (
        "2 kandidat belum mengirim penilaian mandiri"
    )
    assert found["self_assessments_missing"].count == 2
    assert "weights" not in found  # the template's weights add up

    add_member(
        panel=panel,
        member_user=w.kalbar,
        role="ketua",
        affiliation="sekda",
        user=w.admin,
    )
    found = _codes(findings(w.stage("verifikasi")))
    assert "panels_without_chair" not in found


def test_weights_not_adding_up_to_100_are_a_finding(setup_world):
    w = setup_world
    regulasi = w.category.criteria.get(code="regulasi")
    setup.update_criterion(criterion=regulasi, weight="30", user=w.admin)
    found = _codes(findings(w.stage("penyaringan")))
    assert found["weights"].message.startswith("Bobot kriteria tidak berjumlah 100 di 1 tempat")
    assert "kriteria utama berjumlah 105, seharusnya 100" in found["weights"].message
    # Its link leads where the weights are edited: the category's page (it led to the cycle's).
    assert (found["weights"].link, found["weights"].link_args) == (
        "web:category_setup",
        (w.cycle.pk, w.category.pk),
    )


def test_opening_refuses_until_overridden_with_a_reason(setup_world):
    w = setup_world
    publication = w.stage("publikasi")
    with pytest.raises(PrecheckFailed) as refused:
        open_checked(stage=publication, user=w.admin)
    assert refused.value.http_status == 409
    assert "2 kelompok belum diputuskan Juaranya" in refused.value.message
    assert "5 tahap sebelumnya belum dibuka" in refused.value.message
    with pytest.raises(PrecheckFailed):
        open_checked(stage=publication, user=w.admin, override_reason="   ")
    opened = open_checked(stage=publication, user=w.admin, override_reason="Rapat pleno 20/6.")
    assert opened.status == "open"


def test_a_criterion_refuses_a_bad_weight_at_its_field(setup_world):
    regulasi = setup_world.category.criteria.get(code="regulasi")
    with pytest.raises(setup.SetupError) as refused:
        setup.update_criterion(criterion=regulasi, weight="dua puluh")
    assert refused.value.field == "weight"
    assert refused.value.message == "Bobot harus berupa angka, misalnya 25 atau 12,5."
    with pytest.raises(setup.SetupError, match="antara 0 dan 100"):
        setup.update_criterion(criterion=regulasi, weight="120")
    setup.update_criterion(criterion=regulasi, weight="12,5")
    regulasi.refresh_from_db()
    assert regulasi.weight == Decimal("12.5") and not regulasi.weight_is_assumption


def test_set_up_locks_once_verification_opens_but_dates_only_when_closed(setup_world):
    w = setup_world
    open_stage(stage=w.stage("verifikasi"), user=w.admin)
    with pytest.raises(Locked, match="Tahap verifikasi tingkat provinsi sudah dibuka"):
        setup.update_category(category=w.category, name="Kab/Kota")
    with pytest.raises(Locked):
        setup.update_rubric(criterion=w.category.criteria.get(code="regulasi"), descriptors={})
    verification = setup.schedule_stage(
        stage=w.stage("verifikasi"), starts_on=None, ends_on=dt.date(2026, 5, 10)
    )  # open: its dates still move
    close_stage(stage=verification)
    with pytest.raises(StageClosed, match="sudah ditutup"):
        setup.schedule_stage(stage=verification, starts_on=None, ends_on=None)
    national = w.cycle.categories.get(level="nasional", code="pemda-kabkota")
    setup.update_category(category=national, name="Pemerintah Kabupaten/Kota Terbaik")
    assert setup.shortlist_words(w.category) == ("7 teratas menurut UCJ")
    assert (
        setup.eligibility_words(
            w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
        )
        == "Perusahaan skala besar, menengah"
    )


def test_a_shortlist_minimum_reads_as_a_number_not_as_python_wrote_it(setup_world):
    """Minimums are stored as floats: 50 was shown as "50.0" once saved, in both languages."""
    w = setup_world
    w.category.shortlist = {
        "metric": "ucj_pct",
        "top_n": 7,
        "minimum": {"ucj_pct": 50.0, "active": 1250.0, "attainment_pct": 59.56},
    }
    labels = setup.metric_choices("kabkota")
    assert setup.shortlist_words(w.category) == (
        f"7 teratas menurut UCJ, dengan UCJ minimal 50, dengan {labels['active']} minimal 1.250, "
        f"dengan {labels['attainment_pct']} minimal 59,56"
    )
    with translation.override("en"):
        assert setup.shortlist_words(w.category).endswith("at least 59.56")
        assert ", with UCJ at least 50," in setup.shortlist_words(w.category)


cast = judging.cast
judged = judging.judged


def test_who_may_compete_and_the_shortlist_rule_read_in_the_readers_language(setup_world):
    """The set-up page's words follow the reader's language (English mode showed Bahasa); the
    refusals stay Bahasa throughout, with the round named in Bahasa too."""
    w = setup_world
    companies = w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    villages = Category(cycle=w.cycle, level="provinsi", code="desa", name="Desa")
    villages.eligibility = {"entity": "desa", "regions": ["61", "63"], "per_zone": True}
    with translation.override("en"):
        assert setup.eligibility_words(companies) == "Companies of size large, medium"
        assert setup.eligibility_words(villages) == (
            "Village governments, only in Kalimantan Barat, Kalimantan Selatan, judged per zone"
        )
        assert setup.shortlist_words(w.category) == "Top 7 by UCJ"
        assert setup.shortlist_words(villages) == "No shortlist rule yet."
    assert setup.eligibility_words(villages) == (
        "Pemerintah desa/kelurahan, hanya wilayah Kalimantan Barat, Kalimantan Selatan, "
        "dinilai per zona"
    )
    open_stage(stage=w.stage("verifikasi"), user=w.admin)
    with translation.override("en"):
        reason = setup.criteria_lock_reason(w.cycle, "provinsi")
    assert reason is not None and reason.startswith("Tahap verifikasi tingkat provinsi sudah")


def test_the_publication_precheck_wants_every_group_decided(judged):
    publication = judged.stage("publikasi")
    found = _codes(findings(publication))
    assert found["groups_undecided"].message == (
        "1 kelompok belum diputuskan Juaranya (Pemerintah Kabupaten/Kota)"
    )
    assert found["groups_undecided"].link == "web:rankings"
    confirm(
        category=judged.category,
        group="61",
        chosen=[judged.ketapang, judged.pontianak],
        user=judged.chair.user,
    )
    assert "groups_undecided" not in _codes(findings(publication))
    # Closing the decision stage asks the same.
    assert "groups_undecided" not in _codes(findings(judged.stage("keputusan"), "close"))


def test_opening_the_self_assessment_names_the_candidates_nobody_represents(setup_world):
    from paritrana.awards.models import Representative

    w = setup_world
    open_stage(stage=w.stage("penyaringan"), user=w.admin)
    found = _codes(findings(w.stage("penilaian_mandiri")))
    assert found["nominees_without_representative"].message == (
        "3 kandidat belum punya wakil yang dapat mengisi penilaian mandirinya"
    )
    assert found["nominees_without_representative"].link == "web:shortlists"
    for nomination in (w.ketapang, w.pontianak, w.palangka):
        Representative.objects.create(user=w.kalbar, nomination=nomination)
    assert "nominees_without_representative" not in _codes(findings(w.stage("penilaian_mandiri")))
