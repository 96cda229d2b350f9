"""The interactive API documentation (Swagger UI) served entirely from this server.

ninja renders its docs page with Swagger UI from a CDN unless "ninja" is an installed app; here
nothing may come from the internet (offline intranets, and the content security policy allows
only our own scripts). So the page is ours, and its four files are read from the ninja package
and served under the API's own address. The page has no inline script: its settings travel as
JSON in a non-executed <script type="application/json"> element, read by ninja's own init file.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import ninja
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

from paritrana.api.errors import NotFound

ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.png": "image/png",
}
FOLDER = Path(ninja.__file__).parent / "static" / "ninja"

PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{icon}">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="{api_csrf}">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


@cache
def _asset(name: str) -> bytes:
    return (FOLDER / name).read_bytes()


def asset(request: HttpRequest, name: str) -> HttpResponse:
    """One of Swagger UI's files, from the installed ninja package."""
    if name not in ASSETS:
        raise NotFound(f"Berkas dokumentasi '{name}' tidak ada.")
    response = HttpResponse(_asset(name), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


class LocalSwagger(DocsBase):
    settings: dict[str, Any] = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        namespace = api.urls_namespace

        def url(name: str) -> str:
            return reverse(f"{namespace}:docs-asset", kwargs={"name": name})

        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        logged_in = request.user.is_authenticated
        # "</" cannot end the JSON's script element early: the settings are ours, but a title
        # may one day carry it.
        text = json.dumps(settings).replace("</", "<\\/")
        html = PAGE.format(
            title=escape(api.title),
            css=url("swagger-ui.css"),
            icon=url("favicon.png"),
            csrf=escape(get_token(request)) if logged_in else "",
            api_csrf="true" if logged_in else "",
            settings=text,
            bundle=url("swagger-ui-bundle.js"),
            init=url("swagger-ui-init.js"),
        )
        return HttpResponse(html)
