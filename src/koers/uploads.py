"""Checks on every uploaded file, before anything stores or opens it (ADR 0036).

A file is judged by what it is, not by its name: its first bytes (magic numbers), and for the
zip-based formats (XLSX, DOCX, PPTX, ODS, ODT, ODP) the archive's table of contents. An upload is
refused when

* its content is not one of the kinds the field accepts, or does not match its extension (a
  program or a web page renamed ``.png`` or ``.xlsx``);
* it is larger than the field's limit (``KOERS_UPLOAD_MAX_MB`` unless the field says less);
* it is a zip archive with more members than ``KOERS_UPLOAD_MAX_ZIP_MEMBERS``, or whose members
  together unpack to more than ``KOERS_UPLOAD_MAX_UNPACKED_MB`` or more than
  :data:`MAX_ZIP_RATIO` times its own size (a zip bomb). Only the archive's directory is read for
  this; Python's ``zipfile`` (which openpyxl and odfdo use) never unpacks more than a member
  declares, so the declared sizes bound the work.

Every check raises a :class:`~django.core.exceptions.ValidationError` with a message in the
reader's language; nothing is saved.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

HEAD_BYTES = 8192
MAX_ZIP_RATIO = 100


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "png": Kind(("png",)),
    "jpeg": Kind(("jpg", "jpeg")),
    "pdf": Kind(("pdf",)),
    "xlsx": Kind(("xlsx",)),
    "docx": Kind(("docx",)),
    "pptx": Kind(("pptx",)),
    "ods": Kind(("ods",)),
    "odt": Kind(("odt",)),
    "odp": Kind(("odp",)),
    "csv": Kind(("csv", "txt", "tsv")),
    "text": Kind(("txt",)),
    "json": Kind(("json", "geojson")),
    "zip": Kind(("zip",)),  # a Koers programme archive (ADR 0044)
}
IMAGES = ("png", "jpeg")
DOCUMENTS = ("pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "text", "csv", "png", "jpeg")

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_PARTS = {"xl/workbook.xml": "xlsx", "word/document.xml": "docx", "ppt/presentation.xml": "pptx"}
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<head", b"<body", b"<iframe")
_PROGRAM_STARTS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")


def max_upload_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _read_head(file: IO[bytes]) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _is_text(head: bytes) -> bool:
    """Whether the first bytes read as text: no control characters other than white space."""
    sample = head[:-4] if len(head) == HEAD_BYTES else head  # may end inside a character
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
        sample = sample[: len(sample) // 2 * 2]
    elif b"\x00" in sample:
        return False
    else:
        encodings = ("utf-8-sig", "latin-1")
    for encoding in encodings:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(ord(c) < 32 and c not in "\t\n\r\f" for c in text)
    return False


def check_zip(file: IO[bytes], *, size: int) -> list[str]:
    """The member names of a zip archive, after refusing a zip bomb; from its directory only."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > settings.UPLOAD_MAX_ZIP_MEMBERS:
                raise ValidationError(
                    _("The file holds %(count)s packed files; Koers opens at most %(limit)s.")
                    % {"count": len(members), "limit": settings.UPLOAD_MAX_ZIP_MEMBERS},
                    code="zip_members",
                )
            unpacked = sum(member.file_size for member in members)
            if unpacked > settings.UPLOAD_MAX_UNPACKED_BYTES or unpacked > MAX_ZIP_RATIO * max(size, 1):
                raise ValidationError(
                    _(
                        "The file unpacks to %(size)s, far more than its own size. Koers does not "
                        "open it. Save it again in its own program, or as CSV or PDF."
                    )
                    % {"size": filesizeformat(unpacked)},
                    code="zip_bomb",
                )
            names = [member.filename for member in members]
            mimetype = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise ValidationError(_("The file is damaged: it cannot be unpacked."), code="damaged") from exc
    finally:
        file.seek(0)
    return [*names, "mimetype:" + mimetype.decode("ascii", errors="replace")]


def detect(file: IO[bytes], *, size: int) -> str | None:
    """The kind of file this really is (a key of :data:`KINDS`), or ``None``."""
    head = _read_head(file)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        names = check_zip(file, size=size)
        for mimetype, kind in _ODF_MIMETYPES.items():
            if "mimetype:" + mimetype.decode() in names:
                return kind
        for part, kind in _OOXML_PARTS.items():
            if part in names:
                return kind
        return "zip"
    if head.startswith(_PROGRAM_STARTS) or not _is_text(head):
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_MARKUP_STARTS):
        return None  # a web page or an image with scripts in it
    if start.startswith((b"{", b"[")):
        return "json"
    return "csv"


def validate_upload(file: Any, *, kinds: Iterable[str], max_bytes: int | None = None) -> str:
    """Refuse ``file`` unless it really is one of ``kinds``, matches its extension and is within
    the limits; the kind it is, otherwise."""
    allowed = tuple(kinds)
    limit = min(max_bytes or max_upload_bytes(), max_upload_bytes())
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size > limit:
        message = _("The file is larger than %(limit)s. Make it smaller or split it.")
        raise ValidationError(message % {"limit": filesizeformat(limit)}, code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = detect(file, size=size)
    # A CSV whose first character is "[" or "{" is still a CSV; a text file is a CSV's cousin.
    accepted = {kind} | ({"csv", "text"} if kind in {"csv", "json"} else set())
    matches = sorted((k for k in allowed if k in accepted), key=lambda k: k != kind)
    extension = _extension(getattr(file, "name", "") or "")
    if not matches or extension not in {ext for k in matches for ext in KINDS[k].extensions}:
        names = ", ".join(sorted({KINDS[k].extensions[0].upper() for k in allowed}))
        raise ValidationError(
            _(
                "The content of this file does not match a kind Koers accepts here (%(kinds)s), or "
                "does not match its name. Koers looks at what is in a file, not only at its name."
            )
            % {"kinds": names},
            code="wrong_kind",
        )
    return matches[0]
