"""The data-based shortlist per category and province, changes by hand with reasons."""

from __future__ import annotations

import pytest

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import (
    NominationError,
    add_by_hand,
    draw_shortlist,
    remove,
)
from paritrana.awards.domain.stages import StageClosed, StageNotOpen, close_stage, open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import AuditEntry, Nomination
from paritrana.coverage.domain.compute import compute_metrics
from tests.screening import open_screening
from tests.store_fixture import warm_store


@pytest.fixture
def draft_cycle(regions, settings, tmp_path):
    """The 2025 cycle as the template makes it (every stage still to be opened), with metrics."""
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)
    return create_cycle_from_template(assessment_year=2025)


@pytest.fixture
def cycle(draft_cycle):
    """The 2025 cycle with its screening stages open: the shortlist is drawn then."""
    open_screening(draft_cycle)
    return draft_cycle


def _category(cycle, code):
    return cycle.categories.get(level="provinsi", code=code)


def test_the_kabkota_shortlist_ranks_by_ucj(cycle, admin_user):
    category = _category(cycle, "pemda-kabkota")
    nominated = draw_shortlist(category=category, province="61", year=2025, user=admin_user)
    # Ketapang 2/6 = 33.33% before Pontianak 1/4 = 25%.
    assert [(n.key, n.name, n.basis) for n in nominated] == [
        ("61.04", "Kabupaten Ketapang", "peringkat 1 menurut cakupan UCJ 33,33%"),
        ("61.71", "Kota Pontianak", "peringkat 2 menurut cakupan UCJ 25%"),
    ]
    assert {n.source for n in nominated} == {"data"}
    assert AuditEntry.objects.filter(action="nomination.shortlist").count() == 2
    # Drawing again changes nothing.
    assert draw_shortlist(category=category, province="61", year=2025) == []
    assert Nomination.objects.count() == 2


def test_the_company_shortlist_applies_size_class_and_minimums(cycle):
    large = _category(cycle, "perusahaan-besar-menengah")
    # E1 (menengah, 61.04) registers 50% of its workforce: meets the minimum of 50.
    assert [n.key for n in draw_shortlist(category=large, province="61", year=2025)] == ["E1"]
    small = _category(cycle, "usaha-kecil-mikro")
    assert draw_shortlist(category=small, province="61", year=2025) == []  # E1 is not small


def test_adding_by_hand_needs_a_reason_and_an_eligible_candidate(cycle, admin_user):
    category = _category(cycle, "pemda-kabkota")
    sambas = Candidate(entity="kabkota", name="Kabupaten Sambas", region_code="61.01")
    with pytest.raises(NominationError, match="Alasan wajib"):
        add_by_hand(category=category, candidate=sambas, province="61", reason=" ")
    company = Candidate(
        entity="perusahaan",
        name="PT Satu",
        region_code="61.04",
        size_class="menengah",
        employer_id="E1",
    )
    with pytest.raises(NominationError, match="sedangkan PT Satu adalah perusahaan"):
        add_by_hand(category=category, candidate=company, province="61", reason="usulan")
    nomination = add_by_hand(
        category=category,
        candidate=sambas,
        province="61",
        reason="Usulan Disnaker: Perbup baru 2025",
        user=admin_user,
    )
    assert (nomination.source, nomination.status) == ("manual", "nominated")
    entry = AuditEntry.objects.get(action="nomination.add")
    assert entry.after["reason"] == "Usulan Disnaker: Perbup baru 2025"


def test_removing_keeps_the_record_and_its_reason_and_survives_a_redraw(cycle, admin_user):
    category = _category(cycle, "pemda-kabkota")
    ketapang = draw_shortlist(category=category, province="61", year=2025)[0]
    remove(nomination=ketapang, reason="Data kepesertaan belum diverifikasi", user=admin_user)
    draw_shortlist(category=category, province="61", year=2025)
    ketapang.refresh_from_db()
    assert (ketapang.status, ketapang.reason) == ("removed", "Data kepesertaan belum diverifikasi")
    entry = AuditEntry.objects.get(action="nomination.remove")
    assert (entry.before["status"], entry.after["status"]) == ("nominated", "removed")


def test_nothing_changes_once_screening_is_closed(cycle):
    category = _category(cycle, "pemda-kabkota")
    screening = cycle.stages.get(level="provinsi", kind="penyaringan")
    close_stage(stage=screening)
    with pytest.raises(StageClosed):
        draw_shortlist(category=category, province="61", year=2025)
    sambas = Candidate(entity="kabkota", name="Kabupaten Sambas", region_code="61.01")
    with pytest.raises(StageClosed):
        add_by_hand(category=category, candidate=sambas, province="61", reason="x")
    assert not Nomination.objects.exists()


NOT_OPEN = (
    "Tahap 'Penyaringan data' (Tingkat provinsi) belum dibuka, dijadwalkan dibuka pada {day}; "
    "daftar pendek hanya dapat ditarik, ditambah, dan dikurangi selama tahap penyaringan data "
    "dibuka."
)


def test_nothing_is_drawn_added_or_removed_before_screening_opens(draft_cycle, admin_user):
    """The shortlist page shows its buttons disabled ("Tahap belum dibuka") until the screening
    stage opens, its opening pre-checks having found the categories, weights and shortlist rules
    the draw relies on: the domain refuses the same, before writing anything."""
    category = _category(draft_cycle, "pemda-kabkota")
    screening = draft_cycle.stages.get(level="provinsi", kind="penyaringan")
    message = NOT_OPEN.format(day=f"{screening.starts_on:%d/%m/%Y}")
    audited = AuditEntry.objects.count()  # the cycle's creation
    with pytest.raises(StageNotOpen) as refused:
        draw_shortlist(category=category, province="61", year=2025, user=admin_user)
    assert refused.value.message == message and refused.value.http_status == 409
    sambas = Candidate(entity="kabkota", name="Kabupaten Sambas", region_code="61.01")
    with pytest.raises(StageNotOpen, match="belum dibuka"):
        add_by_hand(category=category, candidate=sambas, province="61", reason="usul")
    assert not Nomination.objects.exists() and AuditEntry.objects.count() == audited
    # A nominee already there (promoted, or written before this rule) is not removed either.
    promoted = Nomination.objects.create(
        category=category, key="61.04", province="61", entity="kabkota", name="Ketapang"
    )
    with pytest.raises(StageNotOpen, match="belum dibuka"):
        remove(nomination=promoted, reason="data salah", user=admin_user)
    promoted.refresh_from_db()
    assert promoted.status == "nominated" and AuditEntry.objects.count() == audited

    open_stage(stage=screening)
    assert [n.key for n in draw_shortlist(category=category, province="61", year=2025)] == ["61.71"]
