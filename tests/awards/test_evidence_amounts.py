"""A budget document's amount is whole rupiah within a sane ceiling: a slip of extra zeros or an
amount with sen is refused beside "Jumlah" (and by the domain verb, for every other caller),
never a server error, never rounded in silence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import add_by_hand
from paritrana.awards.domain.stages import open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.domain.workspace import WorkspaceError, add_evidence, candidate_stage
from paritrana.awards.models import Evidence, Representative
from paritrana.commands import awards as commands
from paritrana.errors import DomainError
from tests.evidence_samples import PDF
from tests.screening import open_screening

TOO_LARGE = "Jumlah terlalu besar: paling banyak Rp 999.999.999.999.999."
NO_SEN = "Jumlah ditulis dalam rupiah penuh, tanpa sen"


@pytest.fixture
def ketapang(regions, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    nomination = add_by_hand(
        category=category,
        province="61",
        reason="uji",
        candidate=Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04"),
    )
    open_stage(stage=candidate_stage(nomination))
    user = django_user_model.objects.create_user(username="ketapang", password="x-123456")
    Representative.objects.create(user=user, nomination=nomination)
    return nomination, user


def _post(client, ketapang, amount):
    nomination, user = ketapang
    client.force_login(user)
    upload = SimpleUploadedFile("apbd.pdf", PDF, "application/pdf")
    return client.post(
        f"/kandidat/{nomination.pk}/",
        {
            "action": "evidence",
            "kind": "anggaran",
            "title": "APBD Ketapang 2025",
            "description": "DPA Disnaker",
            "amount": amount,
            "file": upload,
        },
    )


def _amount_error(html: str) -> str:
    return html.split('id="id_amount_error">', 1)[1].split("</div>", 1)[0]


def test_an_amount_beyond_any_apbd_is_refused_beside_its_field(client, ketapang):
    response = _post(client, ketapang, "1.000.000.000.000.000.000.000")
    assert response.status_code == 400
    html = response.content.decode()
    assert TOO_LARGE in _amount_error(html)
    assert 'value="APBD Ketapang 2025"' in html and "DPA Disnaker" in html  # kept as typed
    assert not Evidence.objects.exists()


def test_the_largest_amount_allowed_is_stored(client, ketapang):
    assert _post(client, ketapang, "Rp 999.999.999.999.999").status_code == 302
    assert Evidence.objects.get().amount == 999_999_999_999_999


@pytest.mark.parametrize("typed", ["Rp 1.250.000,50", "Rp 2,50", "1.250.000,5"])
def test_an_amount_with_sen_is_refused_not_rounded(client, ketapang, typed):
    response = _post(client, ketapang, typed)
    assert response.status_code == 400
    assert NO_SEN in _amount_error(response.content.decode())
    assert not Evidence.objects.exists()


def test_zero_sen_is_whole_rupiah(client, ketapang):
    assert _post(client, ketapang, "Rp 1.250.000,00").status_code == 302
    assert Evidence.objects.get().amount == 1_250_000


def test_the_help_text_does_not_invite_sen(client, ketapang):
    nomination, user = ketapang
    client.force_login(user)
    html = client.get(f"/kandidat/{nomination.pk}/").content.decode()
    help_text = html.split('id="id_amount_helptext"', 1)[1].split("</div>", 1)[0]
    assert "1.250.000" in help_text and ",50" not in help_text


def _upload(ketapang, amount):
    nomination, user = ketapang
    return add_evidence(
        nomination=nomination,
        content=PDF,
        original_name="apbd.pdf",
        kind="anggaran",
        title="APBD",
        user=user,
        amount=amount,
    )


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        (10**21, TOO_LARGE),
        (1_000_000_000_000_000, TOO_LARGE),
        (Decimal("1250000.50"), f"{NO_SEN}: Rp 1.250.000,50 memuat sen."),
        (2.5, NO_SEN),
    ],
)
def test_the_domain_verb_refuses_the_same(ketapang, amount, says):
    with pytest.raises(WorkspaceError) as refused:
        _upload(ketapang, amount)
    assert says in refused.value.message
    assert not Evidence.objects.exists()


def test_the_domain_verb_stores_zero_sen_as_whole_rupiah(ketapang):
    assert _upload(ketapang, Decimal("1250000.00")).amount == 1_250_000
    assert Evidence.objects.get().amount == 1_250_000


def test_the_command_refuses_with_a_client_error_not_a_server_error(ketapang):
    nomination, user = ketapang
    with pytest.raises(DomainError) as refused:
        commands.add_evidence(
            user,
            nomination=nomination,
            content=PDF,
            original_name="apbd.pdf",
            kind="anggaran",
            title="APBD",
            amount=10**21,
        )
    assert refused.value.http_status == 400 and TOO_LARGE in refused.value.message
    assert not Evidence.objects.exists()
