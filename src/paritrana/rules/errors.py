"""The one error type of the rules package."""

from __future__ import annotations

from paritrana.errors import DomainError


class RuleError(DomainError):
    """A rule cannot be applied: bad input, or no rule covers the date.

    The message is in Bahasa Indonesia and names the field and the reason. `field` is the
    English input name (``segment``, ``date``, ``wage``, ``income``, ``contract_value``,
    ``risk``, ``age``, ``discount``, ``bpu_jht``) or None when the fault is in the rules table.
    `reason` is the message without the field's name in front, for a form that shows it beside
    the field under the field's own label (the whole message when no reason was given).
    """

    def __init__(self, message: str, *, field: str | None = None, reason: str = "") -> None:
        super().__init__(message, code="invalid", http_status=422)
        self.field = field
        self.reason = reason or message
