import shutil

import pytest

from triage.labels import ACTIONS, Label
from triage.playbook.rules import RULES_FILE, SIGNALS_FILE, PlaybookError, action_for, playbook, read_playbook


def verdict(label: str, text: str):
    book = playbook()
    return book.decide(book.facts(label, text))


@pytest.mark.parametrize(("label", "action"), [
    ("support", "like"),
    ("info_request", "reply"),
    ("complaint", "move_to_dm"),
    ("attack", "no_response"),
    ("fake_account", "no_response"),
    ("other", "no_response"),
])
def test_plain_labels_follow_the_table_of_product_md(label, action):
    assert action_for(label) == action
    assert action in ACTIONS


@pytest.mark.parametrize(("label", "text", "action", "rule"), [
    ("info_request", "min jam besuk lapas cipinang kapan?", "reply", "general information request"),
    ("info_request", "PB suami saya kapan keluar min", "move_to_dm",
     "request about a specific person or case"),
    ("info_request", "my brother is in rutan salemba, when is his release?", "move_to_dm",
     "request about a specific person or case"),
    ("info_request", "NIK saya 3174051203850002 kok ditolak daftar kunjungan", "move_to_dm",
     "personal data posted in public"),
    ("complaint", "keluarga saya dimintai uang sama petugas", "move_to_dm", "serious complaint"),
    ("complaint", "adik saya dipukuli di dalam", "move_to_dm", "serious complaint"),
    ("complaint", "sabu beredar bebas di blok C", "move_to_dm", "serious complaint"),
    ("complaint", "pelayanan lambat banget", "move_to_dm", "complaint"),
    ("attack", "katanya napi bisa keluar masuk bayar 5 juta, sebarkan!", "pin_clarification",
     "attack that misinforms or is excessive"),
    ("attack", "serbu akun ini, bubarkan lapas", "pin_clarification", "excessive attack"),
    ("attack", "dasar petugas makan gaji buta", "no_response", "ordinary attack"),
    ("fake_account", "slot gacor wa 0812-3456-7890", "no_response", "suspected fake account"),
])
def test_context_changes_the_action(label, text, action, rule):
    result = verdict(label, text)
    assert (result.action, result.rule) == (action, rule)


def test_serious_complaints_come_before_ordinary_ones_and_are_logged():
    serious, ordinary = verdict("complaint", "ada pungli di rutan"), verdict("complaint", "antrian lama")
    assert serious.priority < ordinary.priority
    assert serious.follow_up and ordinary.follow_up
    assert "pungutan liar" in serious.reason


def test_personal_data_suggests_hiding_and_names_what_was_found():
    result = verdict("complaint", "hubungi saya di 0812-3456-7890, anak saya dipukul")
    assert result.hide and "phone number" in result.reason


def test_elongated_and_capitalised_signals_still_match():
    assert verdict("complaint", "ada PUNGLIIII di lapas").rule == "serious complaint"


def test_information_request_draft_answers_from_the_knowledge_base_with_its_source():
    book = playbook()
    text = "syarat remisi apa aja min?"
    draft = book.draft(book.decide(book.facts("info_request", text)), text, "instagram", seed="c1")
    assert "berkelakuan baik" in draft.text and draft.text.startswith(("Halo", "Hai", "Terima"))
    assert "Permenkumham 7/2022" in draft.source


def test_short_platforms_get_the_short_answer():
    book = playbook()
    text = "syarat remisi apa aja min?"
    result = book.decide(book.facts("info_request", text))
    assert len(book.draft(result, text, "tiktok", seed="c1").text) <= 150
    assert len(book.draft(result, text, "x", seed="c1").text) <= 280


def test_unknown_questions_get_an_invitation_not_an_invented_answer():
    book = playbook()
    text = "min kenapa logo instagramnya berubah?"
    draft = book.draft(book.decide(book.facts("info_request", text)), text, "instagram", seed="c1")
    assert "DM" in draft.text and draft.source is None


def test_silent_actions_have_no_draft():
    book = playbook()
    assert book.draft(verdict("support", "mantap"), "mantap", "instagram", "c1") is None


def copy_rules(tmp_path):
    rules, signals = tmp_path / "playbook.toml", tmp_path / "signals.toml"
    shutil.copy(RULES_FILE, rules)
    shutil.copy(SIGNALS_FILE, signals)
    return rules, signals


@pytest.mark.parametrize(("old", "new", "message"), [
    ('action = "like"', 'action = "applaud"', "'support'"),
    ('template = "complaint"\n', 'template = "no_such"\n', "no template 'no_such'"),
    ('topic = ["pungli", "kekerasan", "narkoba"]', 'topic = ["pungli", "gossip"]', "unknown topic"),
    ('when = { label = "other" }', 'when = { label = "other", mood = "sad" }', "'nothing to do'"),
    ('when = { label = "other" }', 'when = { label = "other", in_swarm = true }', "plain 'other'"),
])
def test_a_broken_rules_file_is_refused_with_the_rule_named(tmp_path, old, new, message):
    rules, signals = copy_rules(tmp_path)
    text = rules.read_text()
    assert old in text
    rules.write_text(text.replace(old, new, 1))
    with pytest.raises(PlaybookError, match=message):
        read_playbook(rules, signals)


def test_a_supervisor_can_change_a_rule(tmp_path):
    rules, signals = copy_rules(tmp_path)
    rules.write_text(rules.read_text().replace(
        'name = "ordinary attack"\nwhen = { label = "attack" }\naction = "no_response"',
        'name = "ordinary attack"\nwhen = { label = "attack" }\naction = "no_response"\n# edited', 1)
        .replace('priority = 3\nreason = "Ordinary attack', 'priority = 1\nreason = "Ordinary attack', 1))
    book = read_playbook(rules, signals)
    assert book.decide(book.facts(Label.ATTACK, "jelek")).priority == 1


@pytest.mark.parametrize(("text", "topic"), [
    ("ada PUNGLIIII di lapas", "pungli"),
    ("keluarga saya DIMINTAI   uang!!", "pungli"),  # a phrase of two words, spacing and case aside
    ("sabun mandi di kantin mahal", None),  # "sabu" is a whole word, not the start of one
    ("dimintai tolong bawa uang", None),  # the words of a phrase must come together
    ("s4bu beredar", "narkoba"),  # leetspeak, as the model reads it
])
def test_phrases_match_whole_words_in_the_form_the_model_reads(text, topic):
    assert playbook().facts("complaint", text).topic == topic


def test_facts_are_the_same_from_the_models_normalised_text_as_from_the_raw_text(classifier):
    book = playbook()
    texts = ["ada pungli di rutan", "adik saya dipukuli", "hoax!!! sebarkan, bubarkan lapas", "mantap",
             "NIK saya 3174051203850002", "sabu sabu beredar di blok C"]
    _, _, _, normalised = classifier.top(texts)
    assert classifier.reads_like_playbook and normalised is not None
    for label in ("complaint", "info_request", "attack", "other"):
        assert (book.facts_all([label] * len(texts), texts, normalised)
                == book.facts_all([label] * len(texts), texts))
