"""Confirmation before an irreversible step: a required "I am sure" box, checked by the server.

Sending a self-assessment or a score sheet, publishing a round, confirming the Juara, closing
a stage and removing a candidate from a shortlist cannot be undone. Each of their forms carries
the box (`{% confirm_box %}`); the browser requires it, and the view refuses the step without
it (`confirmed`), so a page without JavaScript, an old form or a hand-made request asks again
instead of acting. The API and the CLI are deliberate calls and ask nothing more.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "yakin"
NOT_CONFIRMED = _("Tick “I am sure” first: this step cannot be undone.")


def confirmed(request: HttpRequest) -> bool:
    """Whether the posted form carries the ticked "I am sure" box."""
    return request.POST.get(CONFIRM_FIELD, "") in {"1", "on", "ya"}
