"""The data version, and what readers keep in memory under it.

Every write of award data changes one stamp, in the write's own transaction: every command at
its end (`paritrana.commands.registry`), an audit entry written outside a command
(`paritrana.awards.domain.audit.log_action`), and the coverage metrics' replacement (they feed
the data-based scores). A reader that computes something expensive from the data alone (the
progress board's figures, a group's ranking, a panel's matrix) keeps it in this process under
the stamp it read before computing (`remembered`): the next write changes the stamp, so a page
never serves figures older than the last committed write it could see.

Why a stamp and not the latest audit entry's id: ids are handed out when an entry is written,
not when its transaction commits, so a reader can see entry 102 committed while entry 101's
data is still on its way, and would keep the old figures under 102 for good. Changing one row
makes the writers commit one after the other and every commit moves the stamp. The stamp is
random rather than counted so a database restored from a backup, or a test's rolled-back
transaction, never meets an older computation under a number it reuses.

What is kept is never a reader's view: who may see what (a province's scope, a conflict of
interest, a role) is applied to the kept object on every request, or is part of its key.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

# Objects kept per process and kind (the `name` given to `remembered`), the least recently read
# dropped first. Each kind has its own room, sized to a national cycle, so that the 380
# assessors' lists do not push the progress board or the rankings out; the panel pages (up to
# 0.6 MB of HTML each, one per team and stage) have less.
LIMIT = 64
LIMITS = {
    # one per seat (the 380 seats of a national cycle)
    "assessor.list": 512,
    "api.tasks": 512,
    "barred": 512,
    "barred.seat": 512,
    # one per group (a category in a province or zone: about 230 in a national cycle)
    "ranking": 256,
    "ranking.today": 256,
    "ranking.rows": 256,
    "panel.tables": 32,
}
_kept: dict[str, OrderedDict[tuple[Hashable, ...], Any]] = {}
_lock = threading.Lock()
_last_stamp: list[int] = [0]


def current() -> int:
    """The stamp now (one query)."""
    from paritrana.versions.models import DataVersion

    stamp = DataVersion.objects.filter(pk=1).values_list("stamp", flat=True).first()
    return int(stamp) if stamp is not None else 0


def moved() -> None:
    """Change the stamp, inside the caller's transaction (call it where the write is made)."""
    from paritrana.versions.models import DataVersion

    stamp = secrets.randbits(62) + 1
    if not DataVersion.objects.filter(pk=1).update(stamp=stamp):
        DataVersion.objects.update_or_create(pk=1, defaults={"stamp": stamp})


_writing: ContextVar[bool] = ContextVar("paritrana_writing", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """A command runs inside: what it reads is computed afresh, never kept (its transaction
    may see its own writes, not committed yet, under the stamp from before them)."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def remembered(
    name: str, key: tuple[Hashable, ...], compute: Callable[[], T], *, stamp: int | None = None
) -> T:
    """`compute()`, kept in this process under (name, key, the stamp) until the data changes.
    The object is shared by every reader with the same key: never change it.

    The stamp is read here, before computing, unless given: a request that builds one kept
    thing from another (a ranking's rows from its ranking) reads it once and passes it to
    both, so nothing computed from older data is ever kept under a newer stamp. (Data newer
    than its stamp may be kept under it: a write that commits meanwhile moves the stamp, so
    only requests that read the stamp before that commit can be given it.)"""
    if _writing.get():
        return compute()
    stamp = current() if stamp is None else stamp
    full = (stamp, *key)
    with _lock:
        if stamp != _last_stamp[0]:  # the data moved: what was kept is of no more use
            _last_stamp[0] = stamp
            for kind in _kept.values():
                for old in [k for k in kind if k[0] != stamp]:
                    del kind[old]
        kind = _kept.setdefault(name, OrderedDict())
        if full in kind:
            kind.move_to_end(full)
            return kind[full]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        kind = _kept.setdefault(name, OrderedDict())
        kind[full] = value
        while len(kind) > LIMITS.get(name, LIMIT):
            kind.popitem(last=False)
    return value


def kept_count(name: str) -> int:
    """How many objects of a kind this process keeps now."""
    with _lock:
        return len(_kept.get(name, ()))


def forget() -> None:
    """Drop everything kept (tests: each starts from an empty memory)."""
    with _lock:
        _kept.clear()
        _last_stamp[0] = 0
