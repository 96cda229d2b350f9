"""A safety net under every log line: numbers shaped like a NIK are masked before any handler
writes them (settings.LOGGING attaches it to every handler).

The code does not log participant data in the first place (imports log where they failed, not
what the file held); this catches what slips through anyway, such as a library's exception
message quoting a line of an uploaded file.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

from paritrana.engine.redact import mask_identifiers


class RedactIdentifiers(logging.Filter):
    """Masks 16-digit numbers in the message, the traceback and the stack of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: let the handler report it as it would
            return True
        masked = mask_identifiers(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so the masked text is what they print.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_identifiers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_identifiers(record.stack_info)
        return True


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes, not the stream of when logging was
    configured: `django.setup()` runs again in each command-line call, and a stream bound then
    (a test's capture, a closed redirect) must not be written to later."""

    def __init__(self, level: int = logging.NOTSET) -> None:
        logging.Handler.__init__(self, level)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:  # StreamHandler.setStream; the stream is not kept
        return None


class OneLineRefusals(logging.Filter):
    """A refusal (a 4xx answer) is logged as one line, without a traceback: a 403 is the access
    rules working, not a fault. Django logs a raised PermissionDenied at WARNING with its whole
    traceback; this keeps the status, the address and who asked (the account's username, or
    "anonymous"), never what was sent. Faults (5xx, and records without a status such as the
    API's "API error on ...") keep their traceback.

    Attached to the loggers themselves (settings.LOGGING), so every handler, and a test's
    capture, sees the shortened record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        if status == 403:
            request = getattr(record, "request", None)
            path = getattr(request, "path", "")
            path = path.encode("unicode_escape").decode("ascii")  # as Django escapes it
            try:
                message = record.getMessage()
            except Exception:
                message = ""
            if record.name == "django.request" or not message:
                message = f"Forbidden (403): {path}"
            record.msg, record.args = f"{message} user={_who(request)}", ()
        return True


def _who(request: Any) -> str:
    user = getattr(request, "user", None)
    if user is None:  # refused before the account was looked up (the CSRF check)
        return "unknown"
    try:
        if user.is_authenticated:
            return str(user.get_username())
    except Exception:  # a session or database that fails here must not lose the log line
        return "unknown"
    return "anonymous"
