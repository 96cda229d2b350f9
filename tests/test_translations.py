"""The Indonesian catalogue is complete and the compiled .mo matches its .po source."""

from __future__ import annotations

from pathlib import Path

import polib

import paritrana

LOCALE = Path(paritrana.__file__).parent / "locale" / "id" / "LC_MESSAGES"


def test_every_message_has_an_indonesian_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [entry.msgid for entry in po if not entry.translated()]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(LOCALE / "django.po"))}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(LOCALE / "django.mo"))}
    mo.pop((None, ""), None)  # the header
    assert mo == po, "run: msgfmt -o django.mo django.po (in src/paritrana/locale/id/LC_MESSAGES)"
