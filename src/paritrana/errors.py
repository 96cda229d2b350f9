"""The one error type of the domain: a refusal that carries its HTTP status, a stable code and
a message for the user in Bahasa Indonesia.

Every layer raises these (or subclasses named in the domain's words), and every interface turns
them into its answer the same way: the API into its JSON error shape with `http_status` and
`code`, a page into the error page or a form message, the CLI into a line on stderr. Nothing
infers a status from Python's built-in exceptions: an `OSError` is a bug (500), never a 403.

No Django here, so the pure packages may use it too.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the rules of the award refuse; `message` says why, in Bahasa Indonesia."""

    http_status: int = 400
    code: str = "refused"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        http_status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if http_status is not None:
            self.http_status = http_status
        self.details = details or {}

    def __str__(self) -> str:
        return self.message


class Forbidden(DomainError):
    """The actor may not do this (the access policy or a rule about who acts)."""

    http_status = 403
    code = "forbidden"


class Missing(DomainError):
    """The thing asked for does not exist (or is not visible to the actor)."""

    http_status = 404
    code = "not_found"


class Conflict(DomainError):
    """The state changed under the caller (a stale version), or the action clashes with it."""

    http_status = 409
    code = "conflict"


class Locked(DomainError):
    """Decided, published or locked by a stage: read-only until an explicit re-decision."""

    http_status = 409
    code = "locked"


class TooLarge(DomainError):
    http_status = 413
    code = "too_large"
