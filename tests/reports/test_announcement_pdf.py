"""The public announcement as a PDF: the published rounds' confirmed Juara with the totals as
decided, nothing of an unpublished round, and a 404 with its reason before any publication."""

from __future__ import annotations

import io

from django.test import Client
from pypdf import PdfReader

from paritrana.assessment.models import DecidedRanking, Decision
from paritrana.awards.domain.stages import open_stage
from paritrana.reports.numbers import decimal_id
from tests.assessment import conftest as judging

cast = judging.cast
judged = judging.judged
decided = judging.decided

URL = "/pengumuman/2025/pengumuman.pdf"


def text_of(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_nothing_published_is_a_404_with_its_reason(decided):
    response = Client().get(URL)
    assert response.status_code == 404
    assert "Belum ada hasil" in response.content.decode()
    assert "pengumuman.pdf" not in Client().get("/pengumuman/2025/").content.decode()
    assert Client().get("/pengumuman/1999/pengumuman.pdf").status_code == 404


def test_the_pdf_holds_the_published_juara_with_their_totals(decided):
    open_stage(stage=decided.stage("publikasi"), user=decided.admin)
    # The record as decided is what is published, whatever the scores say later.
    ranking = DecidedRanking.objects.get(category=decided.category, group="61", current=True)
    winners = list(Decision.objects.filter(category=decided.category, group="61").order_by("place"))
    assert [d.nomination.name for d in winners] == ["Kabupaten Ketapang", "Kota Pontianak"]
    assert [d.ranking_id for d in winners] == [ranking.pk, ranking.pk]

    response = Client().get(URL)  # public: no login
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Pengumuman resmi" in text
    assert "Pemenang Paritrana Award 2026" in text
    assert "Kalimantan Barat" in text
    for decision, label in zip(winners, ["Juara I", "Juara II"], strict=True):
        assert f"{label} {decision.nomination.name} {decimal_id(decision.total, 2)}" in text
    assert "Hasil babak ini belum diumumkan." in text  # the national round is not published
    assert "penilai_a" not in text  # never the assessors

    page = Client().get("/pengumuman/2025/").content.decode()
    assert 'href="/pengumuman/2025/pengumuman.pdf"' in page
