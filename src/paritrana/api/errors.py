"""Exceptions the routers raise for the API's error shape (see `paritrana.api.app`)."""

from __future__ import annotations

from django.http import Http404


class NotFound(Http404):
    """Nothing at this address; the message (Bahasa Indonesia) says what was looked for."""
