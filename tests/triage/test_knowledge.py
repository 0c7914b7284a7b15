import pytest

from triage.knowledge import KNOWLEDGE_FILE, knowledge_base, read_entries


@pytest.mark.parametrize(("question", "entry"), [
    ("min jam besuk lapas cipinang kapan?", "visit_rules"),
    ("what are the visiting hours", "visit_rules"),
    ("syarat remisi apa aja", "remission"),
    ("PB bapak saya kapan keluar", "parole"),
    ("gmn cara kirim duit ke napi", "goods_and_money"),
    ("mau lapor pungli kemana", "complaint_channel"),
    ("hak napi apa aja min", "prisoner_rights"),
    ("kapan pendaftaran poltekip dibuka", "recruitment"),
])
def test_questions_find_their_answer(question, entry):
    assert knowledge_base().match(question).id == entry


@pytest.mark.parametrize("text", ["keren min", "hadir", "mantap semangat terus"])
def test_no_answer_is_claimed_for_what_is_not_a_question_we_know(text):
    assert knowledge_base().match(text) is None


def test_every_entry_names_its_source_and_facility_specific_ones_say_so():
    for entry in read_entries(KNOWLEDGE_FILE):
        assert entry.source and entry.short and len(entry.short) <= 120
        if entry.varies_by_facility:
            assert "UPT" in entry.answer and "UPT" in entry.short
