"""The national map's boundaries as files of their own (`/dasbor/batas/<layer>-<version>.geojson`):
the 38 provinces' and 514 kab/kota's polygons, fetched by the dashboard's script from the same
server, named by a version of the packaged and loaded boundaries so that they are cached for
good, and gzip-encoded for a client that accepts it."""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache, lru_cache
from importlib import resources

from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from paritrana.regions.domain.boundaries import NATIONAL_OUTLINES, OUTLINES, shapes_for
from paritrana.regions.models import Region, RegionBoundary

# Layer: simplified for the national map (the 514 kab/kota) or as packaged (the 38 provinces).
NATIONAL_LAYERS = {"provinsi": False, "kabkota": True}


@cache
def _packaged_digest() -> str:
    """Of the packaged boundary files: a new release's polygons make new URLs."""
    digest = hashlib.sha256()
    for name in (OUTLINES, NATIONAL_OUTLINES):
        digest.update(resources.files("paritrana.regions").joinpath("data", name).read_bytes())
    return digest.hexdigest()


def boundaries_version() -> str:
    """Names the national map's boundary files as they are now: the packaged polygons and
    those loaded (how many, the last load). Part of their URL, so they are cached for good."""
    shapes = RegionBoundary.objects.aggregate(n=Count("pk"), last=Max("loaded_at"))
    last = shapes["last"]
    state = f"{_packaged_digest()}|{shapes['n']}|{last.isoformat() if last else ''}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def _boundary_file(layer: str, version: str) -> tuple[bytes, bytes]:
    """(JSON, gzipped JSON) of a layer's FeatureCollection: each region's polygon with its
    code as the feature id, as the map of `dashboard_map.dashboard_map` would carry it. Built
    once per process and version (the version changes with any boundary load)."""
    codes = Region.objects.filter(level=layer).order_by("code").values_list("code", flat=True)
    shapes = shapes_for(list(codes), national=NATIONAL_LAYERS[layer])
    features = [
        {"type": "Feature", "id": code, "properties": {}, "geometry": shape.geometry}
        for code, shape in shapes.items()
        if shape.geometry is not None
    ]
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    return text, gzip.compress(text, compresslevel=6, mtime=0)


def boundaries_geojson(request: HttpRequest, layer: str, version: str) -> HttpResponse:
    """The 38 provinces' or 514 kab/kota's polygons of the national map (GeoJSON), fetched by
    the page's script (same origin): cacheable for a year, since its URL changes with the
    boundaries; gzip-encoded for a client that accepts it."""
    if layer not in NATIONAL_LAYERS:
        raise Http404(_("Unknown region: %(code)s") % {"code": layer})
    current = boundaries_version()
    if version != current:
        return redirect("web:dashboard_boundaries", layer=layer, version=current)
    etag = f'"batas-{layer}-{version}"'
    response: HttpResponse
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        plain, packed = _boundary_file(layer, version)
        content_type = "application/geo+json"
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(packed, content_type=content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(plain, content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Vary"] = "Accept-Encoding"
    response["ETag"] = etag
    return response
