"""The secretariat hub's pre-check writes its counts as the progress board does: "1.002 lembar
nilai ... belum dikirim", never "1002 lembar nilai" beside a board that says 1.002."""

from __future__ import annotations

import re

from paritrana.assessment.models import Assignment
from paritrana.awards.models import Nomination
from paritrana.awards.models.nomination import NominationSource
from tests.assessment import conftest as judging

cast = judging.cast  # the judging cast: a national admin, the Kalbar team, two candidates


def test_the_precheck_writes_thousands_with_dots(client, cast):
    stage = cast.open("verifikasi")
    many = Nomination.objects.bulk_create(
        Nomination(
            category=cast.category,
            province="61",
            entity="kabkota",
            key=f"61.04.{i}",
            name=f"Kandidat {i}",
            region_code="61.04",
            source=NominationSource.MANUAL,
        )
        for i in range(1000)
    )
    Assignment.objects.bulk_create(
        Assignment(stage=stage, member=cast.a, nomination=n, method="manual") for n in many
    )
    late = Assignment.objects.filter(stage=stage).count()
    assert late >= 1000
    client.force_login(cast.admin)
    html = client.get(f"/sekretariat/{cast.cycle.pk}/", {"periksa": stage.pk}).content.decode()
    finding = re.search(r'<li data-code="sheets_missing">(.*?)</li>', html, re.S)
    assert finding is not None
    text = " ".join(re.sub(r"<[^>]+>", "", finding.group(1)).split())
    assert text.startswith(f"{late:,}".replace(",", ".") + " lembar nilai"), text
