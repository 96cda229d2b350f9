"""Lookups the API's routers share: an object named in the path, or a 404 that says which."""

from __future__ import annotations

from paritrana.api.errors import NotFound
from paritrana.assessment.domain.publication import PublicationNotFound, cycle_for
from paritrana.awards.models import Cycle


def cycle_of_year(year: int) -> Cycle:
    """The cycle of this assessment year; 404 with the reason in Bahasa Indonesia."""
    try:
        return cycle_for(year)
    except PublicationNotFound as exc:
        raise NotFound(exc.message) from None
