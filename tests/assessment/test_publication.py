"""What the public may see of a cycle's results (assessment.domain.publication)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from paritrana.assessment.domain.publication import (
    FilterError,
    NotPublished,
    PublicationNotFound,
    Ranked,
    is_published,
    published_group,
    published_ranking,
    published_results,
)
from paritrana.assessment.models import Decision
from paritrana.awards.domain.stages import close_stage
from tests.assessment.conftest import nominate


def test_a_round_is_published_while_its_publication_stage_is_open_or_closed(decided):
    cast = decided
    assert not is_published(cast.cycle, "provinsi")
    stage = cast.open("publikasi")
    assert is_published(cast.cycle, "provinsi")
    assert not is_published(cast.cycle, "nasional")  # each round on its own
    close_stage(stage=stage, user=cast.admin)
    assert is_published(cast.cycle, "provinsi")


def test_nothing_is_returned_before_publication(decided):
    cast = decided
    assert published_results(cycle=cast.cycle) == []
    page = published_group(
        cycle=cast.cycle, level="provinsi", category_code="pemda-kabkota", group="61"
    )
    assert (page.published, page.found, page.ranking) == (False, None, ())
    with pytest.raises(NotPublished, match="Hasil belum diumumkan"):
        published_ranking(
            cycle=cast.cycle, level="provinsi", category_code="pemda-kabkota", group="61"
        )


def test_after_publication_the_confirmed_juara_with_their_stored_totals(decided):
    cast = decided
    cast.open("publikasi")
    [group] = published_results(cycle=cast.cycle)
    assert (group.level, group.category_code, group.group, group.group_name, group.zone) == (
        "provinsi",
        "pemda-kabkota",
        "61",
        "Kalimantan Barat",
        "kalimantan",
    )
    # Ketapang's final total, by hand in tests/assessment/test_results.py: .35 x 44.776 + 51.25
    # = 66.9216, stored with three decimals.
    assert [(w.label, w.name) for w in group.winners] == [
        ("Juara I", "Kabupaten Ketapang"),
        ("Juara II", "Kota Pontianak"),
    ]
    assert group.winners[0].total == Decimal("66.921600")  # as ranked, to the millionth


def test_the_public_ranking_holds_rank_name_total_and_place_only(decided):
    cast = decided
    cast.open("publikasi")
    ranking = published_ranking(
        cycle=cast.cycle, level="provinsi", category_code="pemda-kabkota", group="61"
    )
    # Besides the rank, name, total and place: how the name is shown (a village with its
    # kab/kota) and which declared tie-break rule placed it; never an assessor's score.
    assert [f.name for f in dataclasses.fields(Ranked)] == [
        "rank",
        "name",
        "total",
        "place",
        "display_name",
        "broken_by",
        "first_rule",
    ]
    assert [(r.rank, r.name, r.place) for r in ranking] == [
        (1, "Kabupaten Ketapang", "Juara I"),
        (2, "Kota Pontianak", "Juara II"),
    ]
    assert ranking[0].total == pytest.approx(0.35 * 44.776 + 51.25)


def test_unknown_rounds_categories_and_groups_are_not_found(decided):
    cast = decided
    for level, code, group in [
        ("regional", "pemda-kabkota", "61"),
        ("provinsi", "tidak-ada", "61"),
        ("provinsi", "pemda-kabkota", "kalimantan"),  # a zone is no provincial group
        ("nasional", "pemda-provinsi", "61"),  # a province is no national group
    ]:
        with pytest.raises(PublicationNotFound):
            published_group(cycle=cast.cycle, level=level, category_code=code, group=group)


# -- filters ---------------------------------------------------------------------------------


def _national_decisions(cast):
    """National Juara stored as the national jury would confirm them (the national judging
    itself is tested elsewhere): Pemerintah Provinsi per zone, Kalimantan; kab/kota nationally."""
    provinces = cast.cycle.categories.get(level="nasional", code="pemda-provinsi")
    kabkota = cast.cycle.categories.get(level="nasional", code="pemda-kabkota")
    rows = [
        (
            provinces,
            "kalimantan",
            1,
            nominate(provinces, "63", "Provinsi Kalimantan Selatan", "63"),
        ),
        (provinces, "kalimantan", 2, nominate(provinces, "61", "Provinsi Kalimantan Barat", "61")),
        (kabkota, "ID", 1, nominate(kabkota, "32.04", "Kabupaten Bandung", "32")),
        # Ketapang, Juara I of Kalimantan Barat, went on to the national round.
        (kabkota, "ID", 2, kabkota.nominations.get(key="61.04", source="promosi")),
    ]
    for category, group, place, nomination in rows:
        Decision.objects.create(
            category=category,
            group=group,
            place=place,
            nomination=nomination,
            total=Decimal("70.125") - place,
            confirmed_by=cast.admin,
        )
    cast.open("publikasi", level="nasional")


def _shown(groups):
    return [(g.level, g.category_code, g.group) for g in groups]


def test_the_province_filter_keeps_its_own_round_and_groups_it_placed_in(decided):
    cast = decided
    cast.open("publikasi")
    _national_decisions(cast)
    everything = published_results(cycle=cast.cycle)
    assert _shown(everything) == [
        ("provinsi", "pemda-kabkota", "61"),
        ("nasional", "pemda-kabkota", "ID"),
        ("nasional", "pemda-provinsi", "kalimantan"),
    ]
    assert _shown(published_results(cycle=cast.cycle, province="61")) == _shown(everything)
    # Jawa Barat placed only in the national kab/kota category.
    assert _shown(published_results(cycle=cast.cycle, province="32")) == [
        ("nasional", "pemda-kabkota", "ID")
    ]
    assert published_results(cycle=cast.cycle, province="11") == []  # Aceh: nothing


def test_the_zone_filter_keeps_the_zone_its_provinces_and_groups_they_placed_in(decided):
    cast = decided
    cast.open("publikasi")
    _national_decisions(cast)
    assert _shown(published_results(cycle=cast.cycle, zone="kalimantan")) == [
        ("provinsi", "pemda-kabkota", "61"),
        ("nasional", "pemda-kabkota", "ID"),  # Ketapang is Juara II nationally
        ("nasional", "pemda-provinsi", "kalimantan"),
    ]
    assert _shown(published_results(cycle=cast.cycle, zone="jawa-bali")) == [
        ("nasional", "pemda-kabkota", "ID")
    ]
    assert _shown(published_results(cycle=cast.cycle, level="provinsi", zone="jawa-bali")) == []


@pytest.mark.parametrize(
    ("province", "zone", "message"),
    [
        ("99", None, "Provinsi dengan kode '99' tidak ada"),
        (None, "antartika", "Zona 'antartika' tidak dikenal"),
        ("61", "sumatera", "Kalimantan Barat tidak berada di zona Sumatera"),
    ],
)
def test_unknown_or_contradictory_filters_are_refused_in_indonesian(
    decided, province, zone, message
):
    with pytest.raises(FilterError, match=message):
        published_results(cycle=decided.cycle, province=province, zone=zone)


def test_a_group_published_undecided_shows_no_ranking_computed_from_todays_scores(judged, client):
    # Publication opened (with a reason, past the pre-check) before Kalimantan Barat's Juara were
    # confirmed: the group's ranking from today's scores would change under its readers.
    cast = judged
    cast.open("publikasi")
    page = published_group(
        cycle=cast.cycle, level="provinsi", category_code="pemda-kabkota", group="61"
    )
    assert (page.published, page.found, page.ranking) == (True, None, ())
    html = client.get("/pengumuman/2025/provinsi/pemda-kabkota/61/").content.decode()
    assert 'id="not-decided"' in html and 'id="ranking"' not in html
    assert "Kabupaten Ketapang" not in html
    api = client.get("/api/v1/hasil/2025/provinsi/pemda-kabkota/61").json()
    assert api["published"] is True and api["ranking"] == [] and api["winners"] == []


def test_juara_placed_against_the_ranking_are_announced_as_such(judged, client):
    """A 4th-ranked candidate confirmed Juara I was published as Juara I above the ranking's
    first, with no word why (the form had promised the reason would be announced; it is the
    team's record). The page and the announcement PDF now say the team placed its Juara
    otherwise than the final totals' order; in the ranking's order they say nothing."""
    from paritrana.assessment.domain.decisions import confirm
    from paritrana.reports.announcement import announcement_pdf
    from tests.reports.test_pdfs import pages

    cast = judged
    confirm(
        category=cast.category,
        group="61",
        chosen=[cast.pontianak, cast.ketapang],
        user=cast.chair.user,
        reason="Kota Pontianak memperluas kepesertaan pekerja rentan sepanjang tahun.",
    )
    cast.open("publikasi")
    page = published_group(
        cycle=cast.cycle, level="provinsi", category_code="pemda-kabkota", group="61"
    )
    assert [w.name for w in page.found.winners] == ["Kota Pontianak", "Kabupaten Ketapang"]
    assert page.found.departs
    html = client.get("/pengumuman/2025/provinsi/pemda-kabkota/61/").content.decode()
    note = html.split('id="departs">', 1)[1].split("</p>", 1)[0]
    assert "tidak menurut urutan total akhir" in note
    assert "pekerja rentan" not in html  # the reason stays the team's
    api = client.get("/api/v1/hasil/2025/provinsi/pemda-kabkota/61").json()
    assert api["departs_from_ranking"] is True
    text = " ".join(pages(announcement_pdf(cycle=cast.cycle)))
    assert "Kalimantan Barat: tim penilai menetapkan Juara tidak menurut urutan total akhir" in (
        " ".join(text.split())
    )


def test_juara_in_the_rankings_order_need_no_word(decided, client):
    decided.open("publikasi")
    html = client.get("/pengumuman/2025/provinsi/pemda-kabkota/61/").content.decode()
    assert 'id="departs"' not in html


def test_a_cycle_still_being_set_up_is_not_listed_among_the_results(decided, client):
    """The announcements listed a cycle made a minute before, its categories still being
    named, as "belum diumumkan"; it is listed once one of its stages has been opened."""
    from paritrana.awards.models import Cycle

    Cycle.objects.create(assessment_year=2026, ceremony_year=2027, name="Paritrana Award 2027")
    html = client.get("/pengumuman/").content.decode()
    table = html.split('id="cycles"', 1)[1].split("</table>", 1)[0]
    assert "Paritrana Award 2027" not in table and "Paritrana Award 2026" in table
    listed = client.get("/api/v1/hasil/").json()
    assert [c["name"] for c in listed["items"]] == ["Paritrana Award 2026"]
