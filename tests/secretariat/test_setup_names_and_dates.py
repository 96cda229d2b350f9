"""Found on a tour of a new cycle's set-up (/sekretariat/<cycle>/):

- renaming a category to another category's name in the same round was saved, though adding
  one under a taken name was refused; the same for a criterion among its siblings;
- a stage whose dates were emptied was not named by "Periksa apa yang masih kurang";
- a stage's messages named it by the assessment year ("Tanggal 2025 Tingkat provinsi: ..."),
  which read as the stage's year beside dates a year later.
"""

from __future__ import annotations

import datetime as dt

import pytest

from paritrana.assessment.domain.prechecks import findings
from paritrana.awards.domain import setup
from paritrana.awards.domain.stages import open_stage
from paritrana.awards.models import AuditEntry
from tests.secretariat import test_setup_domain

setup_world = test_setup_domain.setup_world  # the fixture (cycle "Paritrana Award 2026", 2025)


@pytest.fixture
def admin_client(client, setup_world):
    client.force_login(setup_world.admin)
    return client


def _category_form(category, **typed) -> dict:
    """The category's form as the page fills it, with `typed` changed."""
    rule = category.shortlist or {}
    form = {
        "action": "category",
        "category": category.pk,
        "name": category.name,
        "enabled": "on",
        "metric": rule.get("metric", ""),
        "top_n": str(rule.get("top_n") or 5),
    }
    return form | typed


# -- a category's name -------------------------------------------------------------------------


def test_a_category_is_not_renamed_to_another_categorys_name_in_its_round(setup_world):
    w = setup_world
    small = w.cycle.categories.get(level="provinsi", code="usaha-kecil-mikro")
    public = w.cycle.categories.get(level="provinsi", name="Layanan Publik")
    with pytest.raises(setup.SetupError) as refused:
        setup.update_category(category=public, name="usaha kecil dan MIKRO ")
    assert refused.value.field == "name"
    assert refused.value.message == (
        "Kategori 'Usaha Kecil dan Mikro' sudah ada di tingkat provinsi: pilih nama lain."
    )
    public.refresh_from_db()
    assert public.name == "Layanan Publik"
    assert w.cycle.categories.filter(level="provinsi", name__iexact=small.name).count() == 1
    assert not AuditEntry.objects.filter(action="category.update").exists()

    # Its own name (even in other letters' case) and a name of the other round stay free.
    setup.update_category(category=small, name="Usaha Kecil dan Mikro")
    setup.update_category(category=small, name="Usaha kecil dan mikro")
    national = w.cycle.categories.get(level="nasional", code="pemda-kabkota")
    setup.update_category(category=national, name="Layanan Publik")
    national.refresh_from_db()
    assert national.name == "Layanan Publik"


def test_the_page_refuses_a_taken_category_name_beside_its_field(admin_client, setup_world):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/"
    public = w.cycle.categories.get(level="provinsi", name="Layanan Publik")
    answer = admin_client.post(url, _category_form(public, name="Usaha Kecil dan Mikro"))
    assert answer.status_code == 422
    html = answer.content.decode()
    row = html[html.index(f'id="category-{public.pk}"') :]
    row = row[: row.index("</tr>")]
    assert (
        'data-field="name">Kategori &#x27;Usaha Kecil dan Mikro&#x27; sudah ada di tingkat '
        "provinsi: pilih nama lain." in row
    )
    assert "sudah disimpan" not in html
    public.refresh_from_db()
    assert public.name == "Layanan Publik"
    names = list(w.cycle.categories.filter(level="provinsi").values_list("name", flat=True))
    assert names.count("Usaha Kecil dan Mikro") == 1


# -- a criterion's name ------------------------------------------------------------------------


def test_a_criterion_is_not_renamed_to_a_siblings_name(setup_world):
    w = setup_world
    budget = w.category.criteria.get(code="anggaran")
    with pytest.raises(setup.SetupError) as refused:
        setup.update_criterion(criterion=budget, name="REGULASI", weight="10")
    assert refused.value.field == "name"
    assert (
        refused.value.message == "Kriteria 'Regulasi' sudah ada di kategori ini: pilih nama lain."
    )
    budget.refresh_from_db()
    assert budget.name == "Anggaran untuk pekerja rentan"
    assert w.category.criteria.filter(name__iexact="Regulasi").count() == 1

    # Among the sub-criteria of one criterion, the same.
    growth = w.category.criteria.get(name="Pertumbuhan UCJ dari tahun lalu")
    with pytest.raises(setup.SetupError) as refused:
        setup.update_criterion(criterion=growth, name="Cakupan pekerja rentan (BPU)")
    assert refused.value.message == (
        "Sub-kriteria 'Cakupan pekerja rentan (BPU)' sudah ada di bawah "
        "'Coverage (cakupan dan pertumbuhannya)': pilih nama lain."
    )
    # Its own name is kept when other fields change, and a criterion of another category
    # may share a name.
    setup.update_criterion(criterion=budget, name="Anggaran untuk pekerja rentan", weight="10")
    other = w.cycle.categories.get(level="nasional", code="pemda-kabkota")
    renamed = setup.update_criterion(
        criterion=other.criteria.get(code="anggaran"), name="Regulasi daerah"
    )
    assert renamed.name == "Regulasi daerah"


def test_the_criteria_page_refuses_a_taken_name_beside_its_field(admin_client, setup_world):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/kategori/{w.category.pk}/"
    budget = w.category.criteria.get(code="anggaran")
    answer = admin_client.post(
        url, {"action": "criterion", "criterion": budget.pk, "name": "Regulasi", "weight": "10"}
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Kriteria &#x27;Regulasi&#x27; sudah ada di kategori ini: pilih nama lain." in html
    assert f'id="criterion-{budget.pk}-name-error"' in html
    budget.refresh_from_db()
    assert budget.name == "Anggaran untuk pekerja rentan"


# -- a stage without dates ---------------------------------------------------------------------


def test_the_check_names_a_stage_whose_dates_were_emptied(admin_client, setup_world):
    w = setup_world
    open_stage(stage=w.stage("penyaringan"), user=w.admin)
    self_assessment = w.stage("penilaian_mandiri")
    planned = {s.kind: (s.starts_on, s.ends_on) for s in w.cycle.stages.filter(level="provinsi")}
    setup.schedule_stage(stage=self_assessment, starts_on=None, ends_on=self_assessment.ends_on)
    # Verification may now start before the self-assessment's planned start: no order check.
    verification = setup.schedule_stage(
        stage=w.stage("verifikasi"), starts_on=dt.date(2026, 2, 15), ends_on=dt.date(2026, 4, 30)
    )

    found = {f.code: f for f in findings(self_assessment)}
    assert found["stage_dates_missing"].message == (
        "1 tahap tingkat provinsi belum punya tanggal lengkap: 'Penilaian mandiri dan bukti' "
        "belum punya tanggal mulai (tanpa tanggal, urutan tahap dan keterlambatan tidak "
        "dapat diperiksa)"
    )
    assert found["stage_dates_missing"].link == "web:cycle_setup"
    assert "stage_dates_missing" in {f.code for f in findings(verification)}
    national = w.stage("verifikasi", level="nasional")
    assert "stage_dates_missing" not in {f.code for f in findings(national)}

    # "Periksa apa yang masih kurang" on the page says it too.
    page = admin_client.get(f"/sekretariat/{w.cycle.pk}/?periksa={verification.pk}")
    row = page.content.decode().split(f'id="stage-{verification.pk}"', 1)[1].split("</tr>")[0]
    assert "&#x27;Penilaian mandiri dan bukti&#x27; belum punya tanggal mulai (tanpa tanggal" in row

    # Two stages and both dates: each named with what it lacks, when the later one opens; a
    # stage after the one opened may still be dated later.
    interview = setup.schedule_stage(stage=w.stage("wawancara"), starts_on=None, ends_on=None)
    assert {f.code: f for f in findings(verification)}["stage_dates_missing"].count == 1
    found = {f.code: f for f in findings(interview)}
    assert found["stage_dates_missing"].count == 2
    assert (
        "2 tahap tingkat provinsi belum punya tanggal lengkap: 'Penilaian mandiri dan bukti' "
        "belum punya tanggal mulai, 'Wawancara' belum punya tanggal mulai dan selesai ("
    ) in found["stage_dates_missing"].message

    # Once the dates are back, nothing about dates is missing.
    for kind in ("verifikasi", "penilaian_mandiri", "wawancara"):
        starts_on, ends_on = planned[kind]
        setup.schedule_stage(stage=w.stage(kind), starts_on=starts_on, ends_on=ends_on)
    assert "stage_dates_missing" not in {f.code for f in findings(verification)}


# -- a stage's name ----------------------------------------------------------------------------


def test_a_stage_is_named_by_its_kind_round_and_cycle_not_by_the_assessment_year(
    admin_client, setup_world
):
    w = setup_world
    assert (w.cycle.name, w.cycle.assessment_year) == ("Paritrana Award 2026", 2025)
    self_assessment = w.stage("penilaian_mandiri")
    url = f"/sekretariat/{w.cycle.pk}/"
    saved = admin_client.post(
        url,
        {
            "action": "dates",
            "stage": self_assessment.pk,
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-31",
        },
        follow=True,
    ).content.decode()
    assert (
        "Tanggal Penilaian mandiri dan bukti, tingkat provinsi (Paritrana Award 2026) "
        "sudah disimpan." in saved
    )
    screening = w.stage("penyaringan")
    opened = admin_client.post(
        url, {"action": "open", "stage": screening.pk, "reason": "Uji."}, follow=True
    ).content.decode()
    assert "Penyaringan data, tingkat provinsi (Paritrana Award 2026) sudah dibuka." in opened
    assert "2025 Tingkat provinsi" not in saved + opened

    assert str(self_assessment) == (
        "Penilaian mandiri dan bukti, tingkat provinsi (Paritrana Award 2026)"
    )
    history = admin_client.get(f"/sekretariat/{w.cycle.pk}/riwayat/").content.decode()
    assert ">Tahap: Penyaringan data, tingkat provinsi (Paritrana Award 2026)<" in history
