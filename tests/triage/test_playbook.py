import pytest

from triage.labels import ACTIONS, Action, Label
from triage.playbook import ACTION_FOR_LABEL, action_for, reply_draft


def test_every_label_has_an_action_from_the_contract():
    assert set(ACTION_FOR_LABEL) == set(Label)
    assert {action.value for action in ACTION_FOR_LABEL.values()} <= set(ACTIONS)


@pytest.mark.parametrize(("label", "action"), [
    ("support", "like"),
    ("info_request", "reply"),
    ("complaint", "move_to_dm"),
    ("attack", "no_response"),
    ("fake_account", "no_response"),
    ("other", "no_response"),
])
def test_playbook_table_of_product_md(label, action):
    assert action_for(label) == action


def test_replies_have_a_draft_in_the_desk_tone():
    for label in (Label.INFO_REQUEST, Label.COMPLAINT):
        draft = reply_draft(label, action_for(label))
        assert draft.startswith("Halo Sahabat Pemasyarakatan")


def test_silent_actions_have_no_draft():
    assert reply_draft(Label.SUPPORT, Action.LIKE) is None
    assert reply_draft(Label.FAKE_ACCOUNT, Action.NO_RESPONSE) is None


def test_unknown_label_is_refused():
    with pytest.raises(ValueError):
        action_for("spam")
