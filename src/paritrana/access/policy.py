"""The access policy, in one place: what pages, the API, the CLI, exports, PDFs, the admin and
the commands ask, and nothing else.

- `allowed(actor, "access.<verb>", obj)` / `require(...)` / `denied(...)`: may this actor do
  this to this object (the `rules` predicates of `paritrana.access.rules`), with the reason in
  Bahasa Indonesia when not;
- `visible_nominations`, `judged_nominations`, `visible_panels`, ...: which of many objects the
  actor may see (`paritrana.access.scopes`, checked against `allowed` object by object in
  tests/access/test_scopes.py);
- `barred_nominations`, `awaiting_own_scores`, `visible_rows`: what of a ranking the actor may
  read (a conflict of interest withholds a candidate's scores, comments, breakdown and rank; so
  does an assessor's own sheet for it not sent yet), for the ranking page, its workbook and the
  API alike; `listed_nominations`, `scored_nominations`, `sees_drafts`,
  `exportable_cycles`: what the workbooks hold for them.

Never ask `user.has_perm` for an `access.*` permission in code: Django answers yes to every
superuser, while some actions belong to one person whoever asks (see `check.allowed`).
"""

from __future__ import annotations

from paritrana.access.check import LOGIN, AccessDenied, allowed, denied, require
from paritrana.access.rules import administered_provinces
from paritrana.access.scopes import (
    AWAITING,
    WITHHELD,
    Shown,
    barred_nominations,
    exportable_cycles,
    judged_nominations,
    listed_nominations,
    round_nominations,
    row_as_seen,
    scored_nominations,
    sees_drafts,
    visible_nominations,
    visible_panels,
    visible_rows,
)
from paritrana.assessment.domain.access import awaiting_own_scores

__all__ = [
    "AWAITING",
    "LOGIN",
    "WITHHELD",
    "AccessDenied",
    "Shown",
    "administered_provinces",
    "allowed",
    "awaiting_own_scores",
    "barred_nominations",
    "denied",
    "exportable_cycles",
    "judged_nominations",
    "listed_nominations",
    "require",
    "round_nominations",
    "row_as_seen",
    "scored_nominations",
    "sees_drafts",
    "visible_nominations",
    "visible_panels",
    "visible_rows",
]
