"""Lookups the API's routers share: an object named in the path, or a 404 that says which."""

from __future__ import annotations

from paritrana.api.errors import NotFound
from paritrana.assessment.domain.publication import PublicationNotFound, cycle_for
from paritrana.awards.models import Cycle

# Text filters are compared in the database: PostgreSQL refuses a NUL character in text (a
# server error), so such a value is invalid input (422) before it gets there.
NO_NUL = r"^[^\x00]*$"


def cycle_of_year(year: int) -> Cycle:
    """The cycle of this assessment year; 404 with the reason in Bahasa Indonesia."""
    try:
        return cycle_for(year)
    except PublicationNotFound as exc:
        raise NotFound(exc.message) from None
