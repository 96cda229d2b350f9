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
from tests.screening import open_screening
from tests.web.forms_html import tag


@pytest.fixture
def cast(regions, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
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


# -- forms people can trust (issue 16) -------------------------------------------------------


def _workspace(client, cast):
    nominees, users, evidence = cast
    client.force_login(users["ketapang"])
    return f"/kandidat/{nominees['61.04'].pk}/", nominees["61.04"], evidence


def test_sending_the_self_assessment_needs_i_am_sure(client, cast):
    from paritrana.awards.models import SelfAssessment

    url, nominee, _evidence = _workspace(client, cast)
    page = client.get(url).content.decode()
    form = page.split('id="submit-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="yakin" value="1" id="yakin" required' in form and "Saya yakin" in form

    refused = client.post(url, {"action": "submit"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="yakin-error">Centang “Saya yakin” dahulu' in html
    assert 'aria-describedby="submit-warning yakin-error"' in html
    assert not SelfAssessment.objects.filter(nomination=nominee, submitted_at__isnull=False)

    assert client.post(url, {"action": "submit", "yakin": "1"}).status_code == 302
    assert SelfAssessment.objects.get(nomination=nominee).submitted_at is not None


def test_an_evidence_error_is_shown_beside_its_field(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url, _nominee, _evidence = _workspace(client, cast)
    upload = SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    html = client.post(
        url,
        {"action": "evidence", "kind": "anggaran", "title": "", "amount": "1,250", "file": upload},
    ).content.decode()
    title = tag(html, "id_title")
    assert "is-invalid" in title and 'aria-describedby="id_title_error"' in title
    error = '<div class="invalid-feedback" id="id_title_error">Bidang ini tidak boleh kosong.</div>'
    assert error in html
    amount = html.split('id="id_amount_error">', 1)[1].split("</div>", 1)[0]
    assert "“1,250” dapat dibaca dua cara" in amount
    summary = html.split('class="alert alert-danger form-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_title"' in summary and 'href="#id_amount"' in summary


def test_evidence_in_indonesian_notation_is_stored_as_rupiah(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from paritrana.awards.models import Evidence

    url, nominee, _evidence = _workspace(client, cast)
    upload = SimpleUploadedFile("apbd.pdf", PDF, "application/pdf")
    post = {"action": "evidence", "kind": "anggaran", "title": "APBD 2025", "file": upload}
    assert client.post(url, {**post, "amount": "Rp 1.250.000.000"}).status_code == 302
    assert Evidence.objects.get(nomination=nominee, title="APBD 2025").amount == 1_250_000_000


def test_evidence_is_removed_until_the_self_assessment_is_sent(client, cast):
    from paritrana.awards.models import AuditEntry, Evidence

    url, _nominee, evidence = _workspace(client, cast)
    page = client.get(url).content.decode()
    assert (
        'name="action" value="remove"' in page and f'name="evidence" value="{evidence.pk}"' in page
    )
    response = client.post(url, {"action": "remove", "evidence": evidence.pk}, follow=True)
    assert "Bukti “Inovasi” sudah dihapus." in response.content.decode()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEntry.objects.get(command="workspace.remove_evidence").before["title"] == "Inovasi"


def test_evidence_sent_cannot_be_removed_and_the_page_says_why(client, cast):
    from paritrana.awards.models import Evidence

    url, _nominee, evidence = _workspace(client, cast)
    client.post(url, {"action": "submit", "yakin": "1"})
    page = client.get(url).content.decode()
    row = page.split(f'name="evidence" value="{evidence.pk}"', 1)[1].split("</form>", 1)[0]
    assert 'disabled aria-describedby="removal-lock"' in row
    reason = page.split('id="removal-lock">', 1)[1].split("</p>", 1)[0]
    assert reason.startswith("Dikirim pada ") and "tidak dapat dihapus lagi" in reason

    refused = client.post(url, {"action": "remove", "evidence": evidence.pk})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Penilaian mandiri sudah dikirim pada" in html and "tidak dapat dihapus lagi" in html
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_another_candidates_evidence_cannot_be_removed_from_this_workspace(client, cast):
    from paritrana.awards.models import Evidence

    nominees, users, evidence = cast
    client.force_login(users["sambas"])
    response = client.post(
        f"/kandidat/{nominees['61.01'].pk}/", {"action": "remove", "evidence": evidence.pk}
    )
    assert response.status_code == 404 and Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_closed_stage_disables_the_buttons_with_the_date(client, cast):
    import datetime as dt

    from django.utils import timezone

    from paritrana.awards.domain.stages import close_stage
    from paritrana.awards.models import Evidence

    url, nominee, evidence = _workspace(client, cast)
    stage = close_stage(stage=candidate_stage(nominee))
    stage.closed_at = timezone.make_aware(dt.datetime(2026, 12, 19, 16))
    stage.starts_on, stage.ends_on = dt.date(2026, 9, 4), dt.date(2026, 10, 3)
    stage.save()
    html = client.get(url).content.decode()
    assert "Tahap ditutup pada 19 Desember 2026." in html.split('id="stage-lock">', 1)[1]
    # The planned dates are said to be the schedule, not a second closing date beside it.
    schedule = html.split('id="stage-schedule">', 1)[1].split("</span>", 1)[0]
    assert schedule == "(jadwal 04/09/2026 – 03/10/2026)", schedule
    submit = html.split('id="submit-form"', 1)[1].split("</form>", 1)[0]
    assert '<fieldset disabled aria-describedby="stage-lock">' in submit
    assert "Tahap ditutup pada 19 Desember 2026." in submit
    assert 'disabled aria-describedby="removal-lock"' in html
    # The server still refuses what a disabled button would have sent.
    assert client.post(url, {"action": "submit", "yakin": "1"}).status_code == 400
    assert client.post(url, {"action": "remove", "evidence": evidence.pk}).status_code == 400
    assert Evidence.objects.filter(pk=evidence.pk).exists()
