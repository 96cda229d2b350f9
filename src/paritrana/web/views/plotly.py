"""plotly.js from the installed `plotly` package (never a CDN), served under a URL named by its
version (`/dasbor/js/plotly-<version>.min.js`) so that it is cached for a year, and gzip-encoded
for a client that accepts it."""

from __future__ import annotations

import gzip
import importlib.util
import re
from functools import cache
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect


@cache
def _plotly_path() -> Path:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("paket Python 'plotly' tidak terpasang")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


@cache
def plotly_version() -> str:
    """The plotly.js version named in the bundle's header ('plotly.js v4.1.1')."""
    with _plotly_path().open("rb") as handle:
        head = handle.read(200).decode("ascii", "replace")
    match = re.search(r"plotly\.js v(\d[\w.\-]*)", head)
    return match.group(1) if match else "0"


@cache
def _plotly_gzip() -> bytes:
    return gzip.compress(_plotly_path().read_bytes(), compresslevel=6, mtime=0)


def plotly_js(request: HttpRequest, version: str) -> HttpResponse:
    """The bundle itself, cacheable for a year: its URL changes with its version."""
    if version != plotly_version():
        return redirect("web:plotly_js", version=plotly_version())
    etag = f'"plotly-{version}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response: HttpResponse
    content_type = "text/javascript; charset=utf-8"
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(_plotly_gzip(), content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = FileResponse(_plotly_path().open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Vary"] = "Accept-Encoding"
    response["ETag"] = etag
    return response
