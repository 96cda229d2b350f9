"""Background work: imports and computations that outlive a request."""

from __future__ import annotations

from django_tasks import task

from paritrana.coverage.models import DataImport


@task()
def import_task(import_id: int) -> str:
    from paritrana.coverage.domain.imports import run_upload

    return run_upload(DataImport.objects.get(pk=import_id)).status


@task()
def compute_task(year: int, base_kind: str = "sakernas_bekerja") -> int:
    from paritrana.coverage.domain.compute import compute_metrics

    return compute_metrics(year=year, base_kind=base_kind).pk
