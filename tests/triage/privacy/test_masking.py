"""Masking and scrubbing outside the database: exports, log records, API answers, the training
corrections file."""

import csv
import logging

from triage.files import exports
from triage.privacy.masking import ERASED, MaskingLogFilter, masked_result, scrub, scrub_corrections

PHONE = "081234567890"
NIK = "3174051208900003"


def test_exports_mask_personal_data_and_leave_other_cells():
    table = exports.Table("t", ["text", "when", "count"],
                          [[f"NIK saya {NIK} wa {PHONE}", "2026-11-20T08:00:00+00:00", 1234567]])
    text = exports.to_csv(table)
    assert NIK not in text and PHONE not in text
    assert "[national id (NIK)]" in text and "2026-11-20T08:00:00+00:00" in text and "1234567" in text


def test_log_records_are_masked(caplog):
    logger = logging.getLogger("triage.test_privacy")
    logger.addFilter(MaskingLogFilter())
    with caplog.at_level(logging.INFO, logger="triage.test_privacy"):
        logger.info("rejected row: %s", f"hubungi wa {PHONE}")
    assert PHONE not in caplog.text and "[phone number]" in caplog.text


def test_api_answers_are_masked():
    result = {"reply_draft": f"hubungi {PHONE}", "reasons": [f'the words "wa {PHONE}"'], "label": "complaint"}
    masked = masked_result(result)
    assert PHONE not in str(masked) and masked["label"] == "complaint"


def test_scrub_removes_a_persons_words_and_mentions_but_not_ordinary_words():
    assert scrub("Halo @budi_s, terima kasih", [], ["budi_s"]) == f"Halo {ERASED}, terima kasih"
    assert scrub("Ani bilang begitu", [], ["ani"]) == "Ani bilang begitu"  # too short to be a bare name
    assert scrub("dia bilang: saya lapar sekali", ["saya lapar sekali"]) == f"dia bilang: {ERASED}"


def test_in_others_comments_a_bare_name_is_erased_only_when_no_ordinary_word_could_be_it():
    assert scrub("kata warga_77 benar", [], ["warga_77"], bare_names=False) == f"kata {ERASED} benar"
    text = "@sahabat dan sahabat lain"
    assert scrub(text, [], ["sahabat"], bare_names=False) == f"{ERASED} dan sahabat lain"
    assert scrub(text, [], ["sahabat"]) == f"{ERASED} dan {ERASED} lain"


def test_scrub_corrections_drops_the_rows_of_erased_texts_even_masked(tmp_path):
    path = tmp_path / "corrections.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "source", "source_label"])
        writer.writerow(["hubungi wa [phone number] ya", "complaint", "desk", "override 1 by ani"])
        writer.writerow(["jam besuk kapan", "info_request", "desk", "override 2 by ani"])
    assert scrub_corrections(path, [f"hubungi wa {PHONE} ya"]) == 1
    assert "jam besuk kapan" in path.read_text() and "hubungi" not in path.read_text()
