"""Who acts when nobody is logged in: the operator at the server's command line.

`paritrana coverage import FILE` without `--pengguna` is run by whoever holds a shell on the
server; they can read the database and the store anyway, so the policy treats them as a national
admin (`paritrana.access.rules.national_admin`), and the audit log records them as "operator".
They are not a person of the award: actions that belong to one person (a candidate's
self-assessment, an assessor's score sheet) are refused to them like to anyone else.
"""

from __future__ import annotations

from typing import Any


class Operator:
    """The server's command-line operator (no account)."""

    pk = None
    id = None
    is_active = True
    # Not a logged-in account: nothing looks it up as one (seats, representatives, provinces).
    is_authenticated = False
    is_anonymous = False
    is_superuser = False
    is_staff = False
    is_operator = True
    username = "operator"

    def get_username(self) -> str:
        return self.username

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        # Django's own model permissions (e.g. coverage.add_dataimport): the operator has them.
        return True

    def __str__(self) -> str:
        return "operator (baris perintah)"


OPERATOR = Operator()


def is_operator(user: Any) -> bool:
    return bool(getattr(user, "is_operator", False))
