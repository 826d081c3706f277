"""The progress report in two formats: PDF/A (WeasyPrint, from a template) and ODT (the same
headings, paragraphs and tables)."""

from __future__ import annotations

from koers.reports.documents import OdtDocument, render_pdf

from .content import ReportContent


def pdf(content: ReportContent) -> bytes:
    return render_pdf(
        "monitoring/report_document.html",
        {
            "content": content,
            "title": content.title,
            "author": content.organisation,
            "subtitle": content.subtitle,
        },
    )


def odt(content: ReportContent) -> bytes:
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
    return document.to_bytes()
