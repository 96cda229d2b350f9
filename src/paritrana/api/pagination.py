"""One pagination for every list of the API: `?halaman=2&per_halaman=100`.

A page answers `{"items": [...], "count": <all matching>, "page": 2, "per_page": 100,
"pages": <number of pages>}`; a page past the end is empty, not an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 100_000  # beyond any list here; keeps the offset a small integer for every database


class Pages(PaginationBase):
    class Input(Schema):
        halaman: int = Field(1, ge=1, le=MAX_PAGE, description="Nomor halaman, mulai dari 1.")
        per_halaman: int = Field(
            PER_PAGE,
            ge=1,
            le=MAX_PER_PAGE,
            description=f"Jumlah butir per halaman, 1 sampai {MAX_PER_PAGE}.",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Jumlah seluruh butir yang cocok.")
        page: int = Field(description="Nomor halaman ini.")
        per_page: int = Field(description="Jumlah butir per halaman.")
        pages: int = Field(description="Jumlah halaman.")

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = pagination.per_halaman
        count = self._items_count(queryset)
        offset = (pagination.halaman - 1) * size
        return {
            "items": queryset[offset : offset + size],
            "count": count,
            "page": pagination.halaman,
            "per_page": size,
            "pages": math.ceil(count / size),
        }


class Shaped:
    """A queryset whose page is turned into plain rows by `shape` once it is sliced, so that
    only the page's rows are read and shaped; `Pages` counts the whole queryset."""

    def __init__(self, queryset: Any, shape: Callable[[Any], list[Any]]) -> None:
        self.queryset = queryset
        self.shape = shape

    def all(self) -> Shaped:
        return self

    def count(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, page: slice) -> list[Any]:
        return self.shape(self.queryset[page])
