"""The chair confirms Juara I-III; first place goes on to the national round."""

from __future__ import annotations

import pytest

from paritrana.access.policy import AccessDenied
from paritrana.assessment.domain.conflicts import override
from paritrana.assessment.domain.decisions import DecisionRefused, confirm
from paritrana.assessment.models import Decision
from paritrana.awards.models import AuditEntry, Nomination
from paritrana.commands.decisions import confirm_juara
from tests.assessment.conftest import nominate
from tests.assessment.test_results import judge, score


def test_the_chair_confirms_the_ranking_and_juara_i_is_promoted(judged):
    cast = judged
    decisions = confirm(
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
        user=cast.chair.user,
    )
    assert [(d.place, d.nomination.name, d.computed_rank) for d in decisions] == [
        (1, "Kabupaten Ketapang", 1),
        (2, "Kota Pontianak", 2),
    ]
    promoted = Nomination.objects.get(category__level="nasional", category__code="pemda-kabkota")
    assert (promoted.key, promoted.source, promoted.province) == ("61.04", "promosi", "61")
    assert promoted.basis == "Juara I Provinsi Kalimantan Barat"
    assert AuditEntry.objects.filter(action="nomination.promote").count() == 1


def test_only_the_chair_confirms(judged):
    cast = judged
    for user in (cast.a.user, cast.secretary.user, cast.outsider, cast.admin):
        with pytest.raises(AccessDenied, match="hanya dapat dikonfirmasi oleh ketua"):
            confirm_juara(user, category=cast.category, group="61", chosen=[cast.ketapang])
    assert not Decision.objects.exists()


def test_departing_from_the_ranking_needs_a_reason_and_replaces_the_promoted_winner(judged):
    cast = judged
    confirm(
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
        user=cast.chair.user,
    )
    with pytest.raises(DecisionRefused, match="alasan wajib diisi"):
        confirm(
            category=cast.category,
            group="61",
            chosen=[cast.pontianak, cast.ketapang],
            user=cast.chair.user,
        )
    confirm(
        category=cast.category,
        group="61",
        chosen=[cast.pontianak, cast.ketapang],
        user=cast.chair.user,
        reason="Ketapang terbukti memalsukan dokumen anggaran.",
    )
    assert Decision.objects.get(place=1).nomination == cast.pontianak
    national = Nomination.objects.filter(category__level="nasional")
    assert dict(national.values_list("key", "status")) == {
        "61.04": "removed",
        "61.71": "nominated",
    }


def test_no_decision_outside_the_decision_stage(cast):
    judge(cast)
    with pytest.raises(DecisionRefused, match="tidak sedang dibuka"):
        confirm(category=cast.category, group="61", chosen=[cast.ketapang], user=cast.chair.user)


def test_a_candidate_without_a_final_total_cannot_win(judged):
    cast = judged
    late = nominate(cast.category, "61.02", "Kabupaten Mempawah", "61")
    with pytest.raises(DecisionRefused, match="Mempawah belum memiliki nilai akhir"):
        confirm(category=cast.category, group="61", chosen=[late], user=cast.chair.user, reason="x")


def test_the_secretary_confirms_when_the_chair_is_conflicted_with_a_winner(judged):
    cast = judged
    cast.chair.region_code = "61.04"  # the chair turns out to come from Ketapang
    cast.chair.save()
    with pytest.raises(AccessDenied):
        confirm_juara(
            cast.chair.user,
            category=cast.category,
            group="61",
            chosen=[cast.ketapang, cast.pontianak],
        )
    confirm_juara(
        cast.secretary.user,
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
    )
    # With the conflict overridden, the chair may decide again (a new version, with a reason).
    override(
        member=cast.chair,
        nomination=cast.ketapang,
        reason="Sudah pindah domisili.",
        user=cast.admin,
    )
    confirm_juara(
        cast.chair.user,
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
        reason="Dikonfirmasi ulang oleh ketua setelah konflik dicabut.",
    )
    assert Decision.objects.get(place=1).ranking.version == 2


def test_promoted_winners_are_ranked_nationally(judged, django_user_model):
    from paritrana.assessment.domain.panels import add_member, create_panel
    from paritrana.assessment.domain.results import compute

    cast = judged
    confirm(
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
        user=cast.chair.user,
    )
    national_category = cast.cycle.categories.get(level="nasional", code="pemda-kabkota")
    # A second finalist (with coverage data in the fixture store), nominated by hand.
    nominate(national_category, "61.71", "Kota Pontianak", "61")
    jury = create_panel(cycle=cast.cycle, level="nasional", user=cast.admin)
    juror = add_member(
        panel=jury,
        member_user=django_user_model.objects.create_user("juri"),
        role="ketua",
        affiliation="kemenko",
    )
    verification = cast.open("verifikasi", "nasional")
    promoted = national_category.nominations.get(key="61.04")
    pontianak = national_category.nominations.get(key="61.71")
    score(cast, verification, juror, promoted, regulasi=3, anggaran=3, inovasi=3)
    score(cast, verification, juror, pontianak, regulasi=4, anggaran=4, inovasi=4)
    result = compute(category=national_category, group="ID")
    by_key = {row.nomination.key: row for row in result.rows}
    # Verification only so far (the interview is left out and the weights renormalised):
    # Pontianak .35 * 53.576 + .65 * 75 = 67.5016; Ketapang .35 * 44.776 + .65 * 50 = 48.1716.
    assert by_key["61.71"].total == pytest.approx(67.5016)
    assert by_key["61.04"].total == pytest.approx(48.1716)
    assert [row.nomination.key for row in result.rows] == ["61.71", "61.04"]
    cast.open("keputusan", "nasional")
    confirm(category=national_category, group="ID", chosen=[pontianak, promoted], user=juror.user)
    assert Decision.objects.filter(category=national_category).count() == 2
