"""A calculator note: Bahasa Indonesia as a string (what the CLI, the API and the PDF print),
carrying its English source text and values so a page can write it in its visitor's language.

Pure: the translation is the web layer's (`paritrana.web.rule_words.note_words`), whose
catalogue turns the English source back into this same Indonesian text.
"""

from __future__ import annotations

import datetime as dt

Period = tuple[dt.date, dt.date | None]


class Figure(str):
    """A figure written the Indonesian way ("Rp1.234", "0,89%"); a page in English swaps marks."""

    __slots__ = ()


class Note(str):
    """The note in Bahasa Indonesia; `source` is its English text with %(name)s placeholders,
    `values` what fills them: a `Figure`, a date, a tuple of periods, or plain words."""

    source: str
    values: dict[str, object]

    def __new__(cls, text: str = "", source: str = "", **values: object) -> Note:
        note = super().__new__(cls, text)
        note.source = source
        note.values = values
        return note
