"""The safety analysis document in its three formats: PDF/A-2a (WeasyPrint, from a template, with
the charts drawn), and ODT and DOCX (the same headings, paragraphs and tables, charts as tables)."""

from __future__ import annotations

from typing import Any, Protocol

from django.utils.translation import gettext as _

from koers.reports.documents import DocxDocument, OdtDocument, render_pdf

from .content import DocumentContent, long_date


class FlowDocument(Protocol):
    def heading(self, text: Any, *, level: int = 2) -> None: ...
    def paragraph(self, text: Any, *, note: bool = False) -> None: ...
    def table(self, headers: Any, rows: Any, *, widths: Any = None) -> None: ...
    def to_bytes(self) -> bytes: ...


def subtitle(content: DocumentContent) -> list[str]:
    return [
        _("%(programme)s · %(municipality)s")
        % {"programme": content.programme, "municipality": content.municipality},
        _("Version %(number)s of %(date)s") % {"number": content.number, "date": long_date(content.made_on)},
        _("Data as of %(date)s") % {"date": long_date(content.data_as_of)},
    ]


def pdf(content: DocumentContent) -> bytes:
    return render_pdf(
        "analysisdocs/document.html",
        {
            "content": content,
            "title": content.title,
            "author": content.organisation,
            "subtitle": subtitle(content),
        },
    )


def write_flow(document: FlowDocument, content: DocumentContent) -> bytes:
    """The document as headings, paragraphs and tables, for ODT and DOCX alike."""
    for line in subtitle(content):
        document.paragraph(line, note=True)

    document.heading(_("Summary"), level=2)
    document.heading(_("Milestones of step 2"), level=3)
    document.table(
        [_("Milestone"), _("Met"), _("Detail")],
        [[m.title, _("yes") if m.met else _("not yet"), m.detail or "—"] for m in content.milestones],
        widths=[6, 1.5, 4],
    )
    document.heading(_("Headline figures"), level=3)
    document.table([_("Figure"), _("Value")], [list(line) for line in content.headlines], widths=[5, 2])

    document.heading(_("Figures"), level=2)
    if not content.figures:
        document.paragraph(_("There are no official crime figures for this municipality in Koers yet."))
    for block in content.figures:
        document.heading(block.heading, level=3)
        document.table(block.table.headers, block.table.rows, widths=block.table.widths)
        for note in block.notes:
            document.paragraph(note, note=True)

    document.heading(_("Findings"), level=2)
    if not content.findings:
        document.paragraph(_("No findings have been recorded yet."))
    for group in content.findings:
        document.heading(group.domain, level=3)
        for finding in group.findings:
            document.heading(finding.title, level=4)
            for detail in finding.details:
                document.paragraph(detail, note=True)
            document.paragraph(finding.text)
            if finding.story:
                document.paragraph(f"{_('The story behind the numbers')}: {finding.story}")
            if finding.evidence:
                document.paragraph(
                    _("Evidence") + ":\n" + "\n".join(f"– {item}" for item in finding.evidence)
                )
            else:
                document.paragraph(_("No evidence has been linked yet."), note=True)

    document.heading(_("Sources"), level=2)
    if content.sources.rows:
        document.table(content.sources.headers, content.sources.rows, widths=content.sources.widths)
    else:
        document.paragraph(_("The knowledge base has no sources yet."))

    document.heading(_("Experiences of the team"), level=2)
    document.paragraph(content.experience_summary)
    if content.experiences.rows:
        document.table(
            content.experiences.headers, content.experiences.rows, widths=content.experiences.widths
        )

    document.heading(_("Limits of the figures"), level=2)
    for text in content.limits:
        document.paragraph(text)
    return document.to_bytes()


def odt(content: DocumentContent) -> bytes:
    return write_flow(
        OdtDocument(title=content.title, author=content.organisation, subject=content.programme), content
    )


def docx(content: DocumentContent) -> bytes:
    return write_flow(
        DocxDocument(title=content.title, author=content.organisation, subject=content.programme), content
    )
