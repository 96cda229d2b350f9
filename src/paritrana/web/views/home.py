"""A person's own landing page after login (/beranda/, "Beranda saya"): what waits for them, by
role, each with where to go (`paritrana.assessment.domain.waiting`).

What the person oversees (the secretariat's workbench, the progress board and its provinces,
the data imports) is asked of the access policy here and handed to the domain; the rest is
their own seats, representations and confirmations.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from paritrana.access.policy import allowed
from paritrana.assessment.domain.waiting import Oversight, Urgency, sections, waiting_for
from paritrana.commands.progress import progress_scope


def oversight(user: Any) -> Oversight:
    """What the access policy lets `user` oversee."""
    progress = allowed(user, "access.view_progress")
    scope = progress_scope(user) if progress else set()
    return Oversight(
        workbench=allowed(user, "access.view_workbench"),
        progress=progress,
        provinces=None if scope is None else frozenset(scope),
        imports=allowed(user, "access.import_data"),
    )


@login_required
def my_home(request: HttpRequest) -> HttpResponse:
    items = waiting_for(request.user, oversight=oversight(request.user))
    return render(
        request,
        "web/account/home.html",
        {
            "sections": sections(items),
            "late": sum(1 for item in items if item.urgency == Urgency.LATE),
            "soon": sum(1 for item in items if item.urgency == Urgency.SOON),
        },
    )
