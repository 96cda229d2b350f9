"""Stages open and close explicitly, closed stages are read-only, everything is audited;
eligibility is checked with its reasons."""

from __future__ import annotations

import pytest
from django.utils import translation

from paritrana.awards.domain.eligibility import Candidate, check
from paritrana.awards.domain.stages import (
    StageClosed,
    StageTransitionError,
    close_stage,
    ensure_editable,
    open_stage,
)
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import AuditEntry
from paritrana.commands.awards import close_stage as close_stage_command


@pytest.fixture
def cycle(db):
    return create_cycle_from_template(assessment_year=2025)


@pytest.fixture
def screening(cycle):
    return cycle.stages.get(level="provinsi", kind="penyaringan")


def test_a_stage_opens_then_closes_and_the_audit_log_keeps_before_and_after(screening, admin_user):
    open_stage(stage=screening, user=admin_user)
    ensure_editable(screening)  # open: changes allowed
    closed = close_stage(stage=screening, user=admin_user)
    assert closed.status == "closed" and closed.opened_at <= closed.closed_at
    entries = list(AuditEntry.objects.filter(model="awards.Stage").order_by("id"))
    assert [(e.action, e.before["status"], e.after["status"]) for e in entries] == [
        ("stage.open", "draft", "open"),
        ("stage.close", "open", "closed"),
    ]
    assert all(e.user == admin_user and e.cycle == screening.cycle for e in entries)


def test_a_closed_stage_is_read_only_for_good(screening):
    open_stage(stage=screening)
    closed = close_stage(stage=screening)
    with pytest.raises(StageClosed, match=r"sudah ditutup pada .*tidak dapat diubah lagi"):
        ensure_editable(closed)
    with pytest.raises(StageTransitionError, match="belum dibuka"):
        open_stage(stage=closed)
    with pytest.raises(StageTransitionError, match="sedang dibuka"):
        close_stage(stage=closed)


def test_a_stage_cannot_be_closed_before_it_was_opened(screening):
    with pytest.raises(StageTransitionError, match="hanya tahap yang sedang dibuka"):
        close_stage(stage=screening)


def test_a_refusal_read_in_english_names_the_stage_in_bahasa_like_the_rest_of_it(screening):
    """Refusals are written in Bahasa Indonesia; the stage's kind, status and round they name
    are translated labels, which read in English made a mixed sentence."""
    with translation.override("en"), pytest.raises(StageTransitionError) as refused:
        close_stage(stage=screening)
    assert refused.value.message.startswith(
        "Tahap 'Penyaringan data' berstatus Belum dibuka: hanya tahap yang sedang dibuka"
    )
    open_stage(stage=screening)
    closed = close_stage(stage=screening)
    with translation.override("en"), pytest.raises(StageClosed) as refused_closed:
        ensure_editable(closed)
    assert refused_closed.value.message.startswith(
        "Tahap 'Penyaringan data' (Tingkat provinsi) sudah ditutup"
    )


KETAPANG = Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04")
SAWIT = Candidate(
    entity="perusahaan",
    name="PT Sawit",
    region_code="61.04",
    size_class="besar",
    sector="perkebunan",
)
WARUNG = Candidate(
    entity="perusahaan",
    name="CV Warung",
    region_code="61.71",
    size_class="mikro",
    sector="perdagangan",
)


def _category(cycle, code, level="provinsi"):
    return cycle.categories.get(level=level, code=code)


def test_a_kabupaten_is_eligible_for_the_kabkota_category(cycle):
    result = check(_category(cycle, "pemda-kabkota"), KETAPANG)
    assert result.eligible and result.explain() == "Memenuhi syarat."


def test_a_company_is_refused_from_a_government_category_with_the_reason(cycle):
    result = check(_category(cycle, "pemda-kabkota"), SAWIT)
    assert not result.eligible
    assert result.reasons == (
        "Kategori 'Pemerintah Kabupaten/Kota' untuk pemerintah kabupaten/kota, sedangkan "
        "PT Sawit adalah perusahaan.",
    )


def test_size_classes_decide_between_large_and_small_business_categories(cycle):
    assert check(_category(cycle, "perusahaan-besar-menengah"), SAWIT).eligible
    assert check(_category(cycle, "usaha-kecil-mikro"), WARUNG).eligible
    refused = check(_category(cycle, "perusahaan-besar-menengah"), WARUNG)
    assert refused.reasons == (
        "Skala usaha mikro; kategori ini hanya untuk skala besar, menengah.",
    )


def test_a_sector_variant_checks_the_sector_and_says_it_is_switched_off(cycle):
    result = check(_category(cycle, "perusahaan-besar-agribisnis"), SAWIT)
    assert result.reasons == (
        "Kategori 'Perusahaan Besar sektor pertanian, perkebunan dan perikanan' tidak dipakai "
        "pada siklus ini.",
    )
    manufacturing = check(_category(cycle, "perusahaan-besar-manufaktur"), SAWIT)
    assert (
        "Sektor perkebunan; kategori ini hanya untuk sektor manufaktur, pertambangan, migas."
        in manufacturing.reasons
    )


def test_the_secretariat_opens_and_closes_stages_from_the_admin(
    cycle, admin_client, admin_user, regions, settings, tmp_path
):
    from paritrana.coverage.domain.compute import compute_metrics
    from tests.store_fixture import warm_store

    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)  # the screening waits for the year's coverage metrics
    stage = cycle.stages.get(level="provinsi", kind="penyaringan")
    url = "/admin/awards/stage/"
    admin_client.post(url, {"action": "open_selected", "_selected_action": [stage.pk]})
    stage.refresh_from_db()
    assert stage.status == "open"
    # Nobody nominated: the pre-check refuses the close and the admin says why; the workbench
    # (/sekretariat/) overrides it with a reason.
    page = admin_client.post(
        url, {"action": "close_selected", "_selected_action": [stage.pk]}, follow=True
    )
    stage.refresh_from_db()
    assert stage.status == "open" and "Belum ada kandidat" in page.content.decode()
    close_stage_command(admin_user, stage=stage, override_reason="Uji admin: tanpa kandidat.")
    stage.refresh_from_db()
    assert stage.status == "closed"
    assert AuditEntry.objects.filter(action="stage.close", object_id=str(stage.pk)).exists()
    # Closed: the stage and the criteria judged in it can no longer be edited.
    page = admin_client.get(f"/admin/awards/stage/{stage.pk}/change/")
    assert not page.context["has_change_permission"]
    criterion = cycle.categories.get(level="provinsi", code="pemda-kabkota").criteria.get(
        code="ucj"
    )
    page = admin_client.get(f"/admin/awards/criterion/{criterion.pk}/change/")
    assert not page.context["has_change_permission"]


def test_a_category_limited_to_regions_refuses_candidates_elsewhere(cycle):
    category = _category(cycle, "pemda-kabkota")
    category.eligibility = {"entity": "kabkota", "regions": ["61", "63"]}
    assert check(category, KETAPANG).eligible  # 61.04 lies in 61
    bali = Candidate(entity="kabkota", name="Kabupaten Badung", region_code="51.03")
    assert check(category, bali).reasons == (
        "Wilayah 51.03 di luar wilayah kategori ini (61, 63).",
    )
