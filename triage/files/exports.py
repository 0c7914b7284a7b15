"""Tables for spreadsheets: CSV and Excel files that are safe to open.

A cell that begins with = + - @ (or a tab or carriage return) would be run as a formula by
spreadsheet programs; such cells are prefixed with an apostrophe, so a comment can never become
a formula in a supervisor's Excel (OWASP "CSV injection"). Personal data the guard finds in a
cell (a NIK, a phone number...) is masked: an export leaves the desk (UU 27/2022 PDP).
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from triage.privacy.masking import mask_cell

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    name: str  # sheet name (at most 31 characters in Excel)
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


def spreadsheet_safe(value: object) -> object:
    value = mask_cell(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    """UTF-8 CSV text with a byte-order mark, so Excel reads Indonesian text and emoji right;
    formulas neutralised and personal data masked."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h) for h in table.header])
    writer.writerows([spreadsheet_safe(v) for v in row] for row in table.rows)
    return "\ufeff" + buffer.getvalue()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        sheet.append([spreadsheet_safe(h) for h in table.header])
        for row in table.rows:
            sheet.append([spreadsheet_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
