import csv
import io

from openpyxl import load_workbook

from triage.files.exports import Table, spreadsheet_safe, to_csv, to_xlsx

HOSTILE = ["=HYPERLINK(\"http://evil\",\"klik\")", "+62 812", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd"]
FRIENDLY = ["Semangat min 💪🙏", "pungli di rutan, tolong ditindak", "jam besuk kapan?", "café ümlaut ñ"]


def test_cells_that_would_be_formulas_are_neutralised():
    assert [spreadsheet_safe(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert [spreadsheet_safe(v) for v in FRIENDLY] == FRIENDLY
    assert spreadsheet_safe(-3) == -3  # numbers stay numbers


def test_csv_round_trip_keeps_indonesian_text_and_emoji_and_no_formula():
    table = Table("t", ["text"], [[v] for v in HOSTILE + FRIENDLY])
    text = to_csv(table)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    values = [row[0] for row in rows[1:]]
    assert values[len(HOSTILE):] == FRIENDLY
    assert all(v.startswith("'") for v in values[: len(HOSTILE)])


def test_xlsx_round_trip_keeps_text_and_holds_no_formula():
    table = Table("comments", ["text", "count"], [[v, 1] for v in HOSTILE + FRIENDLY])
    sheet = load_workbook(io.BytesIO(to_xlsx([table])))["comments"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert [c.value for c in cells][len(HOSTILE):] == FRIENDLY
    assert [c.value for c in cells][0] == "'" + HOSTILE[0]
    assert sheet.cell(row=2, column=2).value == 1
