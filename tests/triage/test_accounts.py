import math
from datetime import UTC, datetime, timedelta

import pytest

from triage.accounts import SeenComment, behaviour, features, near_duplicate_key
from triage.classifier import Prediction
from triage.decision import AccountEvidence, decide

BOT = {"username": "slotgacor8812", "followers": 3, "following": 4100, "posts": 0,
       "has_profile_picture": False, "is_private": False, "bio": ""}
PERSON = {"username": "budi_santoso", "followers": 340, "following": 280, "posts": 120,
          "has_profile_picture": True, "is_private": False, "bio": "Warga Bandung, suka kopi"}


def test_missing_fields_are_unknown_not_zero():
    row = features({"username": "ani"})
    assert row[7] == 3 and row[8] == 0
    assert all(math.isnan(value) for value in row[:7])


def test_the_account_model_separates_a_bot_from_a_person(shipped_model):
    bot, person = shipped_model.accounts.score([BOT, PERSON])
    assert bot.suspicious and not person.suspicious
    assert bot.probability > person.probability


def test_a_bare_username_still_gets_a_score_but_never_decides(shipped_model):
    (score,) = shipped_model.accounts.score([{"username": "x8h2k91j0a"}])
    assert 0 <= score.probability <= 1 and score.known_fields == 2
    assert not score.suspicious


def prediction(label, confidence):
    rest = (1 - confidence) / 5
    probabilities = {name: rest for name in
                     ("support", "info_request", "complaint", "attack", "fake_account", "other")}
    probabilities[label] = confidence
    return Prediction(label, confidence, probabilities, ["the words x point to " + label])


class Score:
    def __init__(self, probability, suspicious):
        self.probability, self.suspicious = probability, suspicious


def test_a_suspicious_account_makes_chatter_fake_account():
    evidence = AccountEvidence(Score(0.9, True), reasons=("account score 0.90",))
    decided = decide(prediction("other", 0.6), evidence)
    assert decided.label == "fake_account" and decided.confidence == 0.9
    assert sum(decided.probabilities.values()) == pytest.approx(1, abs=1e-3)
    assert decided.reasons == ["account score 0.90", "the text alone reads as other (60%)"]


def test_a_complaint_from_an_odd_account_stays_a_complaint_for_review():
    decided = decide(prediction("complaint", 0.5), AccountEvidence(Score(0.9, True), reasons=("odd",)))
    assert decided.label == "complaint" and decided.needs_review and "odd" in decided.reasons


def test_a_genuine_account_changes_nothing():
    text = prediction("support", 0.7)
    assert decide(text, AccountEvidence(Score(0.1, False))) == text


def test_near_duplicates_ignore_numbers_mentions_and_order():
    assert near_duplicate_key("@a main di slot88 gacor 100%") == near_duplicate_key("gacor main di slot88 @b")


def test_behaviour_signals_count_accounts_bursts_and_new_accounts():
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    comments = [SeenComment(f"acc{i}", "wd lancar gacor", now, now - timedelta(days=2)) for i in range(3)]
    comments += [SeenComment("busy", f"komentar {i}", now + timedelta(minutes=i)) for i in range(5)]
    signals = behaviour(comments, now=now)
    assert [s.duplicate_accounts for s in signals[:3]] == [3, 3, 3]
    assert signals[0].new_account is True and signals[3].new_account is None
    assert signals[-1].burst == 5


def test_coordinated_text_is_fake_account_even_without_an_account_score():
    from triage.accounts import Behaviour

    decided = decide(prediction("support", 0.7), AccountEvidence(behaviour=Behaviour(duplicate_accounts=4)))
    assert decided.label == "fake_account"
    assert any("4 accounts" in reason for reason in decided.reasons)


def test_account_age_is_unknown_without_a_date_and_naive_times_are_utc():
    from triage.accounts import is_new

    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert is_new(None, now=now) is None
    assert is_new(datetime(2026, 11, 20), now=now) is True
    assert is_new(datetime(2025, 1, 1, tzinfo=UTC), now=now) is False
