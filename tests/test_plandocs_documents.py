"""A long plan document has hundreds of tables (a programme with 50 sub-projects): the ODT writer
shares one column style per width between them instead of adding one per column of every table,
which made writing such a document grow quadratically."""

from __future__ import annotations

import io

from odfdo import Document

from koers.reports.documents import TEXT_WIDTH_CM, OdtDocument


def test_tables_with_the_same_widths_share_their_column_styles():
    document = OdtDocument(title="Plan van aanpak", author="Gemeente Eigenstad")
    for i in range(40):
        document.table(["Wat", "Wie"], [[f"Taak {i}", "Sanne"]], widths=[3, 1])
    document.table(["Bron", "Gepland", "Besteed"], [["Gemeente", "€ 1", "€ 0"]], widths=[2, 1, 1])
    reread = Document(io.BytesIO(document.to_bytes()))
    styles = {s.name: s for s in reread.get_styles(family="table-column")}
    widths = sorted(
        float(s.get_properties()["style:column-width"].removesuffix("cm")) for s in styles.values()
    )
    # 3:1 and 2:1:1 of the text width: three distinct widths, not 83 styles.
    expected = sorted(
        {round(TEXT_WIDTH_CM * 3 / 4, 2), round(TEXT_WIDTH_CM / 4, 2), round(TEXT_WIDTH_CM / 2, 2)}
    )
    assert widths == expected
    tables = reread.body.get_tables()
    assert len(tables) == 41
    for table in tables[:40]:
        used = [column.style for column in table.get_columns()]
        assert [styles[name].get_properties()["style:column-width"] for name in used] == [
            f"{TEXT_WIDTH_CM * 3 / 4:.2f}cm",
            f"{TEXT_WIDTH_CM / 4:.2f}cm",
        ]
    assert tables[39].get_cell((0, 1)).get_value() == "Taak 39"
