"""A cycle's own set-up, beside its stages and categories' fields (`setup`): its name, and the
categories it holds, added and removed by the secretariat on its workbench.

A category is added to a round as a copy of one of the round's categories (who may compete,
the shortlist rule, the criteria tree with weights and rubric), under a name of its own: the
secretariat then narrows who may compete and edits the criteria on the same pages as any other
category. A category is removed only while nothing rests on it: no candidate nominated, no
score, no decision (judging's locks aside: the round's verification not yet opened, the same
rule as every other set-up edit). Otherwise it is taken out of use instead ("Dipakai").

Messages in Bahasa Indonesia (`paritrana.errors`); each verb writes its audit entry.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import audited, log_action, snapshot
from paritrana.awards.domain.setup import SetupError, criteria_lock_reason
from paritrana.awards.domain.templates import copy_criteria
from paritrana.awards.models import Category, Criterion, Cycle
from paritrana.errors import Conflict, Locked

CYCLE_NAME_MAX = 120  # Cycle.name
CATEGORY_NAME_MAX = 160  # Category.name
CODE_MAX = 60  # Category.code


class CategoryInUse(Conflict):
    """A category something rests on (candidates, scores, decisions): not removed."""

    code = "in_use"


def rename_cycle(*, cycle: Cycle, name: str, user: Any = None) -> Cycle:
    """Give the cycle a new name (shown on every page, certificate and document with its
    years)."""
    name = (name or "").strip()
    if not name:
        raise SetupError("name", "Nama siklus wajib diisi.")
    if len(name) > CYCLE_NAME_MAX:
        raise SetupError("name", f"Nama siklus paling panjang {CYCLE_NAME_MAX} karakter.")
    with transaction.atomic(), audited(cycle, user=user, action="cycle.rename", cycle=cycle):
        cycle.name = name
        cycle.save(update_fields=["name"])
    return cycle


def _round_words(level: str) -> str:
    return bahasa(Category(level=level).get_level_display).lower()


def _ensure_round_unlocked(cycle: Cycle, level: str) -> None:
    reason = criteria_lock_reason(cycle, level)
    if reason is not None:
        raise Locked(reason)


def _free_code(cycle: Cycle, level: str, name: str) -> str:
    """A code for the new category made of its name, unique in its round."""
    base = (slugify(name) or "kategori")[: CODE_MAX - 4].strip("-") or "kategori"
    taken = set(Category.objects.filter(cycle=cycle, level=level).values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


def add_category(
    *, cycle: Cycle, level: str, name: str, basis: Category | None, user: Any = None
) -> Category:
    """A new category in the cycle's round `level`, named `name`, copied from `basis` (a
    category of the same round): who may compete, the shortlist rule and the criteria tree."""
    name = (name or "").strip()
    if not name:
        raise SetupError("name", "Nama kategori baru wajib diisi.")
    if len(name) > CATEGORY_NAME_MAX:
        raise SetupError("name", f"Nama kategori paling panjang {CATEGORY_NAME_MAX} karakter.")
    if basis is None or basis.cycle_id != cycle.pk or basis.level != level:
        raise SetupError(
            "basis",
            f"Pilih kategori {_round_words(level)} yang ditiru: siapa yang boleh ikut, aturan "
            "daftar pendek dan kriterianya disalin dari kategori itu.",
        )
    _ensure_round_unlocked(cycle, level)
    same = Category.objects.filter(cycle=cycle, level=level, name__iexact=name).first()
    if same is not None:
        raise SetupError(
            "name", f"Kategori '{same.name}' sudah ada di {_round_words(level)}: pilih nama lain."
        )
    with transaction.atomic():
        last = Category.objects.filter(cycle=cycle).aggregate(last=Max("order"))["last"]
        category = Category.objects.create(
            cycle=cycle,
            level=level,
            code=_free_code(cycle, level, name),
            name=name,
            enabled=True,
            eligibility=dict(basis.eligibility or {}),
            shortlist=dict(basis.shortlist or {}),
            order=(last or 0) + 1,
        )
        copy_criteria(source=basis, into=category)
        after = snapshot(category) | {
            "copied_from": basis.name,
            "criteria": category.criteria.count(),
        }
        log_action(user=user, action="category.add", obj=category, cycle=cycle, after=after)
    return category


def removal_refusal(category: Category) -> str | None:
    """Why the category cannot be removed (Bahasa Indonesia), or None: something rests on it
    (candidates nominated, scores, decisions). Judging's lock is `criteria_lock_reason`."""
    nominated = category.nominations.count()
    scored = Criterion.objects.filter(category=category, scores__isnull=False).exists()
    decided = category.decisions.exists() or category.decided_rankings.exists()
    if not (nominated or scored or decided):
        return None
    what = []
    if nominated:
        what.append(f"{nominated} kandidat dinominasikan")
    if scored:
        what.append("sudah ada nilai")
    if decided:
        what.append("sudah ada keputusan Juara")
    return (
        f"Kategori '{category.name}' tidak dapat dihapus: {', '.join(what)}. "
        "Kategori yang sudah punya kandidat hanya dapat dinonaktifkan (hapus centang "
        "'Dipakai')."
    )


def remove_category(*, category: Category, user: Any = None) -> None:
    """Delete a category, its criteria and rubric, while nothing rests on it."""
    with transaction.atomic():
        category = Category.objects.select_for_update().select_related("cycle").get(pk=category.pk)
        _ensure_round_unlocked(category.cycle, category.level)
        reason = removal_refusal(category)
        if reason is not None:
            raise CategoryInUse(reason)
        before = snapshot(category) | {"criteria": category.criteria.count()}
        log_action(
            user=user, action="category.remove", obj=category, cycle=category.cycle, before=before
        )
        category.delete()
