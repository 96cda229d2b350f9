"""Long lists on pages: search, filters, sort and paging from GET parameters.

Everything a list shows is decided by its URL (`?q=ketapang&urut=-total&hal=2`), so a link to
a page of a list is shareable and the list works without JavaScript. A list is a queryset
(searched, sorted and sliced by the database: two queries whatever its length, the count and
the page) or a Python list already read (searched and sorted in Python; no query at all).

The view applies its own filters (they are the domain's: a province, a status) and describes
them with `Filter`, so the shared form (`web/_list_search.html`) can draw them; the headers
(`web/_list_head.html`) are links that sort, with an arrow and `aria-sort` on the sorted one;
the pager (`web/_pager.html`) says "Menampilkan 1–50 dari 122".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

PER_PAGE = 50
SEARCH = "q"
SORT = "urut"
PAGE = "hal"

Key = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """A column of a list. `order`: the model fields it sorts by (a queryset) or a function of
    a row (a Python list); None: not sortable."""

    key: str  # what ?urut= says: "nama", "-total"
    label: str
    order: Sequence[str] | Key | None = None
    numeric: bool = False


@dataclass(frozen=True)
class Filter:
    """A choice the view applies itself, drawn by the shared form as a select."""

    param: str
    label: str
    choices: Sequence[tuple[str, str]]  # (value, label); "" means all
    value: str


@dataclass(frozen=True)
class Header:
    label: str
    url: str  # sorts by this column ("" when it cannot sort)
    sort: str  # aria-sort: "ascending", "descending", or "" when not sorted by it
    numeric: bool

    @property
    def arrow(self) -> str:
        return {"ascending": "▲", "descending": "▼"}.get(self.sort, "↕")


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap "…"
    url: str
    current: bool


@dataclass
class Listing:
    page: Page
    headers: list[Header]
    query: str
    filters: list[Filter]
    kept: list[tuple[str, str]]  # parameters the search form carries on (sort, other lists)
    links: list[PageLink] = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""
    search_label: str = ""
    clear_url: str = ""
    q_param: str = SEARCH

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)

    @property
    def total(self) -> int:
        return int(self.page.paginator.count)

    @property
    def summary(self) -> str:
        if not self.total:
            return _("Nothing to show")
        return _("Showing %(first)s–%(last)s of %(total)s") % {
            "first": _thousands(self.page.start_index()),
            "last": _thousands(self.page.end_index()),
            "total": _thousands(self.total),
        }

    @property
    def paged(self) -> bool:
        return self.page.paginator.num_pages > 1

    @property
    def searched(self) -> bool:
        return bool(self.query) or any(f.value for f in self.filters)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _url(request: HttpRequest, **changes: str | None) -> str:
    params: QueryDict = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value:
            params[name] = value
    text = params.urlencode()
    return f"?{text}" if text else request.path


def sort_key(column: Column, row: Any) -> tuple[int, Any]:
    """None after every value, whichever the direction (see `listing`)."""
    assert callable(column.order)
    value = column.order(row)
    if isinstance(value, str):
        value = value.casefold()
    return (value is None, value)


def _sorted_list(rows: list[Any], column: Column, descending: bool) -> list[Any]:
    present = [r for r in rows if sort_key(column, r)[0] is False]
    missing = [r for r in rows if sort_key(column, r)[0] is True]
    present.sort(key=lambda r: sort_key(column, r)[1], reverse=descending)
    return present + missing


def _sorted_queryset(items: QuerySet[Any], column: Column, descending: bool) -> QuerySet[Any]:
    assert not callable(column.order) and column.order is not None
    fields = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in column.order
    ]
    return items.order_by(*fields, "pk")


def _searched(
    items: QuerySet[Any] | list[Any], query: str, search: Sequence[str] | Key | None
) -> QuerySet[Any] | list[Any]:
    if not query or search is None:
        return items
    if isinstance(items, QuerySet):
        assert not callable(search)
        condition = Q()
        for name in search:
            condition |= Q(**{f"{name}__icontains": query})
        return items.filter(condition)
    assert callable(search)
    words = query.casefold().split()
    return [row for row in items if all(word in str(search(row)).casefold() for word in words)]


def listing(
    request: HttpRequest,
    items: QuerySet[Any] | Iterable[Any],
    *,
    columns: Sequence[Column],
    default: str,
    search: Sequence[str] | Key | None = None,
    search_label: str = "",
    filters: Sequence[Filter] = (),
    per_page: int = PER_PAGE,
    prefix: str = "",
) -> Listing:
    """One page of `items`, searched by ?q=, sorted by ?urut= (a column's key, "-" before it
    for descending; `default` otherwise) and paged by ?hal=. `prefix` names the parameters
    when a page carries more than one list (`prefix="tahap3-"`: ?tahap3-hal=2)."""
    q_param, sort_param, page_param = (prefix + SEARCH, prefix + SORT, prefix + PAGE)
    query = request.GET.get(q_param, "").strip()[:100]
    if not isinstance(items, QuerySet):
        items = list(items)
    items = _searched(items, query, search)
    by_key = {c.key: c for c in columns if c.order is not None}
    asked = request.GET.get(sort_param, "")
    if asked.removeprefix("-") not in by_key:
        asked = default
    descending = asked.startswith("-")
    column = by_key[asked.removeprefix("-")]
    if isinstance(items, QuerySet):
        items = _sorted_queryset(items, column, descending)
    else:
        items = _sorted_list(items, column, descending)
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get(page_param))
    headers = []
    for c in columns:
        if c.order is None:
            headers.append(Header(str(c.label), "", "", c.numeric))
            continue
        current = c is column
        # A click on the sorted column turns it around; on any other it sorts ascending (as
        # the dashboard's tables do in the browser); empty values last either way.
        wanted = (c.key if descending else f"-{c.key}") if current else c.key
        sort = ("descending" if descending else "ascending") if current else ""
        headers.append(
            Header(
                str(c.label),
                _url(request, **{sort_param: wanted, page_param: None}),
                sort,
                c.numeric,
            )
        )
    kept = [
        (name, value)
        for name, value in request.GET.items()
        if name not in {q_param, page_param} and name not in {f.param for f in filters}
    ]
    found = Listing(
        page=page,
        headers=headers,
        query=query,
        filters=list(filters),
        kept=kept,
        search_label=search_label or _("Search"),
        clear_url=_url(
            request, **{q_param: None, page_param: None, **{f.param: None for f in filters}}
        ),
        q_param=q_param,
    )
    found.links = _links(request, page, page_param)
    if page.has_previous():
        found.previous_url = _url(request, **{page_param: str(page.previous_page_number())})
    if page.has_next():
        found.next_url = _url(request, **{page_param: str(page.next_page_number())})
    return found


def _links(request: HttpRequest, page: Page, param: str) -> list[PageLink]:
    """First, last, and two either side of the current page, with gaps between."""
    last = page.paginator.num_pages
    if last <= 1:
        return []
    wanted = sorted({1, last, *range(page.number - 2, page.number + 3)} & set(range(1, last + 1)))
    links: list[PageLink] = []
    previous = 0
    for number in wanted:
        if number > previous + 1:
            links.append(PageLink(None, "", False))
        links.append(
            PageLink(
                number,
                _url(request, **{param: str(number) if number > 1 else None}),
                number == page.number,
            )
        )
        previous = number
    return links
