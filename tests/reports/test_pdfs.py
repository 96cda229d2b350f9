"""Certificates, the candidate's assessment report and the Sekda's summary as PDFs, read back
with pypdf; who may download them."""

from __future__ import annotations

import datetime as dt
import io
import re
import socket

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image
from pypdf import PdfReader

from paritrana.assessment.domain.decisions import confirm
from paritrana.assessment.domain.interviews import record_attendance, schedule
from paritrana.assessment.domain.panels import create_panel
from paritrana.assessment.domain.results import compute
from paritrana.assessment.models import Decision
from paritrana.awards.domain.stages import close_stage
from paritrana.awards.models import Representative
from paritrana.reports.candidate_report import assessor_label, candidate_report_pdf
from paritrana.reports.certificate_setup import save_wording, template_for
from paritrana.reports.certificates import (
    CertificateError,
    certificate_pdf,
    certificates_pdf,
)
from paritrana.reports.charts import Bar, criterion_bars
from paritrana.reports.models import CertificateTemplate
from paritrana.reports.pdf import OfflineFetcher, html_to_pdf
from paritrana.reports.provincial_summary import provincial_summary_pdf
from tests.assessment import conftest as judging

cast = judging.cast
judged = judging.judged
decided = judging.decided
ASSESSORS = ("penilai_a", "penilai_b", "penilai_ketapang")


def pages(content: bytes) -> list[str]:
    """Each page's text, whitespace collapsed."""
    assert content.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection while building a PDF fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a PDF tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# -- certificates ---------------------------------------------------------------------------


def test_each_confirmed_juara_gets_a_landscape_certificate(decided, no_network):
    cast = decided
    content = certificates_pdf(category=cast.category, group="61")
    first, second = pages(content)
    for expected in (
        "PIAGAM PENGHARGAAN",
        "Kabupaten Ketapang",
        "Juara I ",
        "Pemerintah Kabupaten/Kota",
        "Tingkat Provinsi Kalimantan Barat",
        "Paritrana Award 2026",
        "Menteri Koordinator Bidang Pembangunan Manusia dan Kebudayaan",
        "Direktur Utama BPJS Ketenagakerjaan",
    ):
        assert expected in first, expected
    assert "Kota Pontianak" in second and "Juara II" in second
    assert "Kota Pontianak" not in first
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape


def test_one_decision_gives_one_page(decided):
    decision = Decision.objects.get(category=decided.category, group="61", place=2)
    (page,) = pages(certificate_pdf(decision=decision))
    assert "Juara II" in page and "Kota Pontianak" in page


def test_only_confirmed_juara_get_certificates(judged):
    cast = judged
    with pytest.raises(CertificateError, match=r"Belum ada Juara .* yang dikonfirmasi"):
        certificates_pdf(category=cast.category, group="61")
    unconfirmed = Decision(category=cast.category, group="61", place=1, nomination=cast.ketapang)
    with pytest.raises(CertificateError, match="sudah dikonfirmasi"):
        certificate_pdf(decision=unconfirmed)


def test_an_edited_template_prints_its_own_text_and_signatories(decided):
    cast = decided
    template = template_for(cycle=cast.cycle, level="provinsi")
    template.title = "PIAGAM"
    template.body = (
        "Dengan bangga kepada\n{kandidat}\n"
        "peraih {juara} kategori {kategori} tingkat {tingkat} di {wilayah} tahun {tahun}."
    )
    template.signatory_1_name = "Dr. Rina Wulandari"
    template.signatory_3_name = "Ir. Budi Santoso"
    template.signatory_3_position = "Gubernur Kalimantan Barat"
    template.full_clean()
    template.save()
    first = pages(certificates_pdf(category=cast.category, group="61"))[0]
    assert (
        "peraih Juara I kategori Pemerintah Kabupaten/Kota tingkat Provinsi di Kalimantan Barat "
        "tahun 2026." in first
    )
    assert "Dr. Rina Wulandari" in first and "Ir. Budi Santoso" in first
    assert "Gubernur Kalimantan Barat" in first


@pytest.mark.parametrize(
    "body, shown",
    [
        ("Selamat kepada {pemenang}", "{pemenang}"),
        ("{juara.__class__}", "{juara.__class__}"),
        ("{kandidat!r}", "{kandidat!r}"),
    ],
)
def test_an_unknown_placeholder_is_refused(cast, body, shown):
    template = template_for(cycle=cast.cycle, level="provinsi")
    template.body = body
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    message = refused.value.message_dict["body"][0]
    assert message.startswith(f"Penanda tidak dikenal: {shown}.")
    assert "{juara}, {kandidat}, {kategori}, {wilayah}, {tahun}, {tingkat}" in message


def test_an_unknown_placeholder_stored_behind_the_admin_is_refused_at_printing(decided):
    cast = decided
    save_wording(cycle=cast.cycle, level="provinsi", values={})
    CertificateTemplate.objects.update(body="Kepada {pemenang}")
    with pytest.raises(CertificateError, match=r"Penanda tidak dikenal: \{pemenang\}"):
        certificates_pdf(category=cast.category, group="61")


def test_the_admin_form_refuses_an_unknown_placeholder(cast, client, django_user_model):
    template = save_wording(cycle=cast.cycle, level="provinsi", values={})
    staff = django_user_model.objects.create_superuser("sekretariat", password="rahasia-uji-123")
    client.force_login(staff)
    url = reverse("admin:reports_certificatetemplate_change", args=[template.pk])
    data = {
        "cycle": cast.cycle.pk,
        "level": "provinsi",
        "title": "PIAGAM",
        "issuer": "",
        "body": "Untuk {kandidat} dan {hadiah}",
        "place_and_date": "",
    }
    for n in (1, 2, 3):
        data[f"signatory_{n}_name"] = data[f"signatory_{n}_position"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Penanda tidak dikenal: {hadiah}." in response.content.decode()
    template.refresh_from_db()
    assert "{hadiah}" not in template.body


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (31, 78, 121)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_logo_is_checked_by_content_and_printed(decided, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = decided
    template = template_for(cycle=cast.cycle, level="provinsi")
    template.logo = SimpleUploadedFile("logo.png", b"<svg>not a picture</svg>")
    with pytest.raises(ValidationError, match="PNG atau JPEG"):
        template.full_clean()
    template.logo = SimpleUploadedFile("logo.png", _png())
    template.full_clean()
    template.save()
    content = certificates_pdf(category=cast.category, group="61")
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 1


# -- the candidate's report -----------------------------------------------------------------


def test_the_candidate_report_shows_rank_totals_criteria_and_anonymised_comments(decided):
    cast = decided
    row = compute(category=cast.category, group="61").row(cast.ketapang)
    text = " ".join(pages(candidate_report_pdf(nomination=cast.ketapang, reader=cast.admin)))
    assert "Kabupaten Ketapang" in text and "Juara I" in text
    assert "1 / 2" in text  # rank 1 of 2
    # The hand-computed totals of tests/assessment/test_results.py, written the Indonesian way:
    # final 0.35 * 44.776 + 51.25 = 66.9216, assessors 51.25 / .65 = 78.846, data 44.776.
    assert "66,92" in text and "78,85" in text and "44,78" in text
    assert "Regulasi" in text and "Pemahaman" in text
    assert assessor_label(1) in text and assessor_label(2) in text
    assert assessor_label(3) not in text  # two assessors scored Ketapang
    # Both assessors gave a 5 somewhere, and a 5 needs a comment.
    assert text.count("alasan nilai ekstrem") == 2
    for username in ASSESSORS:
        assert username not in text
    keep = round(row.keep_share * 100)
    assert f"{keep}%" in text


def test_a_sheet_sent_after_the_decision_adds_no_comment_to_the_report(decided):
    # The figures are the decided ones; a sheet sent later is not among them, nor its words.
    import datetime as dt

    from paritrana.assessment.models import DecidedRanking, ScoreSheet

    cast = decided
    decided_at = DecidedRanking.objects.get(current=True).decided_at
    sheet = ScoreSheet.objects.filter(nomination=cast.ketapang).order_by("pk").first()
    ScoreSheet.objects.filter(pk=sheet.pk).update(
        note="Catatan yang dikirim sesudah keputusan.",
        submitted_at=decided_at + dt.timedelta(hours=1),
    )
    text = " ".join(pages(candidate_report_pdf(nomination=cast.ketapang, reader=cast.admin)))
    assert "sesudah keputusan" not in text
    ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at=decided_at)
    text = " ".join(pages(candidate_report_pdf(nomination=cast.ketapang, reader=cast.admin)))
    assert "Catatan yang dikirim sesudah keputusan." in text


def test_the_anonymised_numbering_does_not_follow_the_names(decided):
    """Penilai 1 and 2 follow a keyed hash per candidate, stable between downloads."""
    from paritrana.reports.candidate_report import anonymous_order

    keys = [str(m.pk) for m in (decided.a, decided.b)]
    assert anonymous_order(decided.ketapang, keys) == anonymous_order(decided.ketapang, keys[::-1])


def test_the_chart_draws_bars_to_scale_and_escapes_labels():
    svg = criterion_bars(
        [Bar("Regulasi <b>", 50.0, 75.0), Bar("Anggaran", None, 20.0)],
        candidate_label="Kabupaten Ketapang",
        median_label="median",
        missing_label="tidak ada nilai",
    )
    assert "Regulasi &lt;b&gt;" in svg and "<b>" not in svg
    widths = re.findall(r'<rect x="4" y="\d+" width="([\d.]+)" height="12" fill="#1f4e79"', svg)
    assert widths == ["250.0"]  # 50 of 100 on a 500-wide track; no bar without a score
    assert "tidak ada nilai" in svg and "50,0" in svg and "(75,0)" in svg


# -- the provincial summary -----------------------------------------------------------------


def test_the_summary_lists_the_ranking_team_interviews_and_coverage(decided):
    cast = decided
    interview = cast.stage("wawancara")
    start = timezone.make_aware(dt.datetime(2026, 5, 12, 9, 0))
    first = schedule(stage=interview, nomination=cast.ketapang, starts_at=start, user=cast.admin)
    schedule(
        stage=interview,
        nomination=cast.pontianak,
        starts_at=start + dt.timedelta(minutes=30),
        user=cast.admin,
    )
    record_attendance(
        slot=first, attendance="kepala_hadir", attendee="Bupati Ketapang", user=cast.admin
    )
    text = " ".join(pages(provincial_summary_pdf(cycle=cast.cycle, province="61", user=cast.admin)))
    assert "Kalimantan Barat" in text
    assert text.index("Kabupaten Ketapang") < text.index("Kota Pontianak")
    assert "66,92" in text  # Ketapang's final total
    for member in ("sekda", "kepala_bpjs", "penilai_a", "penilai_b", "penilai_ketapang"):
        assert member in text
    came = gettext(
        "The head of the candidate came in person to %(came)s of %(count)s scheduled interviews."
    ) % {"came": 1, "count": 2}
    assert came in text
    # Kalimantan Barat in tests/store_fixture.py: 3 active of 10 workers, target 59.56%.
    assert "30,00%" in text and "59,56%" in text
    assert "BPS Sakernas: penduduk bekerja" in text


# -- offline --------------------------------------------------------------------------------


def test_no_pdf_reaches_outside(decided, no_network):
    fetcher = OfflineFetcher()
    content = html_to_pdf(
        "<html><head><link rel=stylesheet href='https://cdn.example.com/a.css'>"
        "<style>@import url(http://example.com/b.css);"
        "@font-face { font-family: X; src: url(https://fonts.example.com/x.woff2) }</style>"
        "</head><body style='background: url(file:///etc/passwd)'>"
        "<img src='http://example.com/logo.png'>Piagam</body></html>",
        fetcher=fetcher,
    )
    assert pages(content) == ["Piagam"]
    assert len(fetcher.refused) == 5
    candidate_report_pdf(nomination=decided.ketapang, reader=decided.admin)
    provincial_summary_pdf(cycle=decided.cycle, province="61", user=decided.admin)


# -- downloads ------------------------------------------------------------------------------


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _certificate_url(cast):
    return reverse("web:certificate_pdf", args=[cast.category.pk, "61"])


def _report_url(cast, nomination):
    return reverse("web:candidate_report_pdf", args=[cast.category.pk, "61", nomination.pk])


def _pdf(response, name):
    assert response.status_code == 200, response.content[:400]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content.startswith(b"%PDF-")


def test_certificates_download_for_the_chair_secretary_and_national_admin(decided, client):
    cast = decided
    name = "piagam-pemda-kabkota-kalimantan-barat-2026.pdf"
    for user in (cast.chair.user, cast.secretary.user, cast.admin):
        _pdf(_get(client, user, _certificate_url(cast)), name)
    for user in (cast.a.user, cast.outsider):
        response = _get(client, user, _certificate_url(cast))
        assert response.status_code == 403
        assert "Piagam hanya dapat diunduh" in response.content.decode()


def test_no_certificate_before_the_decision(judged, client):
    response = _get(client, judged.chair.user, _certificate_url(judged))
    assert response.status_code == 404
    assert "Belum ada Juara" in response.content.decode()


def test_the_representative_downloads_the_report_only_after_the_decision(judged, client):
    cast = judged
    representative = cast.outsider
    Representative.objects.create(user=representative, nomination=cast.ketapang)
    response = _get(client, representative, _report_url(cast, cast.ketapang))
    assert response.status_code == 403
    assert "dapat diunduh setelah Juara" in response.content.decode()
    confirm(category=cast.category, group="61", chosen=[cast.ketapang], user=cast.chair.user)
    name = "laporan-penilaian-kabupaten-ketapang-pemda-kabkota-2025.pdf"
    _pdf(_get(client, representative, _report_url(cast, cast.ketapang)), name)
    # Its own report only.
    assert _get(client, representative, _report_url(cast, cast.pontianak)).status_code == 403


def test_a_closed_decision_stage_also_releases_the_report(judged, client):
    cast = judged
    Representative.objects.create(user=cast.outsider, nomination=cast.pontianak)
    close_stage(stage=cast.stage("keputusan"), user=cast.admin)
    response = _get(client, cast.outsider, _report_url(cast, cast.pontianak))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_assigned_assessors_and_the_chair_see_reports_unless_conflicted(judged, client):
    cast = judged
    name = "laporan-penilaian-kota-pontianak-pemda-kabkota-2025.pdf"
    for user in (cast.admin, cast.chair.user, cast.a.user, cast.b.user):
        _pdf(_get(client, user, _report_url(cast, cast.pontianak)), name)
    # A member not assigned to Pontianak does not get its report.
    response = _get(client, cast.ketapang_member.user, _report_url(cast, cast.pontianak))
    assert response.status_code == 403
    assert "penilai yang ditugaskan" in response.content.decode()
    # The member from Kabupaten Ketapang is conflicted with Ketapang.
    response = _get(client, cast.ketapang_member.user, _report_url(cast, cast.ketapang))
    assert response.status_code == 403
    assert "berkonflik kepentingan dengan Kabupaten Ketapang" in response.content.decode()
    response = _get(client, cast.outsider, _report_url(cast, cast.ketapang))
    assert response.status_code == 403
    wrong_group = reverse(
        "web:candidate_report_pdf", args=[cast.category.pk, "63", cast.ketapang.pk]
    )
    assert _get(client, cast.admin, wrong_group).status_code == 404


def test_the_summary_downloads_for_the_panels_managers_only(decided, client):
    cast = decided
    url = reverse("web:provincial_summary_pdf", args=[cast.panel.pk])
    name = "ringkasan-penilaian-provinsi-kalimantan-barat-2025.pdf"
    for user in (cast.chair.user, cast.secretary.user, cast.admin):
        _pdf(_get(client, user, url), name)
    for user in (cast.a.user, cast.outsider):
        assert _get(client, user, url).status_code == 403
    national = create_panel(cycle=cast.cycle, level="nasional", user=cast.admin)
    url = reverse("web:provincial_summary_pdf", args=[national.pk])
    assert _get(client, cast.admin, url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(decided, client):
    response = client.get(_report_url(decided, decided.ketapang))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_the_workspace_links_the_report_once_results_are_released(judged, client):
    cast = judged
    Representative.objects.create(user=cast.outsider, nomination=cast.ketapang)
    client.force_login(cast.outsider)
    workspace = f"/kandidat/{cast.ketapang.pk}/"
    assert 'id="report-link"' not in client.get(workspace).content.decode()
    confirm(category=cast.category, group="61", chosen=[cast.ketapang], user=cast.chair.user)
    page = client.get(workspace).content.decode()
    assert f'href="{_report_url(cast, cast.ketapang)}"' in page
    assert client.get(_report_url(cast, cast.ketapang)).status_code == 200
