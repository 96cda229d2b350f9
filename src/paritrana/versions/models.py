"""The data version: one row whose stamp every write of award data changes."""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """A single row (pk 1). `stamp` is replaced by a new random number in the transaction of
    every write of award data (`paritrana.versions.moved`); readers key what they keep in
    memory by it (`paritrana.versions.remembered`)."""

    stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"{self.stamp}"
