"""Django templates to PDF bytes with WeasyPrint, strictly offline.

Government intranets are often cut off from the internet, and a PDF that silently fetches a
font or an image from a URL would leak who prints what. So every resource a template needs is
inline (print CSS in a <style> element, charts as inline SVG, the certificate logo as a data:
URI) and WeasyPrint is given a URL fetcher that refuses everything but data: URIs: http(s),
ftp and file URLs are never opened. Fonts come from the system through fontconfig (DejaVu on
Debian), named in the templates' CSS.
"""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_CONTENT_TYPE = "application/pdf"


class OfflineFetcher(URLFetcher):
    """Opens data: URIs only; every other URL is refused and remembered in `refused`."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"Sumber luar ditolak (PDF dibuat tanpa internet): {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str, *, fetcher: OfflineFetcher | None = None) -> bytes:
    """PDF bytes of an HTML document whose resources are all inline."""
    document = HTML(string=html, base_url=None, url_fetcher=fetcher or OfflineFetcher())
    return bytes(document.write_pdf())


def render_pdf(
    template_name: str, context: dict[str, Any], *, fetcher: OfflineFetcher | None = None
) -> bytes:
    """Render a Django template (page size and print CSS inside it) to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context), fetcher=fetcher)


def data_uri(content: bytes, content_type: str) -> str:
    """Inline an image so the PDF needs no file or URL."""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
