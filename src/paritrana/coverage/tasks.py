"""Background work: imports and computations that outlive a request."""

from __future__ import annotations

from contextlib import nullcontext

from django_tasks import TaskContext, task, task_backends

from paritrana.coverage.models import DataImport


@task()
def import_task(import_id: int) -> str:
    from paritrana.coverage.domain.imports import run_upload

    return run_upload(DataImport.objects.get(pk=import_id)).status


@task(takes_context=True)
def compute_task(context: TaskContext, year: int, base_kind: str = "sakernas_bekerja") -> int:
    """Run by the worker of the database queue, the computation writes a beat while it runs,
    so that one whose worker died on another host is known dead in minutes
    (`compute.settle_interrupted_computations`); run at once (no queue), it needs none."""
    from paritrana.coverage.domain.compute import beating, compute_metrics

    queued = isinstance(task_backends[context.task_result.backend], _database_backend())
    with beating(str(context.task_result.id)) if queued else nullcontext():
        return compute_metrics(year=year, base_kind=base_kind).pk


def _database_backend() -> type:
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return type(None)
    from django_tasks_db.backend import DatabaseBackend

    return DatabaseBackend
