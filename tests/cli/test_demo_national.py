"""The demo's national picture, built by the demo's own functions on a small synthetic year
(20,000 participants over all 38 provinces instead of the demo's 150,000-165,000 a year) and
with only Kalimantan Barat judged through (the demo judges the five Kalimantan provinces):
every province has its team and its shortlist, and every demo account has work waiting."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from rich.console import Console

from paritrana.assessment.models import Assignment, Panel, ScoreSheet
from paritrana.awards.models import Cycle, Evidence, Nomination, Representative, SelfAssessment
from paritrana.cli import demo
from paritrana.cli.demo_judging import groups_to_confirm, open_sheets
from paritrana.coverage.models import DataImport
from paritrana.regions.models import Region


@pytest.fixture
def national(regions, store, settings):
    """`paritrana demo`'s preparation, smaller: accounts, one synthetic year, the cycle."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    demo._ensure_accounts()
    output = io.StringIO()
    console = Console(file=output, width=300)
    demo._ensure_coverage(console, years=((2025, 2, 20_000),))
    demo._ensure_award_cycle(console, ahead=("61",))
    return Cycle.objects.get(assessment_year=2025), output.getvalue()


def test_the_national_picture_holds_and_every_account_has_work(national):
    cycle, output = national
    provinces = set(Region.objects.filter(level="provinsi").values_list("code", flat=True))
    assert len(provinces) == 38

    # Every province has its team, chaired by the Sekda, with a secretary from BPJS.
    panels = Panel.objects.filter(cycle=cycle, level="provinsi")
    assert {p.province for p in panels} == provinces
    for panel in panels:
        chair = panel.members.get(role="ketua")
        assert chair.affiliation == "sekda" and chair.region_code == panel.province
        assert panel.members.get(role="sekretaris").affiliation == "bpjs"
        assert panel.members.count() == 9
    assert panels.get(province="61").members.get(role="ketua").user.username == "ketua-kalbar"

    # Every province has nominees in the kab/kota category, drawn from the coverage metrics.
    kabkota = Nomination.objects.filter(
        category__cycle=cycle, category__level="provinsi", category__code="pemda-kabkota"
    )
    assert set(kabkota.values_list("province", flat=True)) == provinces
    assert all(n.source == "data" and n.basis.startswith("peringkat") for n in kabkota[:50])
    assert "data sintetis" in cycle.name  # the synthetic figures are labelled where shown

    # ketua-kalbar: groups to confirm; penilai-kalbar: open sheets.
    assert groups_to_confirm(cycle, "61")
    assert open_sheets(cycle, "penilai-kalbar", "provinsi")

    # ketapang: its national workspace open, with days left.
    link = Representative.objects.select_related("nomination__category").get(
        user__username="ketapang", nomination__category__level="nasional"
    )
    assert (link.nomination.key, link.nomination.source) == ("61.04", "promosi")  # Juara I
    stage = cycle.stages.get(level="nasional", kind="penilaian_mandiri")
    assert stage.status == "open" and stage.ends_on > timezone.localdate()
    assert not SelfAssessment.objects.filter(
        nomination=link.nomination, submitted_at__isnull=False
    ).exists()

    # juri: national candidates to judge, each with evidence uploaded.
    pending = open_sheets(cycle, "juri", "nasional")
    assert pending
    assert all(Evidence.objects.filter(nomination=a.nomination).exists() for a in pending)
    others = Assignment.objects.filter(stage__cycle=cycle, stage__level="nasional").exclude(
        member__user__username="juri"
    )
    assert (
        ScoreSheet.objects.filter(stage__level="nasional", submitted_at__isnull=False).count()
        == others.count()
    )

    # The slower provinces are still verifying; petugas has the synthetic imports to look at.
    verification = cycle.stages.get(level="provinsi", kind="verifikasi")
    assert verification.status == "open"
    assert DataImport.objects.filter(file_name__startswith="sintetis-").exists()
    assert "38 tim penilai provinsi" in output
