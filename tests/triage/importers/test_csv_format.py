from datetime import UTC, datetime

import pytest

from triage.errors import InputFileError
from triage.importers import csv_format
from triage.importers.base import Author, BadRecord

HEADER = "id,text,author_display_name\n"


def test_csv_keeps_good_rows_and_reports_bad_ones(imported):
    result = imported(csv_format.parse, "comments.csv", "tiktok")
    assert list(result.comments) == ["tt-7301", "tt-7302", "tt-7303", "tt-7304", "tt-7308"]
    assert result.bad == [
        BadRecord("row 5", "comment has no id"),
        BadRecord("row 6", "text is empty", "tt-7306"),
        BadRecord("row 7", "row has a different number of fields than the header (16)", "tt-7307"),
    ]


def test_csv_maps_every_author_column(imported):
    comment = imported(csv_format.parse, "comments.csv", "tiktok").comments["tt-7301"]
    assert comment.text == "min, kalo mau kirim paket buat napi di lapas bisa lewat ojol ga?"
    assert comment.created_at == datetime(2026, 11, 20, 1, 15, 30, tzinfo=UTC)  # written at +07:00
    assert comment.platform == "tiktok"
    assert (comment.post_external_id, comment.parent_external_id) == ("vid-7300", None)
    assert comment.author == Author(
        username="dewi.lestari_", display_name="Dewi Lestari", followers=210, following=180, posts=35,
        has_profile_picture=True, is_private=False, bio="ibu rumah tangga, jualan online",
        created_at=datetime(2021, 6, 1, tzinfo=UTC), verified=False)


def test_csv_empty_cells_are_unknown(imported):
    comments = imported(csv_format.parse, "comments.csv", "tiktok").comments
    assert comments["tt-7302"].author == Author(username="fajar.n")
    assert comments["tt-7302"].parent_external_id == "tt-7301"
    assert comments["tt-7303"].author is None
    assert comments["tt-7303"].like_count is None and comments["tt-7303"].hidden is None


def test_csv_booleans_and_platform_ignore_case(imported):
    comment = imported(csv_format.parse, "comments.csv", "tiktok").comments["tt-7304"]
    assert comment.platform == "tiktok"
    assert (comment.author.has_profile_picture, comment.author.is_private) == (False, False)


def test_the_platform_argument_fills_rows_without_one(imported):
    comments = imported(csv_format.parse, "comments.csv", "instagram").comments
    assert comments["tt-7303"].platform == "instagram"
    assert comments["tt-7301"].platform == "tiktok"


def test_csv_keeps_line_breaks_and_drops_only_unreadable_values(imported):
    comment = imported(csv_format.parse, "comments.csv", "tiktok").comments["tt-7308"]
    assert comment.text == "min, jam besuk rutan pondok bambu kapan aja?\nmakasih"
    assert comment.created_at is None  # "kemarin"
    assert comment.author == Author(username="ibu.ratna")  # followers "banyak" is not a count


def test_jsonl_keeps_good_lines_and_reports_bad_ones(imported):
    result = imported(csv_format.parse, "comments.jsonl", "tiktok")
    assert list(result.comments) == ["9001", "9002", "9003"]
    assert [(b.position, b.external_id) for b in result.bad] == [
        ("line 4", None), ("line 6", "9005"), ("line 7", None), ("line 8", "9006")]
    assert result.bad[0].reason.startswith("not valid JSON")
    assert [b.reason for b in result.bad[1:]] == [
        "text is empty", "line is not a JSON object", "text is an array, not a string"]


def test_jsonl_reads_the_author_object(imported):
    comments = imported(csv_format.parse, "comments.jsonl", "tiktok").comments
    assert comments["9001"].author == Author(username="arif.kurnia", followers=45, following=60, posts=3,
                                             has_profile_picture=True, is_private=False, verified=False)
    assert comments["9002"].author == Author(username="lina_m", followers=120, has_profile_picture=True)
    assert comments["9002"].parent_external_id == "9001"  # a number in the file, a string here
    assert comments["9003"].author is None and comments["9003"].platform == "tiktok"


def test_injection_in_csv_is_kept_verbatim(imported, tmp_path):
    path = tmp_path / "in.csv"
    row = '1,<img src=x onerror=alert(1)>,"<script>alert(""nama"")</script>"\n'
    path.write_text(HEADER + row, encoding="utf-8")
    comment = imported(csv_format.parse, path, "tiktok").comments["1"]
    assert comment.text == "<img src=x onerror=alert(1)>"
    assert comment.author.display_name == '<script>alert("nama")</script>'


def test_a_byte_order_mark_is_not_part_of_the_first_column(imported, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(HEADER + "1,siap min,\n", encoding="utf-8-sig")
    assert list(imported(csv_format.parse, path, "tiktok").comments) == ["1"]


def test_a_csv_without_a_text_column_is_refused(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,komentar\n1,halo\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no 'text' column"):
        list(csv_format.parse(path, "tiktok"))


@pytest.mark.parametrize("name", ["in.csv", "in.jsonl"])
def test_a_latin1_file_is_read_as_windows_1252_not_refused(tmp_path, name):
    path = tmp_path / name
    text = "id,text\n1,\"kopi di kantin rutan enak, café banget\"\n" if name.endswith(".csv") else \
        '{"id": "1", "text": "kopi di kantin rutan enak, café banget"}\n'
    path.write_bytes(text.encode("latin-1"))
    (comment,) = list(csv_format.parse(path, "tiktok"))
    assert comment.text.endswith("café banget")
