"""Reading a form's HTML the way a browser would: the whole tag of an element by its id."""

from __future__ import annotations

import re


def tag(html: str, element_id: str) -> str:
    """The opening tag of the element with `element_id` (its attributes in any order)."""
    found = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert found, f"no element with id {element_id!r}"
    return found.group(0)
