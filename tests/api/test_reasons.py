"""The playbook's and the model's reasons, stored in English, shown in the user's language."""

from zoneinfo import ZoneInfo

import pytest

from api import i18n, reasons
from tests.api.test_translations import catalogue
from triage.model.cues import DESCRIPTIONS
from triage.playbook.rules import playbook


@pytest.fixture
def indonesian():
    token = i18n.current.set(i18n.Locale("id", ZoneInfo("Asia/Jakarta")))
    yield
    i18n.current.reset(token)


def test_every_rule_reason_has_indonesian_with_the_same_placeholders():
    for rule in playbook().rules:
        assert rule.reason_id, rule.name
        for slot in ("{topic}", "{personal_data}"):
            assert (slot in rule.reason) == (slot in rule.reason_id), rule.name


def test_every_cue_description_is_in_the_catalogue():
    msgids = {m.id for m in catalogue() if m.id}
    assert not set(DESCRIPTIONS.values()) - msgids


def test_reasons_in_indonesian(indonesian):
    stored = ("Complaint about pungutan liar: acknowledge publicly, continue in DM, log for follow-up "
              "(high priority).")
    assert reasons.translate(stored) == ("Keluhan tentang pungutan liar: tanggapi secara publik, lanjutkan "
                                         "di DM, catat untuk tindak lanjut (prioritas tinggi).")
    assert reasons.translate('the words "uang" point to complaint') == 'kata "uang" mengarah ke complaint'
    assert (reasons.translate("the writer speaking of themselves with a problem word points to complaint")
            == "penulis berbicara tentang dirinya dengan kata masalah mengarah ke complaint")
    assert reasons.translate("the same text came from 4 accounts") == "teks yang sama datang dari 4 akun"
    assert reasons.translate("something new") == "something new"  # shown as stored, never lost


def test_reasons_stay_as_stored_in_english():
    token = i18n.current.set(i18n.Locale("en", ZoneInfo("Asia/Jakarta")))
    try:
        english = 'the words "uang" point to complaint'
        assert reasons.translate(english) == english
    finally:
        i18n.current.reset(token)
