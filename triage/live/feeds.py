"""What each kind of connection reads, and how it pages: only what is new since its cursor.

A cursor is the newest thing a connection has seen: X's newest post id (`since_id`), else the
newest comment time (ISO 8601, UTC), the APIs listing newest first so that paging stops at the
first page that reaches back to it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from triage.importers.fields import as_utc, get
from triage.live.platform_api import PlatformApi

MAX_PAGES = 10  # per poll; the rest comes with the next poll


@dataclass(frozen=True)
class Kind:
    platform: str
    target: str  # what the connection's target is, for `triage connect add --help` and errors


KINDS = {
    "youtube_threads": Kind("youtube", "a video id, or a channel id (UC...) for all its videos"),
    "x_mentions": Kind("x", "the desk's X user id (numeric): posts that mention it"),
    "x_search": Kind("x", "an X search query, e.g. '@ditjenpas OR pemasyarakatan'"),
    "instagram_media": Kind("instagram", "an Instagram media id (Graph API)"),
    "facebook_post": Kind("facebook", "a Facebook Page post id, PAGEID_POSTID (Graph API)"),
}

_X_FIELDS = {
    "expansions": "author_id",
    "tweet.fields": ("author_id,conversation_id,created_at,in_reply_to_user_id,public_metrics,"
                     "referenced_tweets"),
    "user.fields": "created_at,description,profile_image_url,protected,public_metrics,username,verified",
}
_INSTAGRAM_FIELDS = ("id,text,timestamp,username,from,like_count,hidden,parent_id,media{id,permalink},"
                     "replies{id,text,timestamp,username,from,like_count,hidden,parent_id}")
_FACEBOOK_FIELDS = ("id,message,created_time,from,like_count,is_hidden,permalink_url,attachment,parent{id},"
                    "object{id}")


@dataclass
class Harvest:
    documents: list[dict] = field(default_factory=list)  # API pages, each parsed by the importers
    cursor: str | None = None


def fetch(kind: str, api: PlatformApi, target: str, cursor: str | None) -> Harvest:
    return _FETCHERS[kind](api, target, cursor)


def _youtube_threads(api: PlatformApi, target: str, cursor: str | None) -> Harvest:
    params = {"part": "snippet,replies", "maxResults": 100, "order": "time", "textFormat": "plainText",
              ("allThreadsRelatedToChannelId" if target.startswith("UC") else "videoId"): target}
    return _by_time(lambda: api.get("commentThreads", params), params, "pageToken",
                    lambda page: get(page, "nextPageToken"), _youtube_times, cursor)


def _youtube_times(page: dict) -> list[str]:
    threads = page.get("items") if isinstance(page.get("items"), list) else []
    return [get(thread, "snippet", "topLevelComment", "snippet", "publishedAt") for thread in threads]


def _graph(fields: str, extra: dict) -> Callable[[PlatformApi, str, str | None], Harvest]:
    def fetch_comments(api: PlatformApi, target: str, cursor: str | None) -> Harvest:
        params = {"fields": fields, "limit": 100, **extra}
        return _by_time(lambda: api.get(f"{target}/comments", params), params, "after",
                        lambda page: get(page, "paging", "next") and get(page, "paging", "cursors", "after"),
                        _graph_times, cursor)
    return fetch_comments


def _graph_times(page: dict) -> list[str]:
    comments = page.get("data") if isinstance(page.get("data"), list) else []
    return [get(c, "timestamp") or get(c, "created_time") for c in comments]


def _by_time(read: Callable[[], dict], params: dict, page_param: str, next_page: Callable[[dict], object],
             times_of: Callable[[dict], list], cursor: str | None) -> Harvest:
    """Pages, newest first, until one reaches back to `cursor`; the cursor becomes the newest time."""
    harvest = Harvest(cursor=cursor)
    for _ in range(MAX_PAGES):
        page = read()
        harvest.documents.append(page)
        times = [moment.isoformat() for value in times_of(page) if (moment := as_utc(value))]
        harvest.cursor = max([t for t in (harvest.cursor, *times) if t], default=None)
        token = next_page(page)
        if not token or (cursor and any(t <= cursor for t in times)):
            break
        params[page_param] = token
    return harvest


def _x(path_of: Callable[[str], str], query_param: str | None) -> Callable:
    def fetch_posts(api: PlatformApi, target: str, cursor: str | None) -> Harvest:
        params = {"max_results": 100, **_X_FIELDS, **({query_param: target} if query_param else {})}
        if cursor:
            params["since_id"] = cursor
        harvest = Harvest(cursor=cursor)
        for index in range(MAX_PAGES):
            page = api.get(path_of(target), params)
            if isinstance(page.get("data"), list) and page["data"]:
                harvest.documents.append(page)
            if index == 0:  # the first page holds the newest post
                harvest.cursor = get(page, "meta", "newest_id") or cursor
            if not (token := get(page, "meta", "next_token")):
                break
            params["pagination_token"] = token
        return harvest
    return fetch_posts


_FETCHERS = {
    "youtube_threads": _youtube_threads,
    "x_mentions": _x(lambda user_id: f"users/{user_id}/mentions", None),
    "x_search": _x(lambda _query: "tweets/search/recent", "query"),
    "instagram_media": _graph(_INSTAGRAM_FIELDS, {}),
    "facebook_post": _graph(_FACEBOOK_FIELDS, {"filter": "stream", "order": "reverse_chronological"}),
}
