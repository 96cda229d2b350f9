"""The award cycle's commands: each one run as its caller would, its audit entry and its effect
checked, and a refused actor changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from paritrana.access.models import ProvincialAdmin
from paritrana.access.policy import AccessDenied
from paritrana.assessment.domain.prechecks import PrecheckFailed
from paritrana.assessment.domain.publication import is_published
from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import NominationError
from paritrana.awards.domain.workspace import candidate_stage
from paritrana.awards.models import (
    AuditEntry,
    Cycle,
    Evidence,
    Nomination,
    Representative,
    SelfAssessment,
)
from paritrana.commands.awards import (
    add_evidence,
    add_nomination,
    close_stage,
    copy_cycle,
    create_cycle,
    draw_shortlist,
    open_stage,
    remove_evidence,
    remove_nomination,
    save_answers,
    submit,
)
from paritrana.commands.certificates import save_wording
from paritrana.reports.models import CertificateTemplate
from tests.commands.audit import assert_audited, entries_of
from tests.evidence_samples import PDF

EXERCISED = {
    "cycle.create",
    "cycle.copy",
    "stage.open",
    "stage.close",
    "shortlist.draw",
    "nomination.add",
    "nomination.remove",
    "workspace.save",
    "workspace.add_evidence",
    "workspace.submit",
    "workspace.remove_evidence",
    "certificate.save",
}

SAMBAS = Candidate(entity="kabkota", name="Kabupaten Sambas", region_code="61.01")
KETAPANG = Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04")


@pytest.fixture
def people(regions, django_user_model, admin_user):
    users = {"nasional": admin_user}
    for name in ("kalbar", "kalteng", "ketapang", "sambas"):
        users[name] = django_user_model.objects.create_user(username=name, password="x-123456")
    ProvincialAdmin.objects.create(user=users["kalbar"], province="61")
    ProvincialAdmin.objects.create(user=users["kalteng"], province="62")
    return users


@pytest.fixture
def cycle(people):
    return create_cycle(people["nasional"], assessment_year=2025)


@pytest.fixture
def screening(metrics, cycle, people):
    """Both rounds' screening stages opened by the national admin (on the year's coverage
    metrics, which the screening waits for): shortlists are drawn and candidates nominated by
    hand only while they are open."""
    for level in ("provinsi", "nasional"):
        open_stage(people["nasional"], stage=_stage(cycle, "penyaringan", level))


def _stage(cycle, kind, level="provinsi"):
    return cycle.stages.get(level=level, kind=kind)


def _kabkota(cycle, level="provinsi"):
    return cycle.categories.get(level=level, code="pemda-kabkota")


# -- cycles and stages ---------------------------------------------------------------------


def test_the_national_admin_creates_a_cycle_from_the_template(cycle, people):
    entry = assert_audited("cycle.create", people["nasional"])
    assert entry.action == "cycle.create_from_template" and entry.cycle == cycle
    assert (cycle.assessment_year, cycle.ceremony_year) == (2025, 2026)
    assert cycle.stages.filter(status="draft").count() == cycle.stages.count() > 0
    assert _kabkota(cycle).criteria.exists()


def test_a_provincial_admin_may_not_create_a_cycle(people):
    with pytest.raises(AccessDenied, match="hanya dapat diatur oleh admin nasional"):
        create_cycle(people["kalbar"], assessment_year=2025)
    assert not Cycle.objects.exists()
    assert entries_of("cycle.create") == []


def test_the_national_admin_copies_a_cycle_and_others_may_not(cycle, people):
    with pytest.raises(AccessDenied):
        copy_cycle(people["kalbar"], source=cycle, assessment_year=2026)
    assert not Cycle.objects.filter(assessment_year=2026).exists()
    copied = copy_cycle(people["nasional"], source=cycle, assessment_year=2026)
    entry = assert_audited("cycle.copy", people["nasional"])
    assert entry.after == {"copied_from": 2025} and entry.cycle == copied
    assert copied.copied_from == cycle and copied.name.endswith("2027")
    assert _stage(copied, "penyaringan").starts_on.year == 2027


def test_the_certificates_wording_is_set_by_the_national_admin_only(cycle, people):
    values = {"signatory_1_name": "Dr. Rina Wulandari", "place_and_date": "Jakarta, 1 Juli 2026"}
    with pytest.raises(AccessDenied):
        save_wording(people["kalbar"], cycle=cycle, level="provinsi", values=values)
    assert not CertificateTemplate.objects.exists() and entries_of("certificate.save") == []
    saved = save_wording(people["nasional"], cycle=cycle, level="provinsi", values=values)
    entry = assert_audited("certificate.save", people["nasional"])
    assert entry.before is None and entry.after["signatory_1_name"] == "Dr. Rina Wulandari"
    assert saved.body.startswith("diberikan kepada")  # the default text, kept where not given


def test_stages_open_and_close_by_the_national_admin_only(metrics, cycle, people):
    screening = _stage(cycle, "penyaringan")
    with pytest.raises(AccessDenied):
        open_stage(people["kalbar"], stage=screening)
    screening.refresh_from_db()
    assert screening.status == "draft" and entries_of("stage.open") == []

    open_stage(people["nasional"], stage=screening)
    entry = assert_audited("stage.open", people["nasional"])
    assert (entry.action, entry.before["status"], entry.after["status"]) == (
        "stage.open",
        "draft",
        "open",
    )
    with pytest.raises(AccessDenied):
        close_stage(people["kalbar"], stage=screening)
    screening.refresh_from_db()
    assert screening.status == "open"

    # Nobody was nominated: closing the screening is refused until overridden with a reason.
    with pytest.raises(PrecheckFailed, match="Belum ada kandidat"):
        close_stage(people["nasional"], stage=screening)
    close_stage(people["nasional"], stage=screening, override_reason="Uji: tanpa kandidat.")
    entry = assert_audited("stage.close", people["nasional"])
    assert (entry.before["status"], entry.after["status"]) == ("open", "closed")
    assert entry.after["override"]["reason"] == "Uji: tanpa kandidat."
    screening.refresh_from_db()
    assert screening.status == "closed" and screening.closed_at is not None


def test_publishing_a_round_is_opening_its_publication_stage_audited_as_such(cycle, people):
    publication = _stage(cycle, "publikasi")
    with pytest.raises(AccessDenied):
        open_stage(people["kalbar"], stage=publication)
    assert not is_published(cycle, "provinsi")
    with pytest.raises(PrecheckFailed):  # nothing decided: the publication pre-check refuses
        open_stage(people["nasional"], stage=publication)
    assert not is_published(cycle, "provinsi")
    open_stage(people["nasional"], stage=publication, override_reason="Uji publikasi.")
    entry = assert_audited("stage.open", people["nasional"])
    assert entry.action == "results.publish"
    assert (entry.after["kind"], entry.after["level"], entry.after["status"]) == (
        "publikasi",
        "provinsi",
        "open",
    )
    assert is_published(cycle, "provinsi") and not is_published(cycle, "nasional")


# -- nominations ---------------------------------------------------------------------------


@pytest.fixture
def metrics(settings, tmp_path, regions):
    from paritrana.coverage.domain.compute import compute_metrics
    from tests.store_fixture import warm_store

    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)


def test_a_provincial_admin_draws_their_provinces_shortlist(metrics, cycle, screening, people):
    category = _kabkota(cycle)
    with pytest.raises(AccessDenied, match="admin provinsinya"):
        draw_shortlist(people["kalteng"], category=category, province="61", year=2025)
    assert not Nomination.objects.exists() and entries_of("shortlist.draw") == []

    drawn = draw_shortlist(people["kalbar"], category=category, province="61", year=2025)
    assert [n.key for n in drawn] == ["61.04", "61.71"]
    assert {n.created_by for n in drawn} == {people["kalbar"]}
    entry = assert_audited("shortlist.draw", people["kalbar"])
    assert entry.after["nominated"] == ["61.04", "61.71"] and entry.after["province"] == "61"
    # Each nomination is audited too, under the same command.
    per_candidate = AuditEntry.objects.filter(
        command="shortlist.draw", action="nomination.shortlist"
    )
    assert per_candidate.count() == 2

    # A draw that adds no one is still on record.
    assert draw_shortlist(people["nasional"], category=category, province="61", year=2025) == []
    assert assert_audited("shortlist.draw", people["nasional"]).after["nominated"] == []


def test_nominating_by_hand_is_for_the_rounds_provincial_admin_and_the_national_admin(
    cycle, screening, people
):
    category = _kabkota(cycle)
    with pytest.raises(AccessDenied):
        add_nomination(
            people["kalteng"], category=category, province="61", candidate=SAMBAS, reason="usul"
        )
    with pytest.raises(AccessDenied):  # the national round is the national admin's
        add_nomination(
            people["kalbar"],
            category=_kabkota(cycle, "nasional"),
            province="61",
            candidate=SAMBAS,
            reason="usul",
        )
    with pytest.raises(AccessDenied):  # a representative nominates no one
        add_nomination(
            people["sambas"], category=category, province="61", candidate=SAMBAS, reason="usul"
        )
    assert not Nomination.objects.exists() and entries_of("nomination.add") == []

    nomination = add_nomination(
        people["kalbar"],
        category=category,
        province="61",
        candidate=SAMBAS,
        reason="Usulan Disnaker: Perbup baru 2025",
    )
    entry = assert_audited("nomination.add", people["kalbar"])
    assert entry.after["reason"] == "Usulan Disnaker: Perbup baru 2025"
    assert (nomination.name, nomination.source, nomination.status) == (
        "Kabupaten Sambas",
        "manual",
        "nominated",
    )
    national = add_nomination(
        people["nasional"],
        category=_kabkota(cycle, "nasional"),
        province="61",
        candidate=KETAPANG,
        reason="usul",
    )
    assert national.category.level == "nasional"


def test_a_candidate_is_nominated_only_in_its_own_province(cycle, screening, people):
    with pytest.raises(NominationError, match="tidak berada di provinsi 61"):
        add_nomination(
            people["kalbar"],
            category=_kabkota(cycle),
            province="61",
            candidate=Candidate(entity="kabkota", name="Kota Palangka Raya", region_code="62.71"),
            reason="usul",
        )
    assert not Nomination.objects.exists()


def test_removing_a_nominee_is_for_its_rounds_admins(cycle, screening, people):
    nomination = add_nomination(
        people["nasional"], category=_kabkota(cycle), province="61", candidate=SAMBAS, reason="u"
    )
    with pytest.raises(AccessDenied):
        remove_nomination(people["kalteng"], nomination=nomination, reason="data salah")
    nomination.refresh_from_db()
    assert nomination.status == "nominated" and entries_of("nomination.remove") == []

    remove_nomination(people["kalbar"], nomination=nomination, reason="Data belum diverifikasi")
    entry = assert_audited("nomination.remove", people["kalbar"])
    assert (entry.before["status"], entry.after["status"]) == ("nominated", "removed")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.reason) == ("removed", "Data belum diverifikasi")


# -- the candidate's workspace -------------------------------------------------------------


@pytest.fixture
def workspace(cycle, screening, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    nomination = add_nomination(
        people["nasional"], category=_kabkota(cycle), province="61", candidate=KETAPANG, reason="u"
    )
    Representative.objects.create(user=people["ketapang"], nomination=nomination)
    open_stage(
        people["nasional"], stage=candidate_stage(nomination), override_reason="Uji ruang kerja."
    )
    return nomination


OUTSIDERS = ("nasional", "kalbar", "sambas")  # the superuser, its province's admin, another rep


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_representative_saves_answers(workspace, people, who):
    with pytest.raises(AccessDenied, match="tidak mewakili kandidat Kabupaten Ketapang"):
        save_answers(people[who], nomination=workspace, answers={"regulasi": "bukan milik saya"})
    assert not SelfAssessment.objects.exists() and entries_of("workspace.save") == []

    save_answers(people["ketapang"], nomination=workspace, answers={"regulasi": " Perbup 12 "})
    entry = assert_audited("workspace.save", people["ketapang"])
    assert entry.after["answers"] == {"regulasi": "Perbup 12"}
    assert SelfAssessment.objects.get(nomination=workspace).answers == {"regulasi": "Perbup 12"}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_representative_uploads_evidence(workspace, people, who):
    fields = {
        "content": PDF,
        "original_name": "perbup.pdf",
        "kind": "regulasi",
        "title": "Perbup Ketapang",
        "number": "12 Tahun 2025",
        "document_date": dt.date(2025, 3, 1),
    }
    with pytest.raises(AccessDenied):
        add_evidence(people[who], nomination=workspace, **fields)
    assert not Evidence.objects.exists() and entries_of("workspace.add_evidence") == []

    evidence = add_evidence(people["ketapang"], nomination=workspace, **fields)
    entry = assert_audited("workspace.add_evidence", people["ketapang"])
    assert entry.after["title"] == "Perbup Ketapang"
    assert evidence.uploaded_by == people["ketapang"] and evidence.file.read() == PDF


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_representative_submits(workspace, people, who):
    with pytest.raises(AccessDenied):
        submit(people[who], nomination=workspace)
    assert not SelfAssessment.objects.exists() and entries_of("workspace.submit") == []

    submit(people["ketapang"], nomination=workspace)
    entry = assert_audited("workspace.submit", people["ketapang"])
    assert entry.before["submitted_at"] is None and entry.after["submitted_at"]
    assessment = SelfAssessment.objects.get(nomination=workspace)
    assert assessment.submitted_by == people["ketapang"]


def _evidence(workspace, people):
    return add_evidence(
        people["ketapang"],
        nomination=workspace,
        content=PDF,
        original_name="inovasi.pdf",
        kind="inovasi",
        title="Aplikasi BPU desa",
    )


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_representative_removes_evidence_and_it_is_audited(
    workspace, people, who, django_capture_on_commit_callbacks
):
    evidence = _evidence(workspace, people)
    stored = evidence.file.name
    with pytest.raises(AccessDenied):
        remove_evidence(people[who], evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert entries_of("workspace.remove_evidence") == []

    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(people["ketapang"], evidence=evidence)
    entry = assert_audited("workspace.remove_evidence", people["ketapang"])
    assert entry.before["title"] == "Aplikasi BPU desa" and entry.action == "evidence.remove"
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not evidence.file.storage.exists(stored)  # the stored file is gone too


def test_evidence_cannot_be_removed_once_the_self_assessment_is_submitted(workspace, people):
    from paritrana.awards.domain.workspace import WorkspaceError

    evidence = _evidence(workspace, people)
    submit(people["ketapang"], nomination=workspace)
    with pytest.raises(WorkspaceError, match=r"sudah dikirim pada .*tidak dapat dihapus lagi"):
        remove_evidence(people["ketapang"], evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert entries_of("workspace.remove_evidence") == []
