"""Small documents made of blocks — headings, paragraphs and tables — written as PDF/A and as
ODT from the same content: the meeting minutes and the evaluation reports. An app gathers a
:class:`BlockDocument` (its content, no layout); :func:`response` lays it out in the wanted format.
Such documents are small, so they are made in the request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpResponse

from .documents import OdtDocument, odt_response, pdf_response

TEMPLATE = "reports/blocks.html"
FORMATS = ("pdf", "odt")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "table"
    text: str = ""
    level: int = 2
    note: bool = False
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] | None = None


@dataclass
class BlockDocument:
    """A document's content: the title, the organisation (its author), the programme (in the page
    footer), lines under the title, and the blocks."""

    title: str
    organisation: str
    programme: str
    subtitle: list[str]
    blocks: list[Block]


def odt(content: BlockDocument) -> OdtDocument:
    document = OdtDocument(title=content.title, author=content.organisation, subject=content.programme)
    for line in content.subtitle:
        document.paragraph(line, note=True)
    for block in content.blocks:
        if block.kind == "heading":
            document.heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            document.paragraph(block.text, note=block.note)
        else:
            document.table(block.headers, block.rows, widths=block.widths)
    return document


def response(content: BlockDocument, fmt: str, *, filename: str, template: str = TEMPLATE) -> HttpResponse:
    """``content`` as a PDF/A (``fmt == "pdf"``) or ODT download."""
    if fmt == "pdf":
        return pdf_response(
            template,
            {"content": content, "title": content.title, "author": content.organisation},
            filename=filename,
        )
    return odt_response(odt(content), filename=filename)
