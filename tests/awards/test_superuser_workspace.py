"""Issue 13, item 5: a candidate's self-assessment and evidence belong to its representative.

A superuser is the national admin and may review every candidate, but Django's `has_perm`
answers yes to a superuser for every permission, so the workspace took their answers, files
and submission for someone else's candidate. The rules themselves decide now: a superuser who
represents no candidate gets 403 and nothing changes.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import add_by_hand
from paritrana.awards.domain.stages import open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.domain.workspace import candidate_stage, save_answers
from paritrana.awards.models import AuditEntry, Evidence, Representative, SelfAssessment
from tests.evidence_samples import PDF
from tests.screening import open_screening


@pytest.fixture
def ketapang(regions, django_user_model, settings, tmp_path):
    """Ketapang nominated, its self-assessment stage open, one answer saved by its
    representative."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
    nomination = add_by_hand(
        category=cycle.categories.get(level="provinsi", code="pemda-kabkota"),
        candidate=Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04"),
        province="61",
        reason="uji",
    )
    open_stage(stage=candidate_stage(nomination))
    representative = django_user_model.objects.create_user(username="ketapang", password="x-1234")
    Representative.objects.create(user=representative, nomination=nomination)
    save_answers(nomination=nomination, answers={"regulasi": "Perbup 12/2025"}, user=representative)
    return nomination


def _state(nomination):
    assessment = SelfAssessment.objects.get(nomination=nomination)
    return (
        assessment.answers,
        assessment.submitted_at,
        Evidence.objects.count(),
        AuditEntry.objects.count(),
    )


POSTS = {
    "answers": lambda: {"action": "answers", "answer-regulasi": "Ditulis oleh admin"},
    "evidence": lambda: {
        "action": "evidence",
        "kind": "inovasi",
        "title": "Bukti dari admin",
        "file": SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
    },
    "submit": lambda: {"action": "submit", "yakin": "1"},
}


@pytest.mark.parametrize("action", sorted(POSTS))
def test_a_superuser_cannot_write_another_candidates_workspace(
    client, admin_user, ketapang, action
):
    before = _state(ketapang)
    client.force_login(admin_user)
    response = client.post(f"/kandidat/{ketapang.pk}/", POSTS[action]())
    assert response.status_code == 403
    assert "Anda tidak mewakili kandidat Kabupaten Ketapang" in response.content.decode()
    assert _state(ketapang) == before
    assert _state(ketapang)[0] == {"regulasi": "Perbup 12/2025"}


def test_the_representative_still_writes_their_own(client, ketapang):
    client.force_login(Representative.objects.get(nomination=ketapang).user)
    response = client.post(f"/kandidat/{ketapang.pk}/", POSTS["answers"]())
    assert response.status_code == 302
    assert SelfAssessment.objects.get(nomination=ketapang).answers == {
        "regulasi": "Ditulis oleh admin"
    }


def test_the_api_has_no_way_around_it(client, admin_user, ketapang):
    """The API offers candidates to read only: no operation writes a workspace, and a write
    sent to a candidate changes nothing."""
    client.force_login(admin_user)
    schema = client.get("/api/v1/openapi.json").json()
    writes = [
        (path, method)
        for path, operations in schema["paths"].items()
        if "/kandidat" in path
        for method in operations
        if method not in ("get", "head", "options", "parameters")
    ]
    assert writes == []
    before = _state(ketapang)
    for method in ("post", "put", "patch"):
        response = getattr(client, method)(
            f"/api/v1/kandidat/{ketapang.pk}",
            {"answers": {"regulasi": "x"}},
            content_type="application/json",
        )
        assert response.status_code in (401, 403, 405)
    assert _state(ketapang) == before
