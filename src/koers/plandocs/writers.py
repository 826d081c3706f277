"""The plan of approach in its three formats: PDF/A (WeasyPrint, from a template) and ODT and DOCX
(the same headings, paragraphs and tables)."""

from __future__ import annotations

from koers.analysisdocs.writers import FlowDocument
from koers.reports.documents import DocxDocument, OdtDocument, render_pdf

from .content import PlanContent


def pdf(content: PlanContent) -> bytes:
    return render_pdf(
        "plandocs/document.html",
        {
            "content": content,
            "title": content.title,
            "author": content.organisation,
            "subtitle": content.subtitle,
        },
    )


def write_flow(document: FlowDocument, content: PlanContent) -> bytes:
    for line in content.subtitle:
        document.paragraph(line, note=True)
    for block in content.blocks:
        if block.kind == "heading":
            document.heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            document.paragraph(block.text, note=block.note)
        else:
            document.table(block.headers, block.rows, widths=block.widths)
    return document.to_bytes()


def odt(content: PlanContent) -> bytes:
    return write_flow(
        OdtDocument(title=content.title, author=content.organisation, subject=content.programme), content
    )


def docx(content: PlanContent) -> bytes:
    return write_flow(
        DocxDocument(title=content.title, author=content.organisation, subject=content.programme), content
    )
