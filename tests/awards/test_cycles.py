"""Award cycles from the Paritrana 2025 template: stages, categories, criteria, copying."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from paritrana.awards.domain.templates import (
    CycleExists,
    copy_cycle,
    create_cycle_from_template,
    leaves,
)
from paritrana.awards.models import AuditEntry, Category, Criterion, Stage


@pytest.fixture
def cycle(db, admin_user):
    return create_cycle_from_template(assessment_year=2025, user=admin_user)


def test_a_cycle_is_labelled_by_assessment_and_ceremony_year(cycle):
    assert (cycle.assessment_year, cycle.ceremony_year) == (2025, 2026)
    assert cycle.label == "Paritrana Award 2026 (penilaian 2025, penganugerahan 2026)"


def test_each_level_has_the_six_stages_in_order_with_dates_in_the_ceremony_year(cycle):
    for level in ("provinsi", "nasional"):
        stages = list(cycle.stages.filter(level=level))
        assert [s.kind for s in stages] == [
            "penyaringan",
            "penilaian_mandiri",
            "verifikasi",
            "wawancara",
            "keputusan",
            "publikasi",
        ]
        assert all(s.status == "draft" and s.starts_on.year == 2026 for s in stages)
        assert all(s.starts_on <= s.ends_on for s in stages)
    screening = cycle.stages.get(level="provinsi", kind="penyaringan")
    assert screening.starts_on == dt.date(2026, 2, 1)


def test_the_2025_categories_are_on_and_earlier_variants_ready_to_switch_on(cycle):
    on = {(c.level, c.code) for c in cycle.categories.filter(enabled=True)}
    assert on == {
        ("provinsi", "pemda-kabkota"),
        ("provinsi", "perusahaan-besar-menengah"),
        ("provinsi", "usaha-kecil-mikro"),
        ("provinsi", "pemda-desa"),
        ("nasional", "pemda-kabkota"),
        ("nasional", "perusahaan-besar-menengah"),
        ("nasional", "usaha-kecil-mikro"),
        ("nasional", "pemda-desa"),
        ("nasional", "pemda-provinsi"),
    }
    off = set(cycle.categories.filter(enabled=False).values_list("code", flat=True))
    assert {
        "perusahaan-besar-keuangan",
        "layanan-publik",
        "inovasi-pekerja-rentan",
        "tertib-administrasi",
    } <= off
    assert cycle.categories.get(level="nasional", code="pemda-provinsi").eligibility == {
        "entity": "provinsi",
        "per_zone": True,
    }


def test_the_kabkota_criteria_tree_has_editable_default_weights(cycle):
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    top = {c.code: c.weight for c in category.criteria.filter(parent=None)}
    assert top == {"regulasi": 25, "coverage": 35, "anggaran": 10, "inovasi": 15, "pemahaman": 15}
    coverage = category.criteria.get(code="coverage")
    assert {c.code: c.metric for c in coverage.children.all()} == {
        "ucj": "ucj_pct",
        "pertumbuhan": "change_points",
        "bpu": "bpu_coverage_pct",
    }
    assert all(c.weight_is_assumption for c in category.criteria.all())
    assert category.criteria.get(code="pemahaman").stage == "wawancara"


def test_every_qualitative_leaf_has_a_descriptor_for_every_score_level(cycle):
    for category in cycle.categories.all():
        for criterion in leaves(category):
            if criterion.kind == "kualitatif":
                scores = list(criterion.rubric.values_list("score", flat=True))
                assert scores == [1, 2, 3, 4, 5], (category.code, criterion.code)
            else:
                assert criterion.metric and criterion.function, (category.code, criterion.code)
                assert (criterion.scale_min, criterion.scale_max) == (0, 100)


def test_a_year_can_only_have_one_cycle(cycle):
    with pytest.raises(CycleExists, match="2025 sudah ada"):
        create_cycle_from_template(assessment_year=2025)


def test_a_new_cycle_copies_last_years_including_its_edits(cycle, admin_user):
    edited = Criterion.objects.get(
        category__cycle=cycle,
        category__level="provinsi",
        category__code="pemda-kabkota",
        code="regulasi",
    )
    edited.weight = Decimal("30")
    edited.save()
    Stage.objects.filter(cycle=cycle, level="provinsi", kind="penyaringan").update(status="closed")
    new = copy_cycle(source=cycle, assessment_year=2026, user=admin_user)
    assert (new.assessment_year, new.ceremony_year, new.copied_from) == (2026, 2027, cycle)
    assert new.name == "Paritrana Award 2027"
    copied = Criterion.objects.get(
        category__cycle=new,
        category__level="provinsi",
        category__code="pemda-kabkota",
        code="regulasi",
    )
    assert copied.weight == 30
    assert copied.rubric.count() == 5
    ucj = Criterion.objects.get(
        category__cycle=new, category__level="provinsi", category__code="pemda-kabkota", code="ucj"
    )
    assert ucj.parent.code == "coverage" and ucj.parent.category.cycle == new
    assert set(new.stages.values_list("status", flat=True)) == {"draft"}
    assert new.stages.get(level="provinsi", kind="penyaringan").starts_on == dt.date(2027, 2, 1)
    assert Category.objects.filter(cycle=new).count() == cycle.categories.count()
    assert (
        Criterion.objects.filter(category__cycle=new).count()
        == Criterion.objects.filter(category__cycle=cycle).count()
    )
    entry = AuditEntry.objects.get(action="cycle.copy")
    assert (entry.user, entry.cycle, entry.after) == (admin_user, new, {"copied_from": 2025})


def test_editing_a_weight_in_the_admin_is_audited(cycle, admin_client, admin_user):
    criterion = Criterion.objects.get(
        category__cycle=cycle,
        category__level="provinsi",
        category__code="pemda-kabkota",
        code="inovasi",
    )
    page = admin_client.get(f"/admin/awards/criterion/{criterion.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["weight"] = "20"
    data["params"] = "{}"
    data.update(
        {
            "rubric-TOTAL_FORMS": "5",
            "rubric-INITIAL_FORMS": "5",
            "rubric-MIN_NUM_FORMS": "0",
            "rubric-MAX_NUM_FORMS": "1000",
        }
    )
    for i, level in enumerate(criterion.rubric.all()):
        data.update(
            {
                f"rubric-{i}-id": level.pk,
                f"rubric-{i}-criterion": criterion.pk,
                f"rubric-{i}-score": str(level.score),
                f"rubric-{i}-descriptor": level.descriptor,
            }
        )
    response = admin_client.post(f"/admin/awards/criterion/{criterion.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.change")
    assert (entry.before["weight"], entry.after["weight"]) == ("15.00", "20.00")
    assert entry.user == admin_user and entry.cycle == cycle
