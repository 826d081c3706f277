"""Private file downloads: stored documents (PDF/A, ODT, DOCX, uploads) are served only through a
view that checked access first, as an attachment, never cached by a browser or proxy and never
sniffed as another type."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.text import slugify


def private_download(
    stored: Any, *, name: str, extension: str, suffix: str = "", content_type: str | None = None
) -> FileResponse:
    """``stored`` (a FieldFile) as an attachment called ``<slug of name><suffix>.<extension>``; the
    slug keeps file names plain ASCII and short (80 characters), "document" when nothing is left of
    ``name``; ``suffix`` (a version number, a period) is never cut off."""
    filename = f"{slugify(name)[:80] or 'document'}{suffix}.{extension}"
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
