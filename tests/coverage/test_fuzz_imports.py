"""Fuzzed import files never produce a server error.

Four families of generated files, for every input kind: CSVs with the right header and wild cells
(unicode, huge and negative numbers, quotes, separators, a BOM, CRLF, rows too short or too
long); random bytes named .csv, .xlsx or .parquet; valid XLSX and Parquet files truncated or
with bytes flipped; XLSX files whose cells are dates, formulas, errors and booleans.

Each goes through the upload page as a data officer and through the domain (the command line's
`import_now`, which hands every file to the engine, even one the upload check would refuse).
Whatever the file: no 5xx; a refused upload says why, naming the file, and leaves no record; an
import ends imported, duplicate or rejected (never "failed", which would be an error swallowed)
with a message in Bahasa Indonesia; every problem names the file and a reason; and an import
that did not land changed nothing in the store.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from paritrana.coverage.domain.imports import ImportRefused, import_now, queue_import
from paritrana.coverage.models import DataImport
from paritrana.engine.schemas import SCHEMAS
from tests.engine.conftest import VALID

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # per family and way in: 4 families x 2 ways x 25 keeps the file near 30 s
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same files every run: a failure here is reproducible as it stands
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
KINDS = sorted(SCHEMAS)
INDONESIAN = ("Berkas", "berkas", "baris", "diimpor", "ditolak", "gagal", "diubah")

# --- the files ------------------------------------------------------------------------------

_TRICKY = [
    "",
    " ",
    '"',
    '""',
    ",",
    ";",
    "\t",
    "\r\n",
    "\n",
    "\ufeff",
    "\x00",
    "\x07",
    "-1",
    "-0",
    "0",
    "1e400",
    "6,1E+15",
    "NaN",
    "inf",
    "9" * 40,
    "-" + "9" * 25,
    "3.500.000",
    "1,5",
    "61.04",
    "6104",
    "61.04.01.2011",
    "6104010",
    "2025-01",
    "2025-13",
    "2025-02-30",
    "31/12/2025",
    "0000-00-00",
    "PU",
    "bpu",
    "JKK;JKM",
    "JKK;;",
    "6104012345670001",
    '=HYPERLINK("http://x")',
    "@SUM(A1)",
    "x" * 600,
    "\u202eevil",
    "日本語",
    "😀",
]
cells = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(max_size=12),
    st.integers(min_value=-(10**22), max_value=10**22).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _valid_cells(kind: str) -> list[list[str]]:
    names = SCHEMAS[kind].names
    return [[row.get(name, "") for name in names] for row in VALID[kind]]


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    names = SCHEMAS[kind].names
    rows = draw(
        st.lists(
            st.one_of(
                st.lists(cells, min_size=len(names), max_size=len(names)),  # right width
                st.lists(cells, max_size=len(names) + 3),  # too short or too long
                st.sampled_from(_valid_cells(kind)),  # a good row now and then
            ),
            max_size=6,
        )
    )
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newlines = st.sampled_from(["\n", "\r\n", "\r"])
    mixed = draw(st.booleans())  # each line its own end, as in files pasted together
    newline = draw(newlines)
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    buffer = io.StringIO()
    for row in [names, *rows]:
        end = draw(newlines) if mixed else newline
        csv.writer(buffer, delimiter=delimiter, lineterminator=end, quoting=quoting).writerow(row)
    if draw(st.booleans()):
        buffer.write(draw(newlines))  # an empty line at the end
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no newline at the end
    prefix = "\ufeff" if draw(st.booleans()) else ""
    name = draw(st.sampled_from(["iuran.csv", "DATA.CSV", "catatan.txt"]))
    return name, kind, (prefix + text).encode("utf-8", "surrogatepass")


@st.composite
def random_files(draw: st.DrawFn) -> tuple[str, str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    name = draw(st.sampled_from(["acak.csv", "acak.xlsx", "acak.parquet", "acak.txt"]))
    head = draw(st.sampled_from([b"", b"PK\x03\x04", b"PAR1", b"\xef\xbb\xbf", b"\xff\xfe"]))
    body = draw(st.binary(max_size=400))
    tail = b"PAR1" if name.endswith(".parquet") and draw(st.booleans()) else b""
    return name, kind, head + body + tail


def _valid_xlsx(kind: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = kind
    sheet.append(SCHEMAS[kind].names)
    for row in _valid_cells(kind):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _valid_parquet(kind: str) -> bytes:
    names = SCHEMAS[kind].names
    columns = list(zip(*_valid_cells(kind), strict=True))
    table = pa.table(
        {name: pa.array(values, pa.string()) for name, values in zip(names, columns, strict=True)}
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


VALID_FILES = {
    (kind, fmt): (_valid_xlsx(kind) if fmt == "xlsx" else _valid_parquet(kind))
    for kind in KINDS
    for fmt in ("xlsx", "parquet")
}


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    fmt = draw(st.sampled_from(["xlsx", "parquet"]))
    content = bytearray(VALID_FILES[(kind, fmt)])
    how = draw(st.sampled_from(["truncate", "flip", "both"]))
    if how in ("truncate", "both"):
        content = content[: draw(st.integers(0, len(content)))]
    if how in ("flip", "both") and content:
        for _ in range(draw(st.integers(1, 16))):
            at = draw(st.integers(0, len(content) - 1))
            content[at] = draw(st.integers(0, 255))
    return f"rusak.{fmt}", kind, bytes(content)


odd_cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**62), max_value=2**62),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2200, 1, 1)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)),
    st.times(),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "=NA()", "=A1", "#DIV/0!", "#N/A", "#REF!"]),
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=10),
)


@st.composite
def odd_workbooks(draw: st.DrawFn) -> tuple[str, str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    names = SCHEMAS[kind].names
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if draw(st.booleans()):
        sheet.append(["Data dari kantor cabang"])  # a title above the header
    sheet.append(names)
    for row in draw(st.lists(st.lists(odd_cells, max_size=len(names) + 2), max_size=5)):
        sheet.append(row)
    if draw(st.booleans()):
        sheet.cell(row=1, column=1).value = True  # even the header can be odd
    buffer = io.BytesIO()
    workbook.save(buffer)
    return "aneh.xlsx", kind, buffer.getvalue()


FAMILIES = {
    "csv": csv_files(),
    "random": random_files(),
    "mutated": mutated_files(),
    "odd_xlsx": odd_workbooks(),
}

# --- what must hold -------------------------------------------------------------------------


def _listing(root: Path) -> dict[str, str]:
    """Every published file of the store with its hash (scratch work under .staging aside)."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".staging" not in path.parts
    }


def _assert_finished_well(record: DataImport, name: str, before: dict[str, str], store: Path):
    record.refresh_from_db()
    assert record.status in ("imported", "duplicate", "rejected"), (record.status, record.message)
    assert record.message.strip() and "Traceback" not in record.message
    assert any(word in record.message for word in INDONESIAN), record.message
    assert record.file_name == name
    for problem in record.problems:
        assert problem["file"] == name and problem["reason"].strip(), problem
        assert "Traceback" not in problem["reason"] and "Error" not in problem["reason"], problem
    if record.status != "imported":
        assert record.problems or record.status == "duplicate"
        assert _listing(store) == before, "an import that did not land changed the store"


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_an_uploaded_file_never_causes_a_server_error(family, client, regions, store, data_officer):
    client.force_login(data_officer)
    url = reverse("web:imports")

    @FUZZ
    @given(FAMILIES[family])
    def upload(case: tuple[str, str, bytes]) -> None:
        name, kind, content = case
        before, records = _listing(store), DataImport.objects.count()
        response = client.post(
            url, {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=False
        )
        assert response.status_code < 500
        if response.status_code == 302:
            _assert_finished_well(DataImport.objects.latest("id"), name, before, store)
        else:  # refused at the door: said why, nothing recorded, nothing stored
            assert response.status_code == 200
            assert (
                'class="alert alert-danger form-summary" role="alert"' in response.content.decode()
            )
            assert DataImport.objects.count() == records
            assert _listing(store) == before

    upload()


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_the_domain_imports_or_refuses_any_file_cleanly(
    family, regions, store, data_officer, tmp_path
):
    @FUZZ
    @given(FAMILIES[family], st.booleans())
    def run(case: tuple[str, str, bytes], through_upload: bool) -> None:
        name, kind, content = case
        before = _listing(store)
        if through_upload:
            try:
                record = queue_import(
                    uploaded=SimpleUploadedFile(name, content), kind=kind, user=data_officer
                )
            except ImportRefused as refused:
                assert f"'{name}'" in str(refused) and "ditolak" in str(refused)
                assert _listing(store) == before
                return
        else:  # the command line: the engine sees every file, even one an upload refuses
            path = tmp_path / "cli" / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(content)
            record = import_now(path=path, kind=kind, user=data_officer)
        _assert_finished_well(record, name, before, store)

    run()


def test_a_refused_or_finished_upload_leaves_no_file_behind(
    client, regions, store, data_officer, settings
):
    client.force_login(data_officer)
    for name, content in [
        ("acak.xlsx", b"not a zip"),
        ("target.csv", b"region_code,year,target_pct\n61,2025,50\n"),
    ]:
        client.post(
            reverse("web:imports"), {"kind": "targets", "file": SimpleUploadedFile(name, content)}
        )
    uploads = Path(settings.PARITRANA_UPLOAD_DIR)
    assert not uploads.exists() or not any(uploads.iterdir())


# --- hostile uploads, one by one --------------------------------------------------------------

GOOD_CSV = b"region_code,year,target_pct,source\n61,2025,59.56,RPJMD\n"


def _xlsx_bytes() -> bytes:
    return VALID_FILES[("targets", "xlsx")]


class _Upload:
    """An upload exactly as a hostile client names it: Django's UploadedFile already cleans
    names (and refuses '.' and '..'), the domain must not rely on that."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name, self.content, self.size = name, content, len(content)

    def chunks(self):
        yield self.content


@pytest.mark.parametrize(
    ("uploaded_as", "shown_as", "content"),
    [
        ("../../etc/passwd.csv", "passwd.csv", GOOD_CSV),
        ("C:\\x\\..\\a.xlsx", "a.xlsx", None),
        ("/abs/path.csv", "path.csv", GOOD_CSV),
        ("a\x00b\x1b[31m\r\n.csv", "ab[31m.csv", GOOD_CSV),
        ("\u202evsc.exe.csv", "vsc.exe.csv", GOOD_CSV),
        ("x" * 300 + ".csv", "x" * 116 + ".csv", GOOD_CSV),
        ("..csv", "berkas.csv", GOOD_CSV),
        ("nik 6104012345670001.csv", "nik 6104********01.csv", GOOD_CSV),
    ],
)
def test_an_upload_name_never_decides_where_the_file_lands(
    uploaded_as, shown_as, content, regions, store, settings, data_officer
):
    uploads = Path(settings.PARITRANA_UPLOAD_DIR)
    upload = _Upload(uploaded_as, content or _xlsx_bytes())

    record = queue_import(uploaded=upload, kind="targets", user=data_officer)
    record.refresh_from_db()

    stored = Path(record.upload_path)
    assert stored.parent == uploads and stored.stem.isalnum() and len(stored.stem) == 32
    assert stored.suffix == Path(shown_as).suffix
    assert record.file_name == shown_as and record.status == "imported", record.message
    assert all(p["file"] == shown_as for p in record.problems)
    assert not stored.exists()  # imported, then deleted: it held raw identifiers
    assert sorted(p.name for p in store.parent.rglob("*") if "passwd" in p.name) == []


@pytest.mark.parametrize("uploaded_as", [".", "..", "", "/", "a.csv/..", "berkas.exe", "C:"])
def test_an_upload_without_an_importable_name_is_refused_and_nothing_is_saved(
    uploaded_as, regions, store, settings, data_officer
):
    upload = _Upload(uploaded_as, GOOD_CSV)

    with pytest.raises(ImportRefused, match="hanya berkas CSV"):
        queue_import(uploaded=upload, kind="targets", user=data_officer)

    uploads = Path(settings.PARITRANA_UPLOAD_DIR)
    assert not uploads.exists() or not any(uploads.iterdir())
    assert not DataImport.objects.exists()


def test_a_hostile_name_through_the_upload_page_is_shown_sanitised(
    client, regions, store, data_officer
):
    client.force_login(data_officer)
    upload = SimpleUploadedFile("../../etc/target\x07.csv", GOOD_CSV)

    response = client.post(reverse("web:imports"), {"kind": "targets", "file": upload})

    record = DataImport.objects.get()
    assert response.status_code == 302 and record.file_name == "target.csv"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("data.xlsx", GOOD_CSV, "bukan buku kerja Excel"),
        ("data.xlsx", b"PK\x03\x04" + b"\x00" * 40, "bukan buku kerja Excel"),
        ("data.xlsx", None, "bukan buku kerja Excel"),  # a ZIP, but no workbook inside
        ("data.parquet", GOOD_CSV, "bukan Parquet"),
        ("data.parquet", b"PAR1" + b"\x00" * 40, "bukan Parquet"),  # truncated: no footer
        ("data.csv", b"%PDF-1.4\n\x00\x01binary", "bita NUL pada baris 2"),
        ("data.csv", "region_code\n".encode("utf-16"), "UTF-16"),
        ("data.txt", b"region_code,source\n61,Caf\xe9\n", "baris 2 bukan teks UTF-8"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused_naming_the_file(
    name, content, words, regions, store, settings, data_officer
):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w/>")
        content = buffer.getvalue()

    with pytest.raises(ImportRefused) as refused:
        queue_import(uploaded=SimpleUploadedFile(name, content), kind="targets")

    assert f"Berkas '{name}' ditolak" in str(refused.value) and words in str(refused.value)
    uploads = Path(settings.PARITRANA_UPLOAD_DIR)
    assert not any(uploads.iterdir()) and not DataImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("utf8.csv", "region_code,year,target_pct,source\n61,2025,50,Dinas Tenaga Kerja\n"),
        ("bom.csv", "\ufeffregion_code;year;target_pct;source\r\n61;2025;50,5;Pergub\r\n"),
        ("nol.csv", "region_code,year,target_pct,source\n61,2025,0,Lain\n"),
        # Windows and Unix line ends in one file (two files pasted together), an empty last line
        ("campur.csv", "region_code,year,target_pct,source\r\n61,2025,1,A\n63,2025,2,B\r\n\n"),
    ],
)
def test_text_files_in_utf8_with_or_without_a_bom_pass_the_content_check(
    name, content, regions, store, data_officer
):
    record = queue_import(
        uploaded=SimpleUploadedFile(name, content.encode()), kind="targets", user=data_officer
    )
    record.refresh_from_db()
    assert record.status == "imported", record.problems


def test_a_valid_workbook_and_parquet_file_pass_the_content_check(regions, store, data_officer):
    for fmt in ("xlsx", "parquet"):
        upload = SimpleUploadedFile(f"target.{fmt}", VALID_FILES[("targets", fmt)])
        record = queue_import(uploaded=upload, kind="targets", user=data_officer)
        record.refresh_from_db()
        assert record.status in ("imported", "duplicate"), record.problems


def test_an_upload_over_the_size_limit_is_refused_in_the_domain(regions, store, settings):
    settings.PARITRANA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ImportRefused, match="lebih besar dari batas"):
        queue_import(uploaded=SimpleUploadedFile("a.csv", GOOD_CSV), kind="targets")
