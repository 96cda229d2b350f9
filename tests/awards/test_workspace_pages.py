"""Who sees what in the workspace and the nominee pages."""

from __future__ import annotations

import pytest

from paritrana.access.models import ProvincialAdmin
from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import add_by_hand
from paritrana.awards.domain.stages import open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.domain.workspace import add_evidence, candidate_stage
from paritrana.awards.models import Representative
from tests.evidence_samples import PDF


@pytest.fixture
def cast(regions, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    cycle = create_cycle_from_template(assessment_year=2025)
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    nominees = {
        code: add_by_hand(
            category=category,
            province="61",
            reason="uji",
            candidate=Candidate(entity="kabkota", name=name, region_code=code),
        )
        for code, name in (("61.04", "Kabupaten Ketapang"), ("61.01", "Kabupaten Sambas"))
    }
    open_stage(stage=candidate_stage(nominees["61.04"]))
    users = {}
    for name in ("ketapang", "sambas", "kalbar", "tamu"):
        users[name] = django_user_model.objects.create_user(username=name, password="x-123456")
    Representative.objects.create(user=users["ketapang"], nomination=nominees["61.04"])
    Representative.objects.create(user=users["sambas"], nomination=nominees["61.01"])
    ProvincialAdmin.objects.create(user=users["kalbar"], province="61")
    evidence = add_evidence(
        nomination=nominees["61.04"],
        content=PDF,
        original_name="a.pdf",
        kind="inovasi",
        title="Inovasi",
        user=users["ketapang"],
    )
    return nominees, users, evidence


def test_a_representative_sees_only_their_own_nominee(client, cast):
    nominees, users, evidence = cast
    client.force_login(users["sambas"])
    assert client.get(f"/kandidat/{nominees['61.04'].pk}/").status_code == 403
    assert client.get(f"/bukti/{evidence.pk}/").status_code == 403
    assert client.get("/kandidat/").url == f"/kandidat/{nominees['61.01'].pk}/"
    assert client.get("/seleksi/").status_code == 403


def test_the_selection_team_sees_every_nominee_and_its_files(client, cast):
    nominees, users, evidence = cast
    client.force_login(users["kalbar"])
    html = client.get("/seleksi/").content.decode()
    assert "Kabupaten Ketapang" in html and "Kabupaten Sambas" in html
    response = client.get(f"/bukti/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client.get(f"/kandidat/{nominees['61.04'].pk}/").status_code == 403  # not theirs


def test_an_outsider_sees_nothing(client, cast):
    nominees, users, evidence = cast
    client.force_login(users["tamu"])
    assert client.get(f"/seleksi/{nominees['61.04'].pk}/").status_code == 403
    assert client.get(f"/bukti/{evidence.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/bukti/{evidence.pk}/").url.startswith("/masuk/")


def test_a_representative_sees_their_regions_figures(client, cast):
    nominees, users, _evidence = cast
    client.force_login(users["ketapang"])
    html = client.get(f"/kandidat/{nominees['61.04'].pk}/").content.decode()
    assert 'id="coverage-link" href="/cakupan/61.04/?tahun=2025"' in html
    assert 'id="auto-scores"' in html


def test_an_evidence_file_over_the_limit_is_refused_before_it_is_read(client, cast, settings):
    nominees, users, _evidence = cast
    settings.PARITRANA_MAX_EVIDENCE_MB = 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    from paritrana.awards.models import Evidence

    before = Evidence.objects.count()
    client.force_login(users["ketapang"])
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    response = client.post(
        f"/kandidat/{nominees['61.04'].pk}/",
        {"action": "evidence", "kind": "inovasi", "title": "Besar", "file": big},
    )
    assert response.status_code == 400  # a refused form, said at its field
    assert "Berkas lebih besar dari yang diizinkan." in response.content.decode()
    assert Evidence.objects.count() == before
