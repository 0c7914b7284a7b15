import importlib.util
from pathlib import Path

import pytest

from triage.model.normalise import normalise
from triage.playbook.knowledge import KNOWLEDGE_FILE, knowledge_base, read_entries
from triage.playbook.replies import reply_book
from triage.playbook.rules import playbook

BATIK = "Kalau mau pesen batik tulis buat seragam kantor bisa ga min? minimal order berapa"
_BENCH = Path(__file__).resolve().parents[3] / "bench" / "knowledge_eval.py"


def knowledge_eval():
    """bench/knowledge_eval.py, which owns the labelled questions and how they are scored."""
    spec = importlib.util.spec_from_file_location("knowledge_eval", _BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


@pytest.mark.parametrize(("question", "entry"), [
    ("besuuuk di rutan bawa KTP gak sih min", "visit_rules"),  # elongated, informal
    ("jadwal kunjungan tatap muka lapas hari minggu", "visit_rules"),
    ("daftar video call sama warga binaan gimana", "online_visit"),
    ("REMISI 17 AGUSTUS SIAPA YG DAPET", "remission"),  # shouting
    ("remsi lebaran kpn keluar", "remission"),  # misspelt
    ("pengusulan pembebasan bersyarat dipungut biaya ga?", "parole"),
    ("syarat cuti menjelang bebas buat napi", "conditional_leave"),
    ("program asimilasi napi syaratnya gmn", "assimilation"),
    ("boleh menitipkan makanan buat tahanan di rutan?", "goods_and_money"),  # "menitipkan" <- "titip"
    ("permohonan informasi publik ke PPID ditjenpas", "information_request"),
    ("pengaduan petugas lapas yang minta pungli kemana", "complaint_channel"),
    ("lowongan sipir cpns dibuka kapan", "recruitment"),
])
def test_other_phrasings_find_their_answer(question, entry):
    found = knowledge_base().match(question)
    assert found is not None and found.id == entry


@pytest.mark.parametrize("text", ["keren min", "hadir", "mantap semangat terus"])
def test_no_answer_is_claimed_for_what_is_not_a_question_we_know(text):
    assert knowledge_base().match(text) is None


@pytest.mark.parametrize("question", [
    BATIK,  # buying what inmates make
    "cara perpanjang paspor online gimana",  # another agency's service
    "bikin SKCK dimana ya min",
    "kapan Andi Wijaya bebas min?",  # a named prisoner's case
    "syarat pengajuan grasi ke presiden",  # near the topic, not in the knowledge base
    "berapa jumlah napi di indonesia sekarang",
])
def test_questions_the_knowledge_base_does_not_answer_get_no_answer(question):
    assert knowledge_base().match(question) is None


def test_a_batch_is_matched_as_each_question_alone():
    questions = [BATIK, "syarat remisi apa aja", "asimilsi", "hadir", "", "😂😂", "cara vidcall napi"]
    assert knowledge_base().match_all(questions) == [knowledge_base().match(q) for q in questions]
    assert knowledge_base().match_all([]) == []


def test_when_the_matcher_abstains_the_playbook_drafts_a_plain_invitation():
    book = playbook()
    verdict = book.decide(book.facts("info_request", BATIK))
    assert verdict.template == "info_answer"
    for draft in (book.draft(verdict, BATIK, "instagram", seed="c1"),
                  book.drafts([verdict], [BATIK], ["instagram"], ["c1"])[0]):
        assert draft.knowledge_id is None and draft.source is None
        assert draft.text == reply_book().render("info_unknown", "instagram", "c1")
        assert "DM" in draft.text


def test_the_test_half_keeps_the_precision_measured():
    """The floors sit just under what bench/knowledge_eval.py measured on the test half when the
    matcher was tuned on the tune half (the figures are in bench/README.md)."""
    bench = knowledge_eval()
    rows = [row for row in bench.read_questions() if row["split"] == "test"]
    figures = bench.figures(rows, bench.ids(knowledge_base().match_all([row["question"] for row in rows])))
    assert figures["precision"] >= 0.98
    assert figures["coverage"] >= 0.70  # abstaining on everything is not the answer
    assert figures["abstention"] >= 0.95


def test_the_labelled_questions_are_well_formed_and_apart_from_the_examples():
    bench = knowledge_eval()
    rows = bench.read_questions()
    ids = {entry.id for entry in read_entries(KNOWLEDGE_FILE)}
    assert len(rows) >= 150 and len({row["question"] for row in rows}) == len(rows)
    assert {row["entry"] for row in rows} == ids | {""}  # every entry asked about, and out of scope
    assert all(row["split"] == bench.split_of(row["question"]) for row in rows)
    examples = {normalise(q) for entry in read_entries(KNOWLEDGE_FILE) for q in entry.questions}
    assert not [row["question"] for row in rows if normalise(row["question"]) in examples]


def test_every_entry_names_its_source_and_facility_specific_ones_say_so():
    for entry in read_entries(KNOWLEDGE_FILE):
        assert entry.source and entry.short and len(entry.short) <= 120
        if entry.varies_by_facility:
            assert "UPT" in entry.answer and "UPT" in entry.short
