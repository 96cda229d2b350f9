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
