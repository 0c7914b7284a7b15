import pytest

from tests.factories import make_user, store_engine
from tests.fakes.platforms import TOKEN, FakePlatforms, sample
from tests.fakes.serving import served
from triage.live import connections
from triage.live.intake import Intake
from triage.settings import Settings
from triage.store.db import session_scope
from triage.store.users import Role

APP_SECRET, VERIFY_TOKEN = "meta-app-secret-for-tests", "verify-me-please"


@pytest.fixture
def fake():
    """The platforms' APIs on 127.0.0.1, replaying recorded samples; yields (fake, base URL)."""
    platforms = FakePlatforms(
        graph_pages={"17955956875141196": [
                         sample("instagram", "sns-sdks__python-facebook__ig_media_comments_p1.json")],
                     "19292868552_10158407654328553": [
                         sample("facebook", "sns-sdks__python-facebook__fb_post_comments_p1.json"),
                         sample("facebook", "sns-sdks__python-facebook__fb_post_comments_p2.json")]},
        youtube_pages={"F1UP7wRCPH8": [
            sample("youtube", "sns-sdks__python-youtube__comment_threads_by_video_paged_1.json"),
            sample("youtube", "sns-sdks__python-youtube__comment_threads_by_video_with_replies.json")]},
        x_pages={"mentions:2244994945": [sample("x", "tweepy__tweepy__get_users_mentions.json")],
                 "search": [sample("x", "tweepy__tweepy__search_recent_tweets.json")]})
    with served(platforms.app) as url:
        yield platforms, url


@pytest.fixture
def settings(fake, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, url = fake
    return Settings(secret_key="live-test-" + "x" * 40, actions="live", graph_api_url=f"{url}/graph",
                    youtube_api_url=f"{url}/youtube/v3", x_api_url=f"{url}/x/2",
                    meta_app_secret=APP_SECRET, meta_verify_token=VERIFY_TOKEN)


@pytest.fixture
def intake(shipped_model):
    engine = store_engine()
    for name, role in (("ani", Role.ADMIN), ("sari", Role.SUPERVISOR)):
        make_user(engine, name, role)
    return Intake(engine, shipped_model)


def connect(intake, settings, name, kind, target, act=False, interval=60):
    with session_scope(intake.engine) as session:
        return connections.add(session, settings, name, kind, target, TOKEN, interval, act)
