"""Data imports (`access.import_data`): upload a file, then follow its status resource.

The upload is checked and saved, and the import runs as a background task (the same
`queue_import` as the import page): POST answers 202 with the status resource and its address
in `Location`; GET it until `finished` is true.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.throttling import UserRateThrottle

from paritrana.access.check import require
from paritrana.api.auth import signed_in
from paritrana.api.errors import NotFound
from paritrana.api.pagination import Pages
from paritrana.commands.data import queue_import
from paritrana.coverage.domain.import_recovery import heal_interrupted_imports
from paritrana.coverage.models import DataImport
from paritrana.engine.schemas import SCHEMAS

router = Router(tags=["impor"], auth=signed_in("impor"))

CAN_IMPORT = "access.import_data"
# Uploads are large and each starts a background job: a runaway script is stopped early.
UPLOADS_PER_HOUR = "60/h"


class UploadThrottle(UserRateThrottle):
    scope = "impor"


class ProblemCountOut(Schema):
    column: str
    code: str
    reason: str
    count: int


class ImportOut(Schema):
    id: int
    kind: str = Field(description="Jenis data (kode).")
    kind_label: str = Field(description='Jenis data dengan kata-kata ("Target cakupan").')
    file_name: str
    status: str = Field(
        description="queued, running, imported, duplicate (sudah pernah), rejected, failed."
    )
    status_label: str
    finished: bool = Field(description="true setelah impor selesai, berhasil atau tidak.")
    stage: str = Field(description="Langkah yang sedang berjalan (kode).")
    stage_label: str = Field(description='Langkah itu dengan kata-kata ("membaca berkas").')
    done: int
    total: int
    percent: int = Field(description="Kemajuan langkah ini (0-100).")
    rows: int | None = Field(description="Baris dalam berkas.")
    rows_written: int | None = Field(description="Baris yang disimpan.")
    months: list[str]
    problem_count: int = Field(description="Jumlah masalah yang ditemukan.")
    problem_summary: list[ProblemCountOut] = Field(
        description="Masalah dihitung per kolom dan alasan (tanpa isi sel)."
    )
    message: str = Field(description="Pesan hasil impor.")
    uploaded_by: str | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_status_label(record: DataImport) -> str:
        return str(record.get_status_display())

    @staticmethod
    def resolve_uploaded_by(record: DataImport) -> str | None:
        user = record.uploaded_by
        return user.get_username() if user else None

    @staticmethod
    def resolve_months(record: DataImport) -> list[str]:
        return [str(m) for m in record.months or []]


def _record(pk: int) -> DataImport:
    record = DataImport.objects.select_related("uploaded_by").filter(pk=pk).first()
    if record is None:
        raise NotFound(f"Impor #{pk} tidak ditemukan.")
    return record


@router.post(
    "",
    response={202: ImportOut},
    summary="Unggah berkas untuk diimpor",
    description=(
        "Multipart: `kind` (jenis data: " + ", ".join(SCHEMAS) + ") dan `file` (CSV, XLSX "
        "atau Parquet). Jawaban 202 berisi sumber status impor; alamatnya di header Location. "
        "Token memerlukan cakupan 'impor'."
    ),
    throttle=[UploadThrottle(UPLOADS_PER_HOUR)],
)
def upload(
    request: HttpRequest,
    response: HttpResponse,
    kind: Form[str],
    file: File[UploadedFile],
) -> Status[DataImport]:
    record = queue_import(request.user, uploaded=file, kind=kind)
    response["Location"] = reverse("api:import_status", kwargs={"pk": record.pk})
    return Status(202, _record(record.pk))


@router.get(
    "",
    response=list[ImportOut],
    summary="Daftar impor",
    description="Setiap impor, yang terbaru dahulu.",
)
@paginate(Pages)
def import_list(request: HttpRequest) -> Any:
    require(request.user, CAN_IMPORT)
    heal_interrupted_imports(wait=False)  # an import whose process died says failed, not running
    return DataImport.objects.select_related("uploaded_by").order_by("-created_at", "-id")


@router.get(
    "/{int:pk}",
    response=ImportOut,
    summary="Status satu impor",
    url_name="import_status",
)
def import_status(request: HttpRequest, pk: int) -> DataImport:
    require(request.user, CAN_IMPORT)
    heal_interrupted_imports(wait=False)  # as the list
    return _record(pk)
