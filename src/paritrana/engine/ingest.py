"""Import one input file into the columnar store: read, validate, convert, land.

    result = import_file(path=..., kind="contributions", store_root=..., regions=index,
                         secret=settings_secret, as_of=date(2026, 1, 31), progress=callback)

A file with any problem changes nothing and comes back with status "rejected" and its problems
(see problems.py); a file already imported (same SHA-256) changes nothing and comes back
"duplicate"; otherwise it lands atomically and comes back "imported". The stages reported to
`progress(stage, done, total)` are "reading" (bytes hashed), "validating" (checks run) and
"writing" (files written).

Scratch work happens in a staging folder inside the store root (`.staging/`, removed afterwards),
in a DuckDB database on disk so a file larger than memory can be checked. The participant
identifier is hashed by the statement that reads the file, so not even the staging database
holds it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from paritrana.engine import landing
from paritrana.engine.metrics.facts import PAID
from paritrana.engine.problems import Problem, ProblemCount, select_for_report
from paritrana.engine.readers import CSV_SUFFIXES, read_source
from paritrana.engine.redact import display_name
from paritrana.engine.regions import RegionIndex
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.sources import UnreadableFile, scan_file
from paritrana.engine.store import STAGING
from paritrana.engine.validate import register_regions, validate

Status = Literal["imported", "duplicate", "rejected"]
Progress = Callable[[str, int, int], None]
ON_DISK_FROM = 64 << 20  # bytes: larger files are staged in a DuckDB file, smaller in memory


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file_name: str
    sha256: str
    status: Status
    row_count: int  # data rows in the file (0 when it could not be read)
    rows_written: int  # rows this import added to the store
    months: tuple[str, ...]  # YYYY-MM covered (kinds with a month column)
    problems: tuple[Problem, ...]  # capped list, ordered by row
    problem_summary: tuple[ProblemCount, ...]  # every problem, counted per (column, reason)
    message: str  # one line in Bahasa Indonesia
    batch: str  # first 16 hex digits of sha256: the name of the batch's files
    first_imported_at: str = ""  # a duplicate's: when the file was first imported (ISO, UTC)

    @property
    def problem_count(self) -> int:
        return sum(count.count for count in self.problem_summary)

    @property
    def ok(self) -> bool:
        return self.status != "rejected"


def import_file(
    *,
    path: Path | str,
    kind: str,
    store_root: Path | str,
    regions: RegionIndex,
    secret: str,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    file_name: str | None = None,
    import_ref: str = "",
) -> ImportResult:
    """`file_name`: the name problems and the manifest give the file, when it was stored under
    another (an upload); reduced to a display name either way (redact.py). `import_ref`: who
    is importing (the caller's record of this run), kept in the manifest so that a caller
    killed before recording the outcome can find and remove the batch (landing.py)."""
    if kind not in SCHEMAS:
        raise ValueError(f"unknown input kind {kind!r}; expected one of {sorted(SCHEMAS)}")
    if not secret:
        raise ValueError("a pseudonymisation secret is required")
    path, root = Path(path), Path(store_root)
    schema = SCHEMAS[kind]
    report = progress or _no_progress
    scan = scan_file(
        path,
        find_blank_lines=path.suffix.lower() in CSV_SUFFIXES,
        progress=lambda done, total: report("reading", done, total),
    )
    batch = scan.sha256[:16]
    name = display_name(file_name or path.name)
    result = _Results(kind, name, scan.sha256, batch)
    manifest = landing.read_manifest(root, kind, batch)
    if manifest is not None:
        return result.duplicate(manifest)
    if scan.size == 0:
        empty = Problem(name, None, "", "", "Berkas kosong.", "file.empty")
        return result.rejected(0, [empty])
    root.mkdir(parents=True, exist_ok=True)
    with _staging(root, batch, scan.size) as (con, out_dir):
        try:
            source = read_source(
                con,
                path=path,
                schema=schema,
                secret=secret,
                scan=scan,
                file_name=name,
                scratch=out_dir.parent,
            )
        except UnreadableFile as error:
            problem = Problem(name, None, "", "", str(error), "file.unreadable")
            return result.rejected(0, [problem])
        report("reading", scan.size, scan.size)
        register_regions(con, regions)
        checked = validate(
            con,
            source=source,
            schema=schema,
            file_name=name,
            as_of=as_of or dt.date.today(),
            progress=report,
        )
        if not checked.ok:
            return result.rejected(checked.rows, list(checked.problems), list(checked.summary))
        months = landing.convert(con, schema=schema, source=source)
        with landing.store_lock(root):
            manifest = landing.read_manifest(root, kind, batch)
            if manifest is not None:  # imported by someone else while we were validating
                return result.duplicate(manifest)
            for stale in landing.batch_files(root, kind, batch):
                stale.unlink()  # left by an interrupted import of this very file
            if kind == "contributions":
                overlap, counts = landing.overlap_problems(
                    con, root=root, months=months, source=source, file_name=name
                )
                if overlap:
                    return result.rejected(checked.rows, overlap, counts)
            return _land(con, result, root, out_dir, months, checked.rows, report, import_ref)


def _land(
    con: duckdb.DuckDBPyConnection,
    result: _Results,
    root: Path,
    out_dir: Path,
    months: list[str],
    rows: int,
    report: Progress,
    import_ref: str,
) -> ImportResult:
    seq = landing.next_batch_seq(root, result.kind)
    published = landing.Published([], [])
    try:
        written = landing.write_batch(
            con,
            kind=result.kind,
            root=root,
            out_dir=out_dir,
            batch=result.batch,
            months=months,
            seq=seq,
            published=published,
            progress=lambda done, total: report("writing", done, total),
        )
        content = {
            "kind": result.kind,
            "file_name": result.file_name,
            "sha256": result.sha256,
            "batch": result.batch,
            "row_count": rows,
            "rows_written": written,
            "months": months,
            landing.SEQ: seq,
            "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": [str(p.relative_to(root)) for p in published.files],
            landing.IMPORT_REF: import_ref,
        }
        published.files.append(landing.write_manifest(root, result.kind, result.batch, content))
    except BaseException:
        published.rollback()
        raise
    return result.imported(rows, written, months, unpaid=_unpaid(con, result.kind))


def _unpaid(con: duckdb.DuckDBPyConnection, kind: str) -> int:
    """The participant-month rows with nothing paid (every paid_* empty or 0): stored, but
    not active participants. Said when the import lands, never dropped in silence."""
    if kind != "contributions":
        return 0
    found = con.execute(f"SELECT count(*) FROM {landing.CONVERTED} WHERE NOT ({PAID} > 0)")
    row = found.fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class _Results:
    kind: str
    file_name: str
    sha256: str
    batch: str

    def _make(
        self,
        status: Status,
        message: str,
        *,
        row_count: int = 0,
        rows_written: int = 0,
        months: tuple[str, ...] = (),
        problems: tuple[Problem, ...] = (),
        problem_summary: tuple[ProblemCount, ...] = (),
        first_imported_at: str = "",
    ) -> ImportResult:
        return ImportResult(
            kind=self.kind,
            file_name=self.file_name,
            sha256=self.sha256,
            status=status,
            row_count=row_count,
            rows_written=rows_written,
            months=months,
            problems=problems,
            problem_summary=problem_summary,
            message=message,
            batch=self.batch,
            first_imported_at=first_imported_at,
        )

    def imported(
        self, rows: int, written: int, months: list[str], *, unpaid: int = 0
    ) -> ImportResult:
        # Counts as the pages write them ("2.310 baris", not "2310 baris").
        message = f"{_count(written)} baris diimpor."
        if unpaid:
            message += (
                f" {_count(unpaid)} di antaranya tanpa iuran dibayar (semua kolom paid_* kosong "
                "atau 0): tersimpan, tetapi tidak dihitung sebagai peserta aktif bulan itu "
                "(peserta aktif = ada iuran yang dibayar)."
            )
        return self._make(
            "imported", message, row_count=rows, rows_written=written, months=tuple(months)
        )

    def duplicate(self, manifest: Mapping[str, object]) -> ImportResult:
        message = (
            f"Berkas ini sudah pernah diimpor ({manifest.get('imported_at', '')}); "
            "tidak ada yang diubah."
        )
        rows = manifest.get("row_count", 0)
        months = manifest.get("months", [])
        return self._make(
            "duplicate",
            message,
            row_count=int(rows) if isinstance(rows, int) else 0,
            months=tuple(str(m) for m in months) if isinstance(months, list) else (),
            first_imported_at=str(manifest.get("imported_at", "")),
        )

    def rejected(
        self, rows: int, problems: list[Problem], summary: list[ProblemCount] | None = None
    ) -> ImportResult:
        counts = (
            summary
            if summary is not None
            else [ProblemCount(p.column, p.code, p.reason, 1) for p in problems]
        )
        total = sum(c.count for c in counts)
        message = f"Berkas ditolak: {total} masalah ditemukan; tidak ada yang diubah."
        return self._make(
            "rejected",
            message,
            row_count=rows,
            problems=tuple(select_for_report(problems)),
            problem_summary=tuple(counts),
        )


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@contextmanager
def _staging(root: Path, batch: str, size: int) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """A scratch folder and DuckDB connection: in memory for small files, a database file for
    large ones so a file bigger than memory can still be checked (spilling to the folder).
    The folder is held (locked) while in use, so recovery can remove one whose import died."""
    folder = root / STAGING / f"{batch}-{uuid.uuid4().hex[:8]}"
    try:
        with landing.held_staging(folder):
            database = str(folder / "work.duckdb") if size >= ON_DISK_FROM else ":memory:"
            spill = str(folder / "spill")
            con = duckdb.connect(
                database, config={"temp_directory": spill, "preserve_insertion_order": True}
            )
            try:
                con.execute("SET enable_progress_bar = false")  # progress goes to `progress`
                yield con, folder / "out"
            finally:
                con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with suppress(OSError):  # another import may still be using it
            (root / STAGING).rmdir()


def _count(n: int) -> str:
    """1234567 -> '1.234.567' (engine messages are stored in Bahasa Indonesia)."""
    return f"{n:,}".replace(",", ".")
