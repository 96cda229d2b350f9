"""The packaged template's names in the reader's language (issue 16): while a category's or a
criterion's stored name is still the packaged text, an English reader sees its English label and
a Bahasa reader exactly the stored text; a name the secretariat edited is shown as stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from paritrana.assessment.domain.results import NATION, Group
from paritrana.awards.domain.setup import update_category, update_criterion, update_rubric
from paritrana.awards.domain.templates import copy_cycle, create_cycle_from_template, load_template
from paritrana.awards.labels import CATEGORIES, CRITERIA, ZONES, category_label, criterion_label
from paritrana.awards.labels_text import TEXTS, text_label
from paritrana.regions.packaged import zone_rows


def _criteria(specs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for spec in specs:
        found.append((spec["code"], spec["name"]))
        found.extend(_criteria(spec.get("children", [])))
    return found


def _texts(specs: list[dict[str, Any]]) -> list[str]:
    """The criteria's descriptions and rubric descriptors, sub-criteria included."""
    found = []
    for spec in specs:
        found.append(spec.get("description", ""))
        found.extend(spec.get("rubric", {}).values())
        found.extend(_texts(spec.get("children", [])))
    return found


TEMPLATE = load_template()
PACKAGED_CATEGORIES = sorted({(c["code"], c["name"]) for c in TEMPLATE["categories"]})
PACKAGED_CRITERIA = sorted({p for c in TEMPLATE["categories"] for p in _criteria(c["criteria"])})
PACKAGED_TEXTS = sorted(
    (
        {c.get("description", "") for c in TEMPLATE["categories"]}
        | {t for c in TEMPLATE["categories"] for t in _texts(c["criteria"])}
    )
    - {""}
)
PACKAGED_ZONES = sorted({(row["zone_code"], row["zone_name"]) for row in zone_rows()})


@pytest.mark.parametrize(("code", "name"), PACKAGED_CATEGORIES)
def test_every_packaged_category_reads_in_english_and_as_stored_in_bahasa(code, name):
    with translation.override("id"):
        assert category_label(code, name) == name
    with translation.override("en"):
        english = category_label(code, name)
        assert english == str(CATEGORIES[code][1])
    assert english != name


@pytest.mark.parametrize(("code", "name"), PACKAGED_CRITERIA)
def test_every_packaged_criterion_reads_in_english_and_as_stored_in_bahasa(code, name):
    with translation.override("id"):
        assert criterion_label(code, name) == name
    with translation.override("en"):
        english = criterion_label(code, name)
    assert (code, name) in CRITERIA
    if name != "Coverage":  # the same word in both languages
        assert english != name


@pytest.mark.parametrize(("code", "name"), PACKAGED_ZONES)
def test_every_award_zone_reads_in_english_and_as_stored_in_bahasa(code, name):
    group = Group(code, f"Zona {name}")
    assert ZONES[code][0] == group.name
    with translation.override("id"):
        assert group.label == f"Zona {name}"
    with translation.override("en"):
        assert group.label.endswith(" zone") and "Zona" not in group.label


def test_the_nation_and_a_province_as_groups():
    with translation.override("id"):
        assert Group(NATION, "Nasional").label == "Nasional"
    with translation.override("en"):
        assert Group(NATION, "Nasional").label == "National"
        assert Group("61", "Kalimantan Barat").label == "Kalimantan Barat"


def test_a_code_with_another_name_is_not_relabelled():
    """The label belongs to the packaged text, not to the code: another name under the same
    code (a renamed category, a template of another year) is shown as it is."""
    with translation.override("en"):
        assert category_label("pemda-kabkota", "Pemerintah Kota") == "Pemerintah Kota"
        assert criterion_label("inovasi", "Inovasi daerah") == "Inovasi daerah"
        assert category_label("kategori-baru", "Pemerintah Kabupaten/Kota") == (
            "Pemerintah Kabupaten/Kota"
        )


def test_models_show_the_label_and_an_edited_name_as_edited(db):
    cycle = create_cycle_from_template(assessment_year=2025)
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    criterion = category.criteria.get(code="inovasi")
    with translation.override("en"):
        assert category.display_name == "Regency and city governments"
        assert str(category) == "Regency and city governments (Provincial round)"
        assert criterion.display_name == "Innovation" and str(criterion) == "inovasi Innovation"
    with translation.override("id"):
        assert category.display_name == "Pemerintah Kabupaten/Kota" == category.name
        assert criterion.display_name == "Inovasi"

    update_category(category=category, name="Pemkab/Pemkot Teladan")
    update_criterion(criterion=criterion, name="Inovasi layanan")
    category.refresh_from_db()
    criterion.refresh_from_db()
    for language in ("en", "id"):
        with translation.override(language):
            assert category.display_name == "Pemkab/Pemkot Teladan"
            assert criterion.display_name == "Inovasi layanan"

    # A copied cycle keeps the edit, and the names it did not touch still read in English.
    copy = copy_cycle(source=cycle, assessment_year=2026)
    with translation.override("en"):
        names = {c.code: c.display_name for c in copy.categories.filter(level="provinsi")}
        assert names["pemda-kabkota"] == "Pemkab/Pemkot Teladan"
        assert names["usaha-kecil-mikro"] == "Small and micro businesses"
    # The stored names are untouched by reading them in English.
    assert copy.categories.get(level="provinsi", code="usaha-kecil-mikro").name == (
        "Usaha Kecil dan Mikro"
    )


def test_a_cycle_reads_in_english_on_pages_and_as_before_in_bahasa(db):
    cycle = create_cycle_from_template(assessment_year=2025)
    with translation.override("id"):
        assert (
            cycle.display_label
            == cycle.label
            == ("Paritrana Award 2026 (penilaian 2025, penganugerahan 2026)")
        )
    with translation.override("en"):
        assert cycle.display_label == "Paritrana Award 2026 (assessment 2025, ceremony 2026)"
        # official documents, workbooks and the command line keep the Bahasa label
        assert cycle.label == "Paritrana Award 2026 (penilaian 2025, penganugerahan 2026)"


def test_the_template_has_descriptions_and_descriptors_to_translate():
    assert len(PACKAGED_TEXTS) == len(TEXTS) > 30


@pytest.mark.parametrize("text", PACKAGED_TEXTS)
def test_every_packaged_description_and_descriptor_reads_in_english_and_as_stored_in_bahasa(
    text,
):
    assert text in TEXTS, "a packaged text without an English label in awards/labels_text.py"
    with translation.override("id"):
        assert text_label(text) == text
    with translation.override("en"):
        english = text_label(text)
        assert english == str(TEXTS[text])
    assert english != text


def test_models_show_packaged_descriptions_and_descriptors_in_english_and_edited_as_edited(db):
    cycle = create_cycle_from_template(assessment_year=2025)
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    special = cycle.categories.get(level="nasional", code="inovasi-pekerja-rentan")
    criterion = category.criteria.get(code="inovasi")
    regulation = category.criteria.get(code="regulasi")
    with translation.override("en"):
        assert special.display_description == "A special award (source article)."
        assert category.display_description == category.description == ""
        assert regulation.display_description.startswith("Regional bylaws (Perda)")
        assert [r.display_descriptor for r in criterion.rubric.all()][:2] == [
            "No innovation.",
            "An idea for an innovation, not yet put into practice.",
        ]
    with translation.override("id"):
        assert special.display_description == special.description
        assert regulation.display_description == regulation.description
        assert [r.display_descriptor for r in criterion.rubric.all()] == [
            r.descriptor for r in criterion.rubric.all()
        ]

    update_rubric(criterion=criterion, descriptors={"1": "Belum ada inovasi daerah."})
    update_criterion(criterion=regulation, description="Perda tentang Jamsostek.")
    regulation.refresh_from_db()
    for language in ("en", "id"):
        with translation.override(language):
            assert regulation.display_description == "Perda tentang Jamsostek."
            assert criterion.rubric.get(score=1).display_descriptor == "Belum ada inovasi daerah."
    with translation.override("en"):
        assert criterion.rubric.get(score=2).display_descriptor == (
            "An idea for an innovation, not yet put into practice."
        )
    # The stored texts are untouched by reading them in English.
    assert criterion.rubric.get(score=2).descriptor == "Ada gagasan inovasi, belum dilaksanakan."
