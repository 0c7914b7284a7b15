"""Every data file under responses/ is checked the same way: a broken copy is refused with a
DataFileError that names the file, the entry and the problem."""

import shutil

import pytest

from triage.errors import DataFileError, TriageError
from triage.playbook.crisis import read_crisis_settings
from triage.playbook.knowledge import read_entries
from triage.playbook.replies import read_reply_book
from triage.playbook.rules import read_playbook
from triage.playbook.workdays import read_local_days
from triage.settings import RESPONSES_DIR


def read(name: str, folder):
    """The app's reader of responses/<name>, pointed at the copy in `folder`."""
    if name in ("playbook.toml", "signals.toml"):
        return read_playbook(folder / "playbook.toml", folder / "signals.toml")
    readers = {"replies.toml": read_reply_book, "knowledge.toml": read_entries,
               "crisis.toml": read_crisis_settings, "holidays_local.toml": read_local_days}
    return readers[name](folder / name)


BROKEN = [  # file, what is replaced, by what, the entry the message must name, the problem it must say
    ("playbook.toml", 'priority = 0\n', 'priority = "urgent"\n', "rule 'serious complaint'", "priority"),
    ("playbook.toml", 'name = "chatter"\nlabel = "other"', 'name = "chatter"\nlabel = "complaint"',
     "auto.rule 'chatter'", "always waits for a person"),
    ("signals.toml", 'name = "kekerasan"\n', '', "topic 'kekerasan'", "name: Field required"),
    ("replies.toml", "[platform.x]\nmax_chars = 280", "[platform.x]\nmax_chars = -280", "platform 'x'",
     "max_chars"),
    ("replies.toml", "terima kasih atas laporannya. Mohon", "terima kasih goblok. Mohon",
     "template 'complaint' variant 1", '"goblok" must not appear'),
    ("knowledge.toml", 'id = "online_visit"', 'id = "visit_rules"', "entry 'visit_rules'", "a second entry"),
    ("knowledge.toml", 'id = "remission"\n', 'id = "remission"\nsauce = "x"\n', "entry 'remission'",
     "sauce: Extra inputs"),
    ("crisis.toml", "min_attacks = 10", "min_attacks = 1", "min_attacks", "greater than or equal to 2"),
    ("holidays_local.toml", "day = []", '[[day]]\ndate = "besok"\nname = "Cuti tambahan"',
     "day 'Cuti tambahan'", "needs a date"),
]


@pytest.mark.parametrize(("name", "old", "new", "entry", "problem"), BROKEN,
                         ids=[f"{case[0]}-{case[3]}" for case in BROKEN])
def test_a_broken_data_file_is_refused_naming_the_file_and_the_entry(tmp_path, name, old, new, entry,
                                                                   problem):
    for shipped in RESPONSES_DIR.glob("*.toml"):
        shutil.copy(shipped, tmp_path / shipped.name)
    read(name, tmp_path)  # the shipped copy reads
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        read(name, tmp_path)
    message = str(refused.value)
    assert message.startswith(f"{tmp_path / name}: {entry}: ")
    assert problem in message


@pytest.mark.parametrize("name", sorted(path.name for path in RESPONSES_DIR.glob("*.toml")))
def test_a_file_that_is_not_toml_is_refused_in_the_error_tree(tmp_path, name):
    for shipped in RESPONSES_DIR.glob("*.toml"):
        shutil.copy(shipped, tmp_path / shipped.name)
    (tmp_path / name).write_text("[rules\ngreeting = ", encoding="utf-8")
    with pytest.raises(TriageError, match=f"{name}: .*line 1"):
        read(name, tmp_path)


def test_the_six_data_files_are_all_covered():
    assert {path.name for path in RESPONSES_DIR.glob("*.toml")} == {case[0] for case in BROKEN}
