"""Background work of the reports app: workbooks too large to build inside a request."""

from __future__ import annotations

from django_tasks import task

from paritrana.reports.models import Export


@task()
def export_task(export_id: int) -> str:
    from paritrana.reports.exports import build_export

    return build_export(Export.objects.get(pk=export_id)).status
