"""The choice labels a domain message names, in Bahasa Indonesia whatever the reader's language.

The domain's refusals and findings are written in Bahasa Indonesia (`paritrana.errors`); the
labels they name (a stage's kind and status, a round's level, a member's role) are translated
for the pages, so for a reader in English they turned a Bahasa sentence into a mixed one
("Tahap verifikasi provincial round sudah dibuka"). A message names them through `bahasa`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation


def bahasa(label: Callable[[], object]) -> str:
    """`label()` (e.g. `stage.get_kind_display`) rendered in Bahasa Indonesia."""
    with translation.override("id"):
        return str(label())
