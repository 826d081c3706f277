"""Documents that every app shares: PDF/A from an HTML template (WeasyPrint) and ODT (odfdo).

PDF documents are rendered from a template that extends ``reports/document.html``, which gives
the document its language, title, author and date, with the shared print stylesheet
``reports/print.css`` (A4, plain and readable). They are written as PDF/A-2a: part 2 is the
PDF/A that Dutch archives accept most widely (Koers attaches no files, so part 3 adds nothing),
and level A means a tagged PDF with Unicode text, which screen readers can follow. Rendering
never reaches the network: the URL fetcher serves only ``data:`` URLs and files inside Koers's own
static folder.

ODT documents are built with :class:`OdtDocument` (title, headings, paragraphs, simple tables) and
sent with :func:`odt_response`. :class:`DocxDocument` builds the same structure as a Word document
(python-docx), for readers who cannot open ODT.

WeasyPrint, odfdo and python-docx are imported when a document is made, never when a web worker
starts.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.http import content_disposition_header

from .tabular import safe_filename

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-2a"
PDF_CONTENT_TYPE = "application/pdf"
ODT_CONTENT_TYPE = "application/vnd.oasis.opendocument.text"
STYLESHEET = "reports/print.css"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

HEADING_COLOUR = "#154273"
MUTED_COLOUR = "#4d4d4d"
BODY_FONT = "Liberation Sans"
TEXT_WIDTH_CM = 17  # A4 less the template's 2 cm margins
TABLE_BORDER = "0.5pt solid #8c8c8c"


class RefusedURL(ValueError):
    """A document asked for something outside Koers; it is left out."""


def local_url_fetcher(roots: Iterable[Path] = (STATIC_DIR,)) -> URLFetcher:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files under ``roots`` only."""
    from weasyprint.urls import URLFetcher

    allowed = tuple(Path(root).resolve() for root in roots)

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in allowed) and path.is_file():
                    return super().fetch(url, headers)
            raise RefusedURL(f"documents load nothing from {url[:200]}")

    return LocalOnlyFetcher(timeout=2, allowed_protocols={"data", "file"}, allow_redirects=False)


def document_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context a document template sees: what the view gave, plus when it was made."""
    created = timezone.localtime().replace(microsecond=0)
    return {"created": created, "created_w3c": created.isoformat(), **context}


def render_pdf(template_name: str, context: Mapping[str, Any]) -> bytes:
    """``template_name`` rendered to a tagged PDF/A document.

    The template gives the title (``<title>``), the author (``<meta name="author">``) and the
    language (``<html lang>``); ``reports/document.html`` takes them from ``title`` and ``author``
    in the context and from the active language.
    """
    # WeasyPrint reports every rendering step at INFO; its warnings (a refused URL) still show.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import CSS, HTML

    fetcher = local_url_fetcher()
    html = render_to_string(template_name, document_context(context))
    stylesheet = CSS(string=render_to_string(STYLESHEET), url_fetcher=fetcher)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=[stylesheet],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        uncompressed_pdf=False,
    )
    assert pdf is not None
    return bytes(pdf)


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(template_name: str, context: Mapping[str, Any], *, filename: str) -> HttpResponse:
    """A download of ``template_name`` as a PDF/A document."""
    return _download(
        render_pdf(template_name, context),
        content_type=PDF_CONTENT_TYPE,
        filename=safe_filename(filename, "pdf"),
    )


class OdtDocument:
    """A plain OpenDocument text: a title, headings, paragraphs and simple tables.

    >>> doc = OdtDocument(title="Afspraken", author="Gemeente Voorbeeldstad")
    >>> doc.heading("Vergaderstructuur", level=2)
    >>> doc.paragraph("Het projectteam komt elke maand bij elkaar.")
    >>> doc.table(["Gremium", "Voorzitter"], [["Stuurgroep", "Wethouder"]])
    >>> data = doc.to_bytes()
    """

    def __init__(self, *, title: str, author: str = "", subject: str = "", language: str | None = None):
        from odfdo import Document

        self.title = force_str(title)
        self._document = Document("text")
        self._body = self._document.body
        self._body.clear()
        self._tables = 0
        self._column_styles: dict[str, str] = {}  # width -> name of its automatic column style
        meta = self._document.meta
        meta.set_title(self.title)
        meta.set_language(language or translation.get_language() or "nl")
        if author:
            meta.set_initial_creator(force_str(author))
            meta.set_creator(force_str(author))
        if subject:
            meta.set_subject(force_str(subject))
        meta.set_generator("Koers")
        now = timezone.localtime().replace(microsecond=0, tzinfo=None)
        meta.set_creation_date(now)
        meta.set_modification_date(now)
        self._set_up_styles(meta.get_language() or "nl")
        self.heading(self.title, level=1)

    def _set_up_styles(self, language: str) -> None:
        """Koers's look on odfdo's template: sans-serif text in the document's language, dark blue
        headings without numbers, bordered table cells."""
        from odfdo import Style

        document = self._document
        styles = document.styles
        lang, _sep, country = language.lower().partition("-")
        country = (country or {"nl": "NL", "en": "GB"}.get(lang, "")).upper()
        # The template's defaults are a serif font and French.
        for properties in styles.get_elements("//style:default-style/style:text-properties"):
            properties.set_attribute("fo:language", lang)
            properties.set_attribute("fo:country", country or "none")
            properties.set_attribute("style:font-name", BODY_FONT)
            properties.set_attribute("fo:font-size", "10.5pt")
        for level_style in styles.get_elements("//text:outline-style/text:outline-level-style"):
            level_style.set_attribute("style:num-format", "")
            for attribute in ("style:num-suffix", "loext:num-list-format", "text:display-levels"):
                if level_style.get_attribute(attribute) is not None:
                    level_style.del_attribute(attribute)
        for level, size in ((1, "18pt"), (2, "13pt"), (3, "11pt")):
            style = document.get_style("paragraph", f"Heading_20_{level}")
            if isinstance(style, Style):
                style.set_properties(
                    {
                        "fo:color": HEADING_COLOUR,
                        "fo:font-size": size,
                        "fo:font-style": "normal",
                        "style:font-style-complex": "normal",
                    },
                    area="text",
                )
        document.insert_style(
            Style("table-cell", name="KoersCell", border=TABLE_BORDER, padding="0.1cm"), automatic=True
        )
        document.insert_style(
            Style("table", name="KoersTable", width=f"{TEXT_WIDTH_CM}cm", align="margins"), automatic=True
        )
        contents = Style(
            "paragraph", name="Table_20_Contents", display_name="Table Contents", parent_style="Standard"
        )
        contents.set_properties({"fo:font-size": "9.5pt"}, area="text")
        document.insert_style(contents)
        document.insert_style(
            Style(
                "paragraph",
                name="Table_20_Heading",
                display_name="Table Heading",
                parent_style="Table_20_Contents",
                area="text",
                bold=True,
            )
        )
        note = Style("paragraph", name="KoersNote", display_name="Note", parent_style="Text_20_body")
        note.set_properties({"fo:color": MUTED_COLOUR, "fo:font-size": "9pt"}, area="text")
        document.insert_style(note)

    def heading(self, text: Any, *, level: int = 2) -> None:
        from odfdo import Header

        header = Header(level, force_str(text))
        header.style = f"Heading_20_{level}"
        self._body.append(header)

    def paragraph(self, text: Any, *, note: bool = False) -> None:
        """A paragraph; line breaks in ``text`` stay line breaks."""
        from odfdo import Paragraph

        self._body.append(Paragraph(force_str(text), style="KoersNote" if note else "Text_20_body"))

    def table(
        self, headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, widths: Sequence[float] | None = None
    ) -> None:
        """A table with a header row that repeats on every page. ``widths`` are the columns'
        relative widths (the table spans the text width); without them the columns are equal."""
        from odfdo import Cell, Column, Paragraph, Row, Style, Table
        from odfdo.header_rows import HeaderRows

        self._tables += 1
        name = f"Table{self._tables}"
        table = Table(name, style="KoersTable")
        if widths:
            if len(widths) != len(headers):
                raise ValueError("one width per column")
            total = sum(widths)
            for width in widths:
                # One automatic style per distinct width, shared by the tables: inserting a style
                # searches the whole document so far, so one per column of every table grows
                # quadratically with a long document (a plan with hundreds of tables).
                size = f"{TEXT_WIDTH_CM * width / total:.2f}cm"
                column_style = self._column_styles.get(size)
                if column_style is None:
                    column_style = f"KoersColumn{len(self._column_styles) + 1}"
                    self._document.insert_style(
                        Style("table-column", name=column_style, width=size), automatic=True
                    )
                    self._column_styles[size] = column_style
                table.append(Column(style=column_style))
        else:
            table.append(Column(repeated=len(headers)))

        def row_of(values: Sequence[Any], paragraph_style: str) -> Any:
            row = Row()
            for value in values:
                text = "" if value is None else force_str(value)
                cell = Cell(style="KoersCell")
                cell.set_attribute("office:value-type", "string")
                cell.append(Paragraph(text, style=paragraph_style))
                row.append(cell)
            return row

        header_rows = HeaderRows()
        header_rows.append(row_of(headers, "Table_20_Heading"))
        table.append(header_rows)
        for values in rows:
            table.append(row_of(values, "Table_20_Contents"))
        self._body.append(table)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._document.save(buffer)
        return buffer.getvalue()


def odt_response(document: OdtDocument, *, filename: str) -> HttpResponse:
    """A download of ``document`` as ODT."""
    return _download(
        document.to_bytes(), content_type=ODT_CONTENT_TYPE, filename=safe_filename(filename, "odt")
    )


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocxDocument:
    """A plain Word document (python-docx) with the same structure as :class:`OdtDocument`: a
    title, headings, paragraphs and simple tables, in the document's language.

    >>> doc = DocxDocument(title="Veiligheidsanalyse", author="Gemeente Voorbeeldstad")
    >>> doc.heading("Samenvatting", level=2)
    >>> doc.paragraph("Het aantal misdrijven daalt.")
    >>> doc.table(["Jaar", "Misdrijven"], [["2023", "1.204"]])
    >>> data = doc.to_bytes()
    """

    def __init__(self, *, title: str, author: str = "", subject: str = "", language: str | None = None):
        from docx import Document

        self.title = force_str(title)
        self._document = Document()
        language = language or translation.get_language() or "nl"
        lang, _sep, country = language.lower().partition("-")
        self._language = f"{lang}-{(country or {'nl': 'NL', 'en': 'GB'}.get(lang, lang)).upper()}"
        properties = self._document.core_properties
        properties.title = self.title
        properties.language = self._language
        properties.author = force_str(author)
        properties.last_modified_by = force_str(author)
        properties.subject = force_str(subject)
        properties.comments = "Koers"
        now = timezone.now().replace(microsecond=0)
        properties.created = now
        properties.modified = now
        self._set_up_styles()
        self.heading(self.title, level=1)

    def _set_up_styles(self) -> None:
        """Koers's look: sans-serif text in the document's language, dark blue headings."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        styles = self._document.styles
        normal = styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(10.5)
        # The language of the text (spelling, hyphenation, screen readers) lives in the default
        # run properties of the styles part.
        defaults = styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
        if properties is not None:
            language = properties.find(qn("w:lang"))
            if language is None:
                language = OxmlElement("w:lang")
                properties.append(language)
            language.set(qn("w:val"), self._language)
        colour = RGBColor.from_string(HEADING_COLOUR.lstrip("#").upper())
        for level, size in ((0, 20), (1, 18), (2, 13), (3, 11)):
            style = styles["Title" if level == 0 else f"Heading {level}"]
            style.font.name = BODY_FONT
            style.font.size = Pt(size)
            style.font.color.rgb = colour
            style.font.italic = False

    def heading(self, text: Any, *, level: int = 2) -> None:
        self._document.add_heading(force_str(text), level=level)

    def paragraph(self, text: Any, *, note: bool = False) -> None:
        """A paragraph; line breaks in ``text`` stay line breaks."""
        from docx.shared import Pt, RGBColor

        run = self._document.add_paragraph().add_run()
        for index, line in enumerate(force_str(text).split("\n")):
            if index:
                run.add_break()
            run.add_text(line)
        if note:
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor.from_string(MUTED_COLOUR.lstrip("#").upper())

    def table(
        self, headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, widths: Sequence[float] | None = None
    ) -> None:
        """A table with a header row that repeats on every page. ``widths`` are the columns'
        relative widths (the table spans the text width); without them the columns are equal."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        if widths and len(widths) != len(headers):
            raise ValueError("one width per column")
        table = self._document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        header_row = table.rows[0]
        header_properties = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_properties.append(repeat)
        for cell, value in zip(header_row.cells, headers, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(force_str(value))
            run.bold = True
            run.font.size = Pt(9.5)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=False):
                run = cell.paragraphs[0].add_run("" if value is None else force_str(value))
                run.font.size = Pt(9.5)
        if widths:
            total = sum(widths)
            for index, width in enumerate(widths):
                for cell in table.columns[index].cells:
                    cell.width = Cm(TEXT_WIDTH_CM * width / total)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._document.save(buffer)
        return buffer.getvalue()
