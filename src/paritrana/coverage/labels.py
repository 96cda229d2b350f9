"""Coverage codes in words, in the reader's language: the one table of each label.

Pages, the API's human-readable fields, PDFs and workbooks read these instead of showing the
code: `base_label("sakernas_bekerja")` is "BPS Sakernas: penduduk bekerja", `kind_label("targets")`
"Target cakupan", `stage_label("reading")` "membaca berkas", `type_label("secret")` "NIK atau nomor
kartu (disamarkan)". The source strings are English, the Indonesian is the translation catalogue's
(the default language, so a workbook or PDF built outside a request reads Indonesian).
`local_time` writes a moment as "5 Desember 2026 pukul 14.03 WIB" in the site's time zone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

# The workforce a coverage rate is divided by (engine.schemas.WORKFORCE_KINDS).
BASE_LABELS: dict[str, Promise] = {
    "sakernas_bekerja": _("BPS Sakernas: employed population"),
    "potensi": _("Potential (BPJS)"),
    "lainnya": _("Other"),
}
# The input files (engine.schemas.SCHEMAS); Indonesian as the schema's own titles.
KIND_LABELS: dict[str, Promise] = {
    "contributions": _("Monthly contributions per participant"),
    "active_counts": _("Active participant counts (aggregated)"),
    "workforce": _("Workforce (the base of coverage)"),
    "targets": _("Coverage targets"),
    "employers": _("Employers"),
    "benefits": _("Benefits paid"),
}
# The stages of a running import, as its progress line names them.
STAGE_LABELS: dict[str, Promise] = {
    "reading": _("reading the file"),
    "validating": _("checking the contents"),
    "writing": _("storing"),
    "refreshing": _("refreshing the monthly summaries"),
}
# What a column of an input file holds (engine.schemas.ColumnType), in a word or two; what it
# accepts in full is engine.accepts.
TYPE_LABELS: dict[str, Promise] = {
    "text": _("text"),
    "identifier": _("identification code"),
    "integer": _("whole number"),
    "percent": _("percentage"),
    "date": _("date"),
    "month": _("month"),
    "year": _("year"),
    "choice": _("one choice"),
    "choices": _("several choices"),
    "region": _("region code"),
    "area": _("province or regency/city code"),
    "local": _("regency/city or village code"),
    "kabkota": _("regency/city code"),
    "village": _("village code"),
    "secret": _("NIK or card number (pseudonymised)"),
}


def _label(table: dict[str, Promise], code: str) -> str:
    """The code's label; a code with none (a newer engine) reads as itself rather than failing."""
    label = table.get(code)
    return str(label) if label is not None else code


def base_label(code: str) -> str:
    return _label(BASE_LABELS, code)


def kind_label(code: str) -> str:
    return _label(KIND_LABELS, code)


def stage_label(code: str) -> str:
    return str(STAGE_LABELS[code]) if code in STAGE_LABELS else ""


def type_label(code: str) -> str:
    return _label(TYPE_LABELS, code)


def local_time(moment: dt.datetime) -> str:
    """ "5 Desember 2026 pukul 14.03 WIB" (English: "5 December 2026 at 14:03 WIB"), in the
    site's time zone; a naive moment is taken as UTC, as the engine writes them."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    local = timezone.localtime(moment)
    clock = "H:i" if (get_language() or "id").startswith("en") else "H.i"
    return gettext("%(date)s at %(time)s %(zone)s") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.date_format(local, clock),
        "zone": local.tzname() or "",
    }


def local_date(day: dt.date) -> str:
    """ "1 Juni 2025" (English "1 June 2025")."""
    return formats.date_format(day, "j F Y")
