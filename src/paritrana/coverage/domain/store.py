"""Where the engine's store lives and what it needs from the database."""

from __future__ import annotations

import secrets
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from paritrana.engine import location
from paritrana.engine.regions import RegionIndex
from paritrana.engine.store import PRIVATE_FOLDER
from paritrana.regions.models import Region


def store_root() -> Path:
    """The store's folder, for the service user alone (its staging can hold raw uploads). When
    the store lives in a bucket (PARITRANA_STORE_URL), the folder is this host's working copy
    of it, brought up to date here (engine/location.py)."""
    root = Path(settings.PARITRANA_STORE_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    with suppress(PermissionError):  # not ours: left as its owner set it
        root.chmod(PRIVATE_FOLDER)
    location.pull(root)
    return root


def pseudonym_secret() -> str:
    """The key of the participant pseudonyms (see paritrana.engine.pseudonym).

    Configured through PARITRANA_PSEUDONYM_SECRET, or generated once into the data folder. It
    must be kept (and backed up) for as long as the store: with another key the same NIK
    would get another pseudonym and participants would no longer match across imports.
    """
    configured: str = settings.PARITRANA_PSEUDONYM_SECRET
    if configured:
        return configured
    path = Path(settings.DATA_DIR) / "pseudonym_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@lru_cache(maxsize=1)
def _index(count: int) -> RegionIndex:
    rows = Region.objects.values_list("code", "level", "parent_id", "zone_id", "name")
    return RegionIndex.from_rows(rows.iterator(chunk_size=10_000))


def region_index() -> RegionIndex:
    """The hierarchy as the engine wants it (cached while the number of regions is unchanged)."""
    return _index(Region.objects.count())
