"""Crisis mode on replayed streams: a burst far above a post's usual rate is a swarm; a steady
busy post is not; the swarm's comments group by the story they tell."""

from datetime import UTC, datetime, timedelta

import pytest

from triage.playbook.crisis import Attack, crisis_settings, find_burst, narratives

START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STORIES = {
    "fire": ["kebakaran lapas itu disengaja buat ngilangin barang bukti",
             "lapas sengaja dibakar biar barang bukti hilang",
             "kebakaran disengaja, barang bukti kasus dihilangkan",
             "itu kebakaran sengaja buat hilangkan bukti kasus besar"],
    "food": ["napi dikasih makan basi tiap hari, kalian tega",
             "makanan napi basi dan berulat, tega banget",
             "tiap hari napi makan nasi basi, tidak manusiawi"],
    "insult": ["admin bodoh ga ngerti apa apa", "bodoh banget adminnya ga ngerti",
               "admin bodoh, ga ngerti kerja"],
}


def stream(baseline: int, burst: int, burst_minutes: int = 40) -> list[Attack]:
    """`baseline` attacks spread over the day before, then `burst` within `burst_minutes`."""
    spacing, day_start = 1380 // max(baseline, 1), START - timedelta(hours=23)
    day_before = [Attack(i, day_start + timedelta(minutes=i * spacing), "x") for i in range(baseline)]
    swarm = [Attack(1000 + i, START + timedelta(minutes=i * burst_minutes // burst), f"serang {i}",
                    suspicious_author=i % 2 == 0) for i in range(burst)]
    return day_before + swarm


@pytest.fixture
def settings():
    return crisis_settings()


def test_a_burst_far_above_the_usual_rate_is_a_swarm(settings):
    burst = find_burst(stream(baseline=6, burst=30), settings)
    assert burst is not None and len(burst.attacks) == 30
    assert burst.expected == 1.0  # 6 a day is below the floor of one an hour
    assert burst.suspicious_share == 0.5


def test_a_post_that_is_always_busy_is_not_a_swarm(settings):
    # 24 attacks an hour all day long: 30 in the last hour is business as usual.
    steady = [Attack(i, START - timedelta(hours=24) + timedelta(minutes=2.5 * i), "x") for i in range(600)]
    assert find_burst(steady, settings) is None


def test_a_handful_of_attacks_is_never_a_swarm(settings):
    assert find_burst(stream(baseline=0, burst=settings.min_attacks - 1), settings) is None


def test_duplicate_share_counts_copy_pasted_attacks(settings):
    copies = [Attack(i, START + timedelta(minutes=i), "Lapas RUSUH, sebarkan!!!") for i in range(8)]
    others = [Attack(100 + i, START + timedelta(minutes=i), text)
              for i, text in enumerate(["bohong", "korup", "payah", "malu"])]
    assert find_burst(copies + others, settings).duplicate_share == pytest.approx(8 / 12)


def test_swarm_comments_group_by_the_story_they_tell(settings):
    texts = [text for story in STORIES.values() for text in story]
    groups = narratives(texts, settings.narrative_distance)
    found = sorted(sorted(texts[i] for i in g.members) for g in groups)
    assert found == sorted(sorted(story) for story in STORIES.values())
    fire = next(g for g in groups if "kebakaran disengaja, barang bukti kasus dihilangkan" in
                [texts[i] for i in g.members])
    assert "bukti" in fire.summary and texts[fire.representative] in STORIES["fire"]


def test_an_account_is_new_by_the_days_crisis_toml_gives_here_and_in_the_queues_reasons():
    from triage.model.decision import _behaviour_reasons
    from triage.model.fake_accounts import Behaviour, is_new
    from triage.playbook.crisis import new_account_days

    days = new_account_days()
    assert days == crisis_settings().new_account_days
    assert is_new(START - timedelta(days=days - 1), now=START) is True
    assert is_new(START - timedelta(days=days + 1), now=START) is False
    assert f"less than {days} days old" in _behaviour_reasons(Behaviour(new_account=True))[0]
