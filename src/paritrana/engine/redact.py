"""Keeping participant identifiers and path tricks out of text that people and logs see.

A NIK is 16 digits; wherever a 16-digit number turns up in a message, a problem value, a file
name or a log line, written together or grouped by spaces or dots (6104 0123 4567 0001), only
its first four digits (province and kab/kota, public) and last two stay: `6104********01`.
A file name a user uploads is reduced to a harmless display name: its
last path component, without control or direction-changing characters, of bounded length. It
never decides where a file is stored (callers store under generated names).
"""

from __future__ import annotations

import re
import unicodedata

NIK_LIKE = re.compile(r"(?<![0-9])[0-9](?:[ .]*[0-9]){15}(?![0-9])")
MAX_NAME = 120  # characters of a display name, extension included
MAX_SUFFIX = 16
FALLBACK_NAME = "berkas"


def mask_identifiers(text: str) -> str:
    """`text` with every 16-digit number (a NIK's shape) masked to its first 4 and last 2."""
    return NIK_LIKE.sub(_masked, text)


def _masked(match: re.Match[str]) -> str:
    digits = re.sub(r"[^0-9]", "", match.group())
    return digits[:4] + "********" + digits[-2:]


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
