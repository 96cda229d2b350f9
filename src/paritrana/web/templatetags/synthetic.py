"""`{% synthetic_notice %}`: the plain "data sintetis" notice, shown on every page while the
coverage store holds synthetic data (the demo's, `paritrana synth`: a contributions batch
registered with `"source": "synthetic"`).

Decided from the stored data, not from a setting: a deployment that loaded synthetic data to try
the product says so too, and the notice goes when that batch is deleted. It reads the store's
list of contribution batches, not the database, so it costs no query and shows on the error
pages too; the answer is kept until that folder changes (a batch added or removed).
"""

from __future__ import annotations

import threading
from pathlib import Path

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from paritrana.engine.store import MANIFESTS, synthetic_stored

register = template.Library()
_known: dict[tuple[str, int], bool] = {}
_lock = threading.Lock()


def synthetic_data_stored() -> bool:
    root = Path(settings.PARITRANA_STORE_DIR)  # read only: no folder made for a page view
    try:
        stamp = (root / MANIFESTS / "contributions").stat().st_mtime_ns
    except FileNotFoundError:
        return False
    key = (str(root), stamp)
    with _lock:
        if key not in _known:
            _known.clear()
            _known[key] = synthetic_stored(root)
        return _known[key]


@register.simple_tag
def synthetic_notice() -> SafeString | str:
    if not synthetic_data_stored():
        return ""
    return format_html(
        '<p class="synthetic-notice" id="synthetic-notice" role="note"><strong>{}</strong> {}</p>',
        _("Synthetic data."),
        _(
            "The coverage figures, imports and award entries on this site are generated for "
            "demonstration; they are not BPJS Ketenagakerjaan or BPS data. Published reference "
            "figures are listed separately with their sources."
        ),
    )
