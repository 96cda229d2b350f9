"""The cycle's change history (/sekretariat/<cycle>/riwayat/): every change to the cycle,
newest first, filtered by action and by who did it, 50 to a page. Its workbook, every entry,
is built in the background like the other large workbooks (the page's button asks
/unduhan/ for it). Who may read either is the access policy's (`access.view_audit`: the
national secretariat); the words are `awards.domain.audit_log`'s."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from paritrana.access.policy import require
from paritrana.awards.domain.audit_log import LABELS, choices, entries, lines
from paritrana.awards.models import Cycle
from paritrana.reports.models import ExportKind
from paritrana.web.views.results import refusing

VIEW = "access.view_audit"
PER_PAGE = 50


def _filters(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    commands, actors = choices(cycle)
    command = request.GET.get("tindakan", "")
    actor = request.GET.get("oleh", "")
    return {
        "command": command if command in commands else "",
        "actor": actor if actor in actors else "",
        "commands": sorted(
            ((name, str(LABELS.get(name, name))) for name in commands), key=lambda c: c[1]
        ),
        "actors": actors,
    }


@login_required
@refusing
def audit_log(request: HttpRequest, cycle: int) -> HttpResponse:
    found = get_object_or_404(Cycle, pk=cycle)
    require(request.user, VIEW, found)
    filters = _filters(request, found)
    selected = entries(found, command=filters["command"], actor=filters["actor"])
    page = Paginator(selected, PER_PAGE).get_page(request.GET.get("halaman"))
    query = {k: v for k, v in (("tindakan", filters["command"]), ("oleh", filters["actor"])) if v}
    return render(
        request,
        "web/secretariat/audit_log.html",
        {
            "cycle": found,
            "filters": filters,
            "page": page,
            "lines": lines(page.object_list),
            "query": urlencode(query),
            "export_kind": ExportKind.AUDIT,
        },
    )
