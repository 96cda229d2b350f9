"""The certificates' wording set on the secretariat's workbench (/sekretariat/<cycle>/piagam/),
not only in the Django admin: the national admin saves it through `certificate.save`
(audited), the printed certificate says it, a refused field keeps what was typed, the preview
saves nothing, a provincial admin is refused, reading writes nothing, a copied cycle keeps it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from paritrana.awards.models import AuditEntry, Cycle
from paritrana.commands.awards import copy_cycle
from paritrana.reports.certificates import certificates_pdf
from paritrana.reports.models import CertificateTemplate
from tests.assessment import conftest as judging

cast = judging.cast
judged = judging.judged
decided = judging.decided


def _text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def _form(**changes: str) -> dict[str, str]:
    data = {
        "level": "provinsi",
        "action": "save",
        "provinsi-title": "PIAGAM PENGHARGAAN",
        "provinsi-issuer": "Kemenko PMK bersama BPJS Ketenagakerjaan",
        "provinsi-body": "diberikan kepada\n{kandidat}\nsebagai\n{juara}\nKategori {kategori}",
        "provinsi-place_and_date": "Pontianak, 12 Juni 2026",
        "provinsi-signatory_1_name": "Dr. Rina Wulandari",
        "provinsi-signatory_1_position": "Sekretaris Daerah Provinsi Kalimantan Barat",
        "provinsi-signatory_2_name": "",
        "provinsi-signatory_2_position": "Kepala Kantor Wilayah BPJS Ketenagakerjaan",
        "provinsi-signatory_3_name": "",
        "provinsi-signatory_3_position": "",
    }
    data.update(
        {
            f"provinsi-{key}" if key not in ("level", "action") else key: value
            for key, value in changes.items()
        }
    )
    return data


@pytest.fixture
def admin_client(client, decided):
    client.force_login(decided.admin)
    return client


def test_the_secretariat_sets_the_wording_and_the_certificate_prints_it(admin_client, decided):
    url = f"/sekretariat/{decided.cycle.pk}/piagam/"
    page = admin_client.get(url).content.decode()
    assert "Teks piagam" in page and "Tingkat provinsi" in page and "Tingkat nasional" in page
    assert 'id="default-provinsi"' in page  # not saved yet: the defaults print
    assert "Belum ada nama untuk" in page  # the default signatories have no names

    answer = admin_client.post(url, _form())
    assert answer.status_code == 302 and answer["Location"] == url
    saved = CertificateTemplate.objects.get(cycle=decided.cycle, level="provinsi")
    assert saved.signatory_1_name == "Dr. Rina Wulandari"
    assert saved.place_and_date == "Pontianak, 12 Juni 2026"
    entry = AuditEntry.objects.get(command="certificate.save")
    assert entry.user == decided.admin and entry.before is None
    assert entry.after["signatory_1_name"] == "Dr. Rina Wulandari"

    printed = _text(certificates_pdf(category=decided.category, group="61"))
    assert "Dr. Rina Wulandari" in printed and "Pontianak, 12 Juni 2026" in printed
    assert "Sekretaris Daerah Provinsi Kalimantan Barat" in printed
    assert "Kabupaten Ketapang" in printed

    again = admin_client.post(url, _form(signatory_1_name="Ir. Budi Santoso"))
    assert again.status_code == 302
    second = AuditEntry.objects.filter(command="certificate.save").latest("pk")
    assert second.before["signatory_1_name"] == "Dr. Rina Wulandari"
    assert second.after["signatory_1_name"] == "Ir. Budi Santoso"
    assert CertificateTemplate.objects.filter(cycle=decided.cycle).count() == 1


def test_a_refused_field_is_shown_there_with_what_was_typed_and_nothing_is_saved(
    admin_client, decided
):
    url = f"/sekretariat/{decided.cycle.pk}/piagam/"
    answer = admin_client.post(
        url,
        _form(body="Kepada {pemenang}", signatory_3_name="Ir. Budi Santoso"),
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "Penanda tidak dikenal: {pemenang}." in page
    assert "Jabatan penanda tangan ke-3 wajib diisi." in page
    assert "Kepada {pemenang}" in page and 'value="Dr. Rina Wulandari"' in page
    assert not CertificateTemplate.objects.exists()
    assert not AuditEntry.objects.filter(command="certificate.save").exists()


def test_the_preview_prints_what_was_typed_and_saves_nothing(admin_client, decided):
    url = f"/sekretariat/{decided.cycle.pk}/piagam/"
    answer = admin_client.post(url, _form(action="preview"))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    printed = _text(answer.content)
    assert "Dr. Rina Wulandari" in printed and "(nama kandidat)" in printed
    assert "Juara I" in printed and decided.category.name in printed
    assert not CertificateTemplate.objects.exists()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (31, 78, 121)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_logo_is_checked_by_content_then_printed_and_can_be_removed(
    admin_client, decided, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    url = f"/sekretariat/{decided.cycle.pk}/piagam/"
    fake = _form()
    fake["provinsi-logo"] = SimpleUploadedFile("logo.png", b"<svg>bukan gambar</svg>")
    refused = admin_client.post(url, fake)
    assert refused.status_code == 422
    assert "Logo harus berkas PNG atau JPEG" in refused.content.decode()
    assert not CertificateTemplate.objects.exists()

    real = _form()
    real["provinsi-logo"] = SimpleUploadedFile("logo.png", _png())
    assert admin_client.post(url, real).status_code == 302
    content = certificates_pdf(category=decided.category, group="61")
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 1

    assert admin_client.post(url, _form(remove_logo="on")).status_code == 302
    content = certificates_pdf(category=decided.category, group="61")
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 0


def test_a_provincial_admin_may_not_set_the_wording(client, decided, django_user_model):
    from paritrana.access.models import ProvincialAdmin

    kalbar = django_user_model.objects.create_user("admin_kalbar", password="rahasia-uji-123")
    ProvincialAdmin.objects.create(user=kalbar, province="61")
    client.force_login(kalbar)
    url = f"/sekretariat/{decided.cycle.pk}/piagam/"
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert not CertificateTemplate.objects.exists()


def test_printing_a_certificate_writes_nothing(decided):
    # The first print created the round's template row (a write on a read, unaudited).
    before = AuditEntry.objects.count()
    certificates_pdf(category=decided.category, group="61")
    assert not CertificateTemplate.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_copied_cycle_keeps_the_wording_but_not_last_years_date(admin_client, decided):
    url = f"/sekretariat/{decided.cycle.pk}/piagam/"
    assert admin_client.post(url, _form()).status_code == 302
    copied = copy_cycle(
        decided.admin, source=decided.cycle, assessment_year=decided.cycle.assessment_year + 1
    )
    wording = CertificateTemplate.objects.get(cycle=copied, level="provinsi")
    assert wording.signatory_1_name == "Dr. Rina Wulandari"
    assert wording.body.startswith("diberikan kepada")
    assert wording.place_and_date == ""
    assert AuditEntry.objects.filter(command="cycle.copy", action="certificate.copy").exists()
    assert Cycle.objects.count() == 2
