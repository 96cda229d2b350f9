"""The access policy, in one place: what pages, the API, the CLI, exports, PDFs, the admin and
the commands ask, and nothing else.

- `allowed(actor, "access.<verb>", obj)` / `require(...)` / `denied(...)`: may this actor do
  this to this object (the `rules` predicates of `paritrana.access.rules`), with the reason in
  Bahasa Indonesia when not;
- `visible_nominations`, `judged_nominations`, `visible_panels`, ...: which of many objects the
  actor may see (`paritrana.access.scopes`, checked against `allowed` object by object in
  tests/access/test_scopes.py).

Never ask `user.has_perm` for an `access.*` permission in code: Django answers yes to every
superuser, while some actions belong to one person whoever asks (see `check.allowed`).
"""

from __future__ import annotations

from paritrana.access.check import LOGIN, AccessDenied, allowed, denied, require
from paritrana.access.rules import administered_provinces
from paritrana.access.scopes import judged_nominations, visible_nominations, visible_panels

__all__ = [
    "LOGIN",
    "AccessDenied",
    "administered_provinces",
    "allowed",
    "denied",
    "judged_nominations",
    "require",
    "visible_nominations",
    "visible_panels",
]
