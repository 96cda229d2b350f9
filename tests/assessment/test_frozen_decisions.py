"""Decisions are frozen (issue 13, item 1): once the Juara are confirmed, every reader shows the
ranking as decided, whatever is imported or recomputed later; the panel sees the drift; a
re-decision with a reason makes a new version, announced as a correction."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from paritrana.assessment.domain.decided import DecidedResult, ranking_of, thaw
from paritrana.assessment.domain.results import compute
from paritrana.assessment.models import DecidedRanking, Decision
from paritrana.commands.decisions import redecide_juara
from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.domain.imports import queue_import
from paritrana.reports.candidate_report import candidate_report_pdf
from paritrana.reports.provincial_summary import provincial_summary_pdf

# The reproduction's five 2025 targets for Kalimantan Barat's kab/kota.
TARGETS = b"region_code,year,target_pct\n61.01,2025,45.5\n61.04,2025,50\n61.71,2025,40.25\n"
TARGETS += b"61.05,2025,70\n61.72,2025,35\n"
PUBLIC = "/pengumuman/2025/provinsi/pemda-kabkota/61/"


def id_number(value: float) -> str:
    """66.9216 -> "66,92", as the pages and PDFs write it."""
    return f"{value:.2f}".replace(".", ",")


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def import_targets_and_recompute(cast) -> None:
    """As the data officer would: import the targets, then "Hitung 2025"."""
    record = queue_import(
        uploaded=SimpleUploadedFile("target.csv", TARGETS), kind="targets", user=cast.admin
    )
    record.refresh_from_db()
    assert record.status == "imported", record.message
    compute_metrics(year=2025)


@pytest.fixture
def drifted(decided):
    """Decided, published, and then the data changed under the decision."""
    cast = decided
    cast.open("publikasi")
    cast.decided_total = compute(category=cast.category, group="61").row(cast.ketapang).total
    import_targets_and_recompute(cast)
    cast.today_total = compute(category=cast.category, group="61").row(cast.ketapang).total
    # The new targets do change today's computation (else this test could not fail).
    assert id_number(cast.today_total) != id_number(cast.decided_total)
    return cast


def _cells(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


def test_every_reader_shows_the_decided_total_after_new_data(drifted, client):
    cast = drifted
    decided, today = id_number(cast.decided_total), id_number(cast.today_total)
    assert Decision.objects.get(place=1).total == Decimal(f"{cast.decided_total:.6f}")

    public = client.get(PUBLIC).content.decode()
    juara, ranking = _cells(public, "juara"), _cells(public, "ranking")
    assert decided in juara and decided in ranking
    assert today not in ranking

    api = client.get("/api/v1/hasil/2025/provinsi/pemda-kabkota/61").json()
    [first] = [r for r in api["ranking"] if r["name"] == "Kabupaten Ketapang"]
    assert first["total"] == pytest.approx(cast.decided_total, abs=1e-9)
    assert api["winners"][0]["total"] == pytest.approx(cast.decided_total, abs=5e-4)

    client.force_login(cast.secretary.user)
    page = client.get(f"/hasil/{cast.category.pk}/61/").content.decode()
    row = page.split(f'data-nomination="{cast.ketapang.pk}"', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'class="num final total">' + re.escape(decided), row)
    ranked = client.get(f"/api/v1/penilaian/hasil/{cast.category.pk}/61").json()
    assert ranked["decided_version"] == 1
    assert ranked["rows"][0]["total"] == pytest.approx(cast.decided_total, abs=1e-9)

    workbook = client.get(reverse("web:ranking_xlsx", args=[cast.category.pk, "61"]))
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content))["Peringkat"]
    header = [cell.value for cell in sheet[1]]
    values = {r[header.index("Kandidat")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    ranked_total = values["Kabupaten Ketapang"][header.index("Nilai yang diperingkat")]
    assert ranked_total == pytest.approx(cast.decided_total, abs=1e-9)

    report = pdf_text(candidate_report_pdf(nomination=cast.ketapang, reader=cast.admin))
    assert decided in report and today not in report
    summary = pdf_text(provincial_summary_pdf(cycle=cast.cycle, province="61", user=cast.admin))
    assert decided in summary and today not in summary


def test_the_record_gives_back_the_ranking_exactly_as_decided(decided):
    cast = decided
    at_decision = compute(category=cast.category, group="61")
    record = DecidedRanking.objects.get(category=cast.category, group="61")
    assert (record.version, record.current, record.decided_by) == (1, True, cast.chair.user)
    assert record.rules["robustness_band"] == "0.20"  # decimals as written
    assert list(Decision.objects.values_list("ranking", flat=True)) == [record.pk, record.pk]
    frozen = thaw(DecidedRanking.objects.get(pk=record.pk))
    assert frozen.rows == at_decision.rows  # every total, robustness figure, tie-break, place
    for nomination in (cast.ketapang, cast.pontianak):
        assert frozen.explain(nomination) == at_decision.explain(nomination)
        assert frozen.auto[nomination.pk] == at_decision.auto[nomination.pk]
    assert frozen.alpha == at_decision.alpha and frozen.shares == at_decision.shares
    assert [c.code for c in frozen.criteria] == [c.code for c in at_decision.criteria]


def test_the_panel_sees_the_drift_with_the_differences(drifted, client):
    cast = drifted
    url = f"/hasil/{cast.category.pk}/61/"
    for user in (cast.chair.user, cast.secretary.user, cast.admin):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert 'id="drift"' in html, user
        table = _cells(html, "drift-table")
        line = table.split("Kabupaten Ketapang", 1)[1].split("</tr>", 1)[0]
        assert id_number(cast.decided_total) in line and id_number(cast.today_total) in line
    client.force_login(cast.a.user)  # an assessor sees the decided ranking, no notice
    html = client.get(url).content.decode()
    assert 'id="decided-note"' in html and 'id="drift"' not in html


def test_no_drift_notice_while_the_data_agree(decided, client):
    client.force_login(decided.chair.user)
    html = client.get(f"/hasil/{decided.category.pk}/61/").content.decode()
    assert 'id="decided-note"' in html and 'id="drift"' not in html


def test_a_redecision_makes_version_2_and_the_public_page_shows_the_correction(drifted, client):
    cast = drifted
    reason = "Target cakupan 2025 diimpor setelah keputusan; peringkat dihitung ulang."
    redecide_juara(
        cast.chair.user,
        category=cast.category,
        group="61",
        chosen=[row.nomination for row in compute(category=cast.category, group="61").top(2)],
        reason=reason,
    )
    first, second = DecidedRanking.objects.filter(category=cast.category).order_by("version")
    assert (first.version, first.current, first.superseded_by) == (1, False, second)
    assert (second.version, second.current, second.reason) == (2, True, reason)
    ketapang_then = next(r for r in first.rows if r["nomination"] == cast.ketapang.pk)
    assert ketapang_then["total"] == cast.decided_total  # version 1 kept as it was
    assert set(Decision.objects.values_list("ranking", flat=True)) == {second.pk}

    result = ranking_of(cast.category, "61")
    assert isinstance(result, DecidedResult) and result.decided == second
    assert result.row(cast.ketapang).total == pytest.approx(cast.today_total)

    html = client.get(PUBLIC).content.decode()
    day = timezone.localtime(second.decided_at)
    months = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
    month = (months + "Desember").split()[day.month - 1]
    assert f"Dikoreksi pada {day.day} {month} {day.year}: {reason}" in html
    assert id_number(cast.today_total) in _cells(html, "ranking")
    api = client.get("/api/v1/hasil/2025/provinsi/pemda-kabkota/61").json()
    assert [(c["version"], c["reason"]) for c in api["corrections"]] == [(2, reason)]


def test_confirming_a_decided_group_again_needs_a_reason(decided):
    from paritrana.assessment.domain.decisions import DecisionRefused, confirm

    cast = decided
    with pytest.raises(DecisionRefused, match=r"sudah diputuskan .* alasan wajib diisi"):
        confirm(
            category=cast.category,
            group="61",
            chosen=[cast.ketapang, cast.pontianak],
            user=cast.chair.user,
        )
    assert DecidedRanking.objects.get().version == 1


def test_the_chair_decides_again_on_the_results_page_with_a_reason(drifted, client):
    cast = drifted
    url = f"/hasil/{cast.category.pk}/61/"
    client.force_login(cast.chair.user)
    html = client.get(url).content.decode()
    assert 'id="confirm-form"' in html and 'id="redecide-note"' in html
    today = [row.nomination.pk for row in compute(category=cast.category, group="61").top(2)]
    choice = {"juara-1": today[0], "juara-2": today[1], "yakin": "1"}
    refused = client.post(url, choice).content.decode()
    assert "alasan wajib diisi" in refused
    assert DecidedRanking.objects.get().version == 1
    response = client.post(url, {**choice, "reason": "Target cakupan diperbarui."})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'id="versions"' in html and "Target cakupan diperbarui." in html
    assert 'id="drift"' not in html  # decided again on today's data
    assert DecidedRanking.objects.get(current=True).version == 2


def _shown(score: float | None) -> str:
    return "-" if score is None else id_number(score)


def _auto_scores(html: str) -> list[str]:
    """The score column of the "scored automatically" table, as the page writes it."""
    return re.findall(r'<td class="num">([^<]*)</td>', _cells(html, "auto-scores"))


def test_the_candidate_and_the_panel_read_the_data_scores_as_decided(
    drifted, client, django_user_model
):
    from paritrana.assessment.domain.results import candidate_scores
    from paritrana.awards.models import Representative

    cast = drifted
    record = DecidedRanking.objects.get(current=True, group="61")
    [row] = [r for r in record.rows if r["nomination"] == cast.ketapang.pk]
    decided = [_shown(d["score"]) for d in row["data"]]
    today = [_shown(s.score) for s in candidate_scores(cast.ketapang)]
    assert decided != today  # the new targets moved today's figures (else this could not fail)

    person = django_user_model.objects.create_user("wakil_ketapang", password="x-123456")
    Representative.objects.create(user=person, nomination=cast.ketapang)
    client.force_login(person)
    html = client.get(f"/kandidat/{cast.ketapang.pk}/").content.decode()
    assert _auto_scores(html) == decided
    assert 'id="scores-decided"' in html and "Sebagaimana diputuskan pada" in html

    client.force_login(cast.a.user)  # an assessor of the team, on the candidate's page
    html = client.get(f"/seleksi/{cast.ketapang.pk}/").content.decode()
    assert _auto_scores(html) == decided


def test_before_the_decision_the_data_scores_are_todays(judged, client):
    from paritrana.assessment.domain.results import candidate_scores

    client.force_login(judged.a.user)
    html = client.get(f"/seleksi/{judged.ketapang.pk}/").content.decode()
    today = [_shown(s.score) for s in candidate_scores(judged.ketapang)]
    assert today and _auto_scores(html) == today
    assert 'id="scores-decided"' not in html


def test_the_juara_are_not_confirmed_on_a_ranking_that_changed_after_the_page_showed_it(
    judged, client
):
    from tests.assessment.conftest import confirmation, ranking_url

    cast = judged
    client.force_login(cast.chair.user)
    page = client.get(ranking_url(cast)).content.decode()
    [shown] = re.findall(r'name="ranking" value="(\w+)"', page)
    before = compute(category=cast.category, group="61").row(cast.ketapang).total
    import_targets_and_recompute(cast)  # new figures while the chair reads the page
    now = compute(category=cast.category, group="61").row(cast.ketapang).total
    assert id_number(now) != id_number(before)

    sent = {**confirmation(cast.ketapang, cast.pontianak), "ranking": shown}
    page = client.post(ranking_url(cast), sent, follow=True).content.decode()
    assert "Peringkat berubah sejak halaman ini dibuka" in page
    assert not Decision.objects.exists() and not DecidedRanking.objects.exists()

    # The page now shows today's ranking; confirmed on it, the decision stores today's totals.
    [shown] = re.findall(r'name="ranking" value="(\w+)"', page)
    sent = {**confirmation(cast.ketapang, cast.pontianak), "ranking": shown}
    client.post(ranking_url(cast), sent)
    first = Decision.objects.get(place=1)
    assert first.nomination == cast.ketapang
    assert first.total == Decimal(f"{now:.6f}")
