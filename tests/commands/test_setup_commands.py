"""The set-up commands of the secretariat's workbench: each run as the national admin with its
audit entry (before and after) checked, a provincial admin refused and nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from paritrana.access.policy import AccessDenied
from paritrana.commands.setup import (
    add_category,
    remove_category,
    rename_cycle,
    schedule_stage,
    update_category,
    update_criterion,
    update_rubric,
)
from tests.commands.audit import assert_audited, entries_of
from tests.secretariat import test_setup_domain

setup_world = test_setup_domain.setup_world  # the fixture

EXERCISED = {
    "category.update",
    "criterion.update",
    "rubric.update",
    "stage.schedule",
    "cycle.rename",
    "category.add",
    "category.remove",
}


def test_category_update_is_audited_with_before_and_after(setup_world):
    w = setup_world
    with pytest.raises(AccessDenied, match="hanya dapat diatur oleh admin nasional"):
        update_category(w.kalbar, category=w.category, name="Kab/Kota")
    assert entries_of("category.update") == []

    update_category(w.admin, category=w.category, name="Kabupaten/Kota", enabled=True, top_n=10)
    entry = assert_audited("category.update", w.admin)
    assert (entry.before["name"], entry.after["name"]) == (
        "Pemerintah Kabupaten/Kota",
        "Kabupaten/Kota",
    )
    assert (entry.before["shortlist"]["top_n"], entry.after["shortlist"]["top_n"]) == (7, 10)
    assert entry.after["shortlist"]["metric"] == "ucj_pct" and entry.cycle == w.cycle


def test_criterion_update_is_audited_and_marks_the_weight_as_chosen(setup_world):
    w = setup_world
    regulasi = w.category.criteria.get(code="regulasi")
    with pytest.raises(AccessDenied):
        update_criterion(w.kalbar, criterion=regulasi, weight="30")
    update_criterion(w.admin, criterion=regulasi, weight="20", name="Regulasi daerah")
    entry = assert_audited("criterion.update", w.admin)
    assert (entry.before["weight"], entry.after["weight"]) == ("25.00", "20.00")
    assert (entry.before["weight_is_assumption"], entry.after["weight_is_assumption"]) == (
        True,
        False,
    )
    assert entry.after["name"] == "Regulasi daerah"


def test_rubric_update_is_audited_with_every_descriptor(setup_world):
    w = setup_world
    inovasi = w.category.criteria.get(code="inovasi")
    with pytest.raises(AccessDenied):
        update_rubric(w.kalbar, criterion=inovasi, descriptors={"5": "x"})
    update_rubric(w.admin, criterion=inovasi, descriptors={"5": "Inovasi direplikasi.", "4": ""})
    entry = assert_audited("rubric.update", w.admin)
    assert entry.after["rubric"]["5"] == "Inovasi direplikasi." and "4" not in entry.after["rubric"]
    assert "4" in entry.before["rubric"]


def test_stage_schedule_is_audited(setup_world):
    w = setup_world
    screening = w.stage("penyaringan")
    with pytest.raises(AccessDenied):
        schedule_stage(w.kalbar, stage=screening, starts_on=None, ends_on=None)
    schedule_stage(
        w.admin, stage=screening, starts_on=dt.date(2026, 2, 2), ends_on=dt.date(2026, 3, 2)
    )
    entry = assert_audited("stage.schedule", w.admin)
    assert (entry.before["ends_on"], entry.after["ends_on"]) == ("2026-02-28", "2026-03-02")


def test_cycle_rename_is_audited(setup_world):
    w = setup_world
    with pytest.raises(AccessDenied):
        rename_cycle(w.kalbar, cycle=w.cycle, name="Paritrana 2026")
    assert entries_of("cycle.rename") == []
    rename_cycle(w.admin, cycle=w.cycle, name="Paritrana 2026")
    entry = assert_audited("cycle.rename", w.admin)
    assert (entry.before["name"], entry.after["name"]) == ("Paritrana Award 2026", "Paritrana 2026")


def test_category_add_and_remove_are_audited(setup_world):
    w = setup_world
    with pytest.raises(AccessDenied):
        add_category(w.kalbar, cycle=w.cycle, level="provinsi", name="Baru", basis=w.category)
    added = add_category(w.admin, cycle=w.cycle, level="provinsi", name="Baru", basis=w.category)
    entry = assert_audited("category.add", w.admin)
    assert entry.after["name"] == "Baru" and entry.cycle == w.cycle
    assert entry.after["criteria"] == w.category.criteria.count()

    with pytest.raises(AccessDenied):
        remove_category(w.kalbar, category=added)
    assert entries_of("category.remove") == []
    remove_category(w.admin, category=added)
    entry = assert_audited("category.remove", w.admin)
    assert entry.before["name"] == "Baru" and entry.after is None
