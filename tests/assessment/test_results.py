"""Totals, normalisation, reliability, tie-breaks and robustness of a provincial ranking,
against figures worked by hand."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.conflicts import declare
from paritrana.assessment.domain.results import (
    ResultError,
    RulesLocked,
    compute,
    declare_rules,
    groups,
)
from paritrana.assessment.domain.scores import Entry, save_scores, submit_sheet
from tests.assessment.conftest import nominate


def score(cast, stage, member, nomination, **values):
    assign(stage=stage, member=member, nomination=nomination, user=cast.admin)
    entries = {
        k: Entry(v, "alasan nilai ekstrem" if v in (1, 5) else "") for k, v in values.items()
    }
    save_scores(
        stage=stage, member=member, nomination=nomination, entries=entries, user=member.user
    )
    submit_sheet(stage=stage, member=member, nomination=nomination, user=member.user)


def judge(cast):
    """Two assessors, both candidates, both stages (see the module's hand computation)."""
    verification = cast.open("verifikasi")
    score(cast, verification, cast.a, cast.ketapang, regulasi=4, anggaran=3, inovasi=5)
    score(cast, verification, cast.b, cast.ketapang, regulasi=5, anggaran=3, inovasi=4)
    score(cast, verification, cast.a, cast.pontianak, regulasi=3, anggaran=2, inovasi=3)
    score(cast, verification, cast.b, cast.pontianak, regulasi=4, anggaran=4, inovasi=3)
    interview = cast.open("wawancara")
    score(cast, interview, cast.a, cast.ketapang, pemahaman=4)
    score(cast, interview, cast.b, cast.ketapang, pemahaman=4)
    score(cast, interview, cast.a, cast.pontianak, pemahaman=3)
    score(cast, interview, cast.b, cast.pontianak, pemahaman=5)


def test_assessor_totals_per_stage_and_overall_by_hand(cast):
    judge(cast)
    result = compute(category=cast.category, group="61")
    ketapang = result.row(cast.ketapang)
    # Medians of two scores are their mean. Ketapang: regulasi 4.5, anggaran 3, inovasi 4.5,
    # pemahaman 4 -> on 0..100 (score - 1) / 4: 87.5, 50, 87.5, 75. Shares in the tree:
    # regulasi .25, anggaran .10, inovasi .15, pemahaman .15 (sum .65).
    # Assessor total = (21.875 + 5 + 13.125 + 11.25) / .65 = 78.846...
    assert ketapang.assessor_raw == pytest.approx(51.25 / 0.65)
    # Verification alone: 40 / .5 = 80; interview alone: 75.
    assert ketapang.stage_totals == {"verifikasi": pytest.approx(80.0), "wawancara": 75.0}
    # Data: UCJ 55.97 (share .20), BPU 0 (share .05), growth missing (left out):
    # (.2 * 55.97 + 0) / .25 = 44.776. Final = .35 * 44.776 + .65 * 78.846 = 66.9216.
    assert ketapang.data_total == pytest.approx(44.776)
    assert ketapang.total == pytest.approx(0.35 * 44.776 + 51.25)
    pontianak = result.row(cast.pontianak)
    # Pontianak: 3.5, 3, 3, 4 -> 62.5, 50, 50, 75 -> 39.375 / .65.
    assert pontianak.assessor_raw == pytest.approx(39.375 / 0.65)
    assert result.rows[0].nomination == cast.ketapang
    assert ketapang.assessors == 2


def test_the_breakdown_reaches_every_criterion_and_assessor(cast):
    judge(cast)
    result = compute(category=cast.category, group="61")
    breakdown = result.explain(cast.ketapang)
    regulasi = next(c for c in breakdown.criteria if c.code == "regulasi")
    names = {str(m.pk): m.user.username for m in (cast.a, cast.b)}
    assert {names[k]: v for k, v in regulasi.raw.items()} == {"penilai_a": 4.0, "penilai_b": 5.0}
    assert regulasi.combined_raw == 4.5 and regulasi.percent_raw == 87.5
    assert breakdown.total_raw == pytest.approx(51.25 / 0.65)


def test_normalised_totals_are_shown_beside_the_raw_ones(cast):
    judge(cast)
    row = compute(category=cast.category, group="61").row(cast.ketapang)
    assert row.assessor_normalised is not None
    # B scores higher on average than A, so normalising moves B's scores down and A's up:
    # the figures differ, and both are kept.
    assert row.assessor_normalised != pytest.approx(row.assessor_raw)


def test_mean_instead_of_median_and_a_declared_data_weight(cast):
    declare_rules(
        cycle=cast.cycle,
        level="provinsi",
        method="mean",
        data_weight=0,
        assessor_weight=1,
        user=cast.admin,
    )
    judge(cast)
    row = compute(category=cast.category, group="61").row(cast.ketapang)
    # Two assessors: the mean equals the median; with the data weighted 0, the final total
    # is the assessor total.
    assert row.total == pytest.approx(51.25 / 0.65)


def test_alpha_equals_the_krippendorff_package_on_the_same_data(cast):
    judge(cast)
    result = compute(category=cast.category, group="61")
    # Units = (candidate, criterion) of the verification stage; raters = A, B.
    a = [4, 3, 5, 3, 2, 3]
    b = [5, 3, 4, 4, 4, 3]
    expected = krippendorff.alpha(
        reliability_data=np.array([a, b], dtype=float), level_of_measurement="interval"
    )
    assert result.alpha["verifikasi"] == pytest.approx(expected)
    assert result.alpha["wawancara"] == pytest.approx(
        krippendorff.alpha(
            reliability_data=np.array([[4, 3], [4, 5]], dtype=float),
            level_of_measurement="interval",
        )
    )


def test_high_disagreement_is_flagged(cast):
    declare_rules(cycle=cast.cycle, level="provinsi", disagreement_threshold=12, user=cast.admin)
    judge(cast)
    result = compute(category=cast.category, group="61")
    # Pontianak's spreads (0..100 points, population sd): regulasi 12.5, anggaran 25,
    # inovasi 0, pemahaman 25 -> mean 15.625 > 12; Ketapang: 12.5, 0, 12.5, 0 -> 6.25.
    assert result.row(cast.pontianak).spread == pytest.approx(15.625)
    assert result.row(cast.pontianak).flagged
    assert not result.row(cast.ketapang).flagged


def _tied(cast, rules):
    declare_rules(
        cycle=cast.cycle,
        level="provinsi",
        data_weight=0,
        assessor_weight=1,
        tie_rules=rules,
        user=cast.admin,
    )
    verification = cast.open("verifikasi")
    # Ketapang 75, 0, 50 | 50 -> 33.75; Pontianak 50, 25, 50 | 75 -> 33.75: a tie.
    score(cast, verification, cast.a, cast.ketapang, regulasi=4, anggaran=1, inovasi=3)
    score(cast, verification, cast.a, cast.pontianak, regulasi=3, anggaran=2, inovasi=3)
    interview = cast.open("wawancara")
    score(cast, interview, cast.a, cast.ketapang, pemahaman=3)
    score(cast, interview, cast.a, cast.pontianak, pemahaman=4)
    return compute(category=cast.category, group="61")


def test_a_tie_is_broken_by_the_declared_interview_rule(cast):
    result = _tied(cast, ["total", "criterion:pemahaman", "key"])
    first, second = result.rows
    assert first.total == pytest.approx(second.total)
    assert (first.nomination, second.nomination) == (cast.pontianak, cast.ketapang)
    assert second.broken_by == "criterion:pemahaman"


def test_a_tie_is_broken_by_the_declared_regulation_rule(cast):
    result = _tied(cast, ["total", "criterion:regulasi", "key"])
    assert [r.nomination for r in result.rows] == [cast.ketapang, cast.pontianak]
    assert result.rows[1].broken_by == "criterion:regulasi"


def test_a_tie_on_every_rule_falls_to_the_key_deterministically(cast):
    result = _tied(cast, ["total"])
    assert [r.nomination for r in result.rows] == [cast.ketapang, cast.pontianak]  # 61.04 < 61.71
    assert result.rows[1].broken_by == "key"


def test_rules_cannot_change_once_judging_began(cast):
    with pytest.raises(ResultError, match="tidak dikenal: criterion:tidak-ada"):
        declare_rules(
            cycle=cast.cycle, level="provinsi", tie_rules=["total", "criterion:tidak-ada"]
        )
    cast.open("verifikasi")
    with pytest.raises(RulesLocked, match="sebelum penilaian dimulai"):
        declare_rules(cycle=cast.cycle, level="provinsi", method="mean")


def test_scores_of_a_member_conflicted_after_submitting_are_left_out(cast):
    judge(cast)
    declare(
        member=cast.b,
        nomination=cast.pontianak,
        kind="keluarga",
        reason="Ipar Wali Kota.",
        user=cast.b.user,
    )
    row = compute(category=cast.category, group="61").row(cast.pontianak)
    assert row.assessors == 1
    # A alone: 3, 2, 3 | 3 -> 50, 25, 50, 50 -> (12.5 + 2.5 + 7.5 + 7.5) / .65.
    assert row.assessor_raw == pytest.approx(30 / 0.65)


def test_robustness_is_reported_beside_each_rank(cast):
    judge(cast)
    result = compute(category=cast.category, group="61")
    first, second = result.rows
    # A gap of 10+ points cannot be overturned by weights varying +-20%: every draw keeps
    # Ketapang first and Pontianak second.
    assert (first.rank, first.keep_share, first.top_share) == (1, 1.0, 1.0)
    assert (first.rank_low, first.rank_high) == (1, 1)
    assert (second.rank, second.keep_share, second.rank_low, second.rank_high) == (2, 1.0, 2, 2)


def test_the_national_round_groups_provinces_by_zone(cast):
    provinces = cast.cycle.categories.get(level="nasional", code="pemda-provinsi")
    nominate(provinces, "61", "Provinsi Kalimantan Barat", "61", entity="provinsi")
    nominate(provinces, "64", "Provinsi Kalimantan Timur", "64", entity="provinsi")
    nominate(provinces, "11", "Provinsi Aceh", "11", entity="provinsi")
    found = {g.code: g.name for g in groups(provinces)}
    assert set(found) == {"kalimantan", "sumatera"}
    kabkota = cast.cycle.categories.get(level="nasional", code="pemda-kabkota")
    nominate(kabkota, "61.04", "Kabupaten Ketapang", "61")
    assert [g.code for g in groups(kabkota)] == ["ID"]


def test_the_admin_cannot_change_rules_once_judging_began(cast, client, admin_user):
    rules = declare_rules(cycle=cast.cycle, level="provinsi", user=cast.admin, method="median")
    cast.open("verifikasi")
    client.force_login(admin_user)
    url = f"/admin/assessment/judgingrules/{rules.pk}/change/"
    form = {
        "cycle": cast.cycle.pk,
        "level": "provinsi",
        "method": "mean",
        "tie_rules": '["total"]',
        "disagreement_threshold": "20",
        "robustness_band": "0.2",
        "robustness_draws": "1000",
    }
    # Read-only once judging began, the reason shown; a post is refused.
    page = client.get(url)
    assert not page.context["has_change_permission"]
    assert "sudah dibuka" in page.content.decode()
    assert client.post(url, form).status_code == 403
    rules.refresh_from_db()
    assert rules.method == "median"


@pytest.mark.parametrize(
    ("data_weight", "assessor_weight", "message"),
    [(0, 0, "keduanya nol"), (-1, 2, "negatif"), (1, None, "Isi kedua bobot")],
)
def test_a_combination_that_cannot_be_computed_is_refused(
    cast, data_weight, assessor_weight, message
):
    with pytest.raises(ResultError, match=message):
        declare_rules(
            cycle=cast.cycle,
            level="provinsi",
            data_weight=data_weight,
            assessor_weight=assessor_weight,
        )


def test_reading_a_ranking_writes_nothing(judged, client):
    # The rules no one declared are the defaults, read as such: the first reader does not
    # declare them (nor set when they were declared, which the decision would then store).
    from paritrana.assessment.models import JudgingRules
    from paritrana.awards.models import AuditEntry

    entries = AuditEntry.objects.count()
    client.force_login(judged.chair.user)
    assert client.get(f"/hasil/{judged.category.pk}/61/").status_code == 200
    assert compute(category=judged.category, group="61").rules.tie_rules
    assert not JudgingRules.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_region_without_a_target_is_not_scored_on_it_and_its_pages_open(judged, client):
    # No target imported for Kalimantan Barat nor its kab/kota: the criterion against the target
    # is "not scored" for them (as a missing figure is), and the candidate's page and the group's
    # ranking open (both failed with a server error).
    from paritrana import versions
    from paritrana.coverage.models import RegionMetric

    RegionMetric.objects.filter(region_code__startswith="61").update(target_pct=None)
    versions.moved()
    client.force_login(judged.chair.user)
    page = client.get(f"/seleksi/{judged.ketapang.pk}/")
    assert page.status_code == 200
    assert "tidak ada target -&gt; tidak dinilai" in page.content.decode()
    assert client.get(f"/hasil/{judged.category.pk}/61/").status_code == 200
