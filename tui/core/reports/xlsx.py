"""Provides the CSV export's table as an Excel workbook (`export --format xlsx` and the
app's export dialog).

LibreOffice's default CSV import ignores the byte-order mark and reads the file as a
legacy encoding, so the Chinese in a CSV export comes out garbled unless the person
picks UTF-8 in the import dialog. A workbook stores its text as Unicode: it opens the
same everywhere. openpyxl is imported only here, only for this format."""

from __future__ import annotations

import io
from collections.abc import Iterable


def workbook_bytes(rows: Iterable[list[str]]) -> bytes:
    """One sheet, "records", the header row frozen; every cell stored as text, so a
    note that starts with `=` is shown, never calculated."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("records")
    sheet.freeze_panes = "A2"
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, even when it starts with "="
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
