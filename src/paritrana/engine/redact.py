"""Keeping participant identifiers and path tricks out of text that people and logs see.

A NIK is 16 digits; wherever a 16-digit number turns up in a message, a problem value, a file
name or a log line, written together or grouped by any mix of spaces, dots, hyphens, slashes or
underscores (6104 0123 4567 0001, 6104-0123-4567-0001) or by single commas (6,104,012,345,670,011),
in any script's digits (full-width
６１０４...), only its first four digits (province and kab/kota, public) and last two stay:
`6104********01`. `fold_digits` is the one definition of what counts as a digit and as a
separator; parsing.py builds the import's NIK check from the same table.
A file name a user uploads is reduced to a harmless display name: its
last path component, without control or direction-changing characters, of bounded length. It
never decides where a file is stored (callers store under generated names).
"""

from __future__ import annotations

import functools
import re
import unicodedata

NIK_SEPARATORS = " ._/-"  # what separates digit groups once folded (see `digit_folding`)
# Between two digits: any run of those, or one comma alone (Excel's en-US thousands grouping,
# 6,104,012,345,670,011); a comma and a space separate the items of a list ("baris 10, 11").
NIK_GAP = r"(?:[ ._/-]*|,)"
# On folded text: 16 digits, any separators between them, not touching another digit.
NIK_LIKE = re.compile(rf"(?<![0-9])[0-9](?:{NIK_GAP}[0-9]){{15}}(?![0-9])")
MAX_NAME = 120  # characters of a display name, extension included
MAX_SUFFIX = 16
FALLBACK_NAME = "berkas"


_EXTRA_SEPARATORS = "\t\n\v\f\r\u2212\u2215\u2044"  # minus sign, division and fraction slash
_FOLDABLE_CATEGORIES = ("No", "Po", "Pc", "Sm")  # superscript 2, one dot leader, full-width _


@functools.cache
def digit_folding() -> dict[int, str]:
    """Translation table (for `str.translate`) folding every character that writes a digit or
    separates digit groups to one ASCII character, so the folded text keeps its length:

    - a decimal digit of any script (full-width ６, Arabic-Indic ٦, Devanagari ६) or a
      character NFKC folds to one (², ①) -> that digit;
    - a character NFKC folds to a space, dot, hyphen, slash or underscore (full-width －／＿．,
      no-break space), any space or dash (en dash, em dash), whitespace and invisible format
      characters (zero-width space, soft hyphen: they hide a grouping) -> a separator.

    Built once, on first use (a scan of the planes that hold such characters, ~0.1 s)."""
    table: dict[int, str] = {ord(c): " " for c in _EXTRA_SEPARATORS}
    for point in range(0x80, 0x20000):  # no digit, space or dash lies beyond
        character = chr(point)
        value = unicodedata.decimal(character, None)
        category = unicodedata.category(character)
        if value is not None:
            table[point] = str(value)
        elif category in ("Zs", "Pd", "Cf"):
            table[point] = " " if category != "Pd" else "-"
        elif category in _FOLDABLE_CATEGORIES:
            folded = unicodedata.normalize("NFKC", character)
            if len(folded) == 1 and folded in "0123456789._/-,":
                table[point] = folded
    return table


def fold_digits(text: str) -> str:
    """`text` with digits and separators of any script folded to ASCII, same length."""
    return text.translate(digit_folding())


def mask_identifiers(text: str) -> str:
    """`text` with every 16-digit number (a NIK's shape, see NIK_LIKE) masked to its first 4
    and last 2 digits."""
    folded = fold_digits(text)
    pieces, end = [], 0
    for match in NIK_LIKE.finditer(folded):
        digits = re.sub(r"[^0-9]", "", match.group())
        pieces += [text[end : match.start()], digits[:4] + "********" + digits[-2:]]
        end = match.end()
    return "".join(pieces) + text[end:] if pieces else text


def _printable(character: str) -> bool:
    # Cc: control (NUL, newline, escape); Cf: format (right-to-left override, zero width);
    # Zl/Zp: line and paragraph separators. None belongs in a file name shown on a page.
    return unicodedata.category(character) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def display_name(name: str, *, fallback: str = FALLBACK_NAME) -> str:
    """The last component of `name` (either slash), printable, at most MAX_NAME characters,
    identifiers masked; `fallback` (plus the extension, if any) when nothing usable is left."""
    text = "".join(ch for ch in str(name) if _printable(ch))
    text = re.split(r"[/\\]", text)[-1]
    text = text.strip().rstrip(". ")  # trailing dots and spaces vanish on Windows
    if ":" in text:  # a Windows drive ("C:a.csv") or an NTFS stream ("a.csv:x")
        text = text.rsplit(":", 1)[-1].strip()
    text = mask_identifiers(text)
    stem, dot, suffix = text.rpartition(".")
    if not dot or len(suffix) > MAX_SUFFIX or not suffix.strip():
        stem, suffix = text, ""
    if not stem.strip(" ."):
        stem = fallback
    if suffix:
        return stem[: MAX_NAME - len(suffix) - 1].rstrip() + "." + suffix
    return stem[:MAX_NAME].rstrip()


def suffix_of(name: str) -> str:
    """The lower-case extension of a display name, with its dot ('' when there is none)."""
    stem, dot, suffix = name.rpartition(".")
    return "." + suffix.lower() if dot and stem else ""
