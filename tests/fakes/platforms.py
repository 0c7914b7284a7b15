"""A small local stand-in for the platforms' APIs (Graph, YouTube Data v3, X v2), started by the
tests on 127.0.0.1. It replays the recorded samples in tests/fixtures/platform-samples as pages,
answers with faults when told to (429 with Retry-After, 500), checks that a token came in the
header the real API reads, and records every call the desk makes so tests can count them."""

import copy
import itertools
import json
import random
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "platform-samples"
TOKEN = "fake-token-1234567890"


def sample(platform: str, name: str) -> dict:
    return json.loads((SAMPLES / platform / name).read_text(encoding="utf-8"))


@dataclass
class Call:
    method: str
    path: str
    params: dict
    body: dict


@dataclass
class FakePlatforms:
    graph_pages: dict[str, list[dict]] = field(default_factory=dict)  # object id -> comment pages
    youtube_pages: dict[str, list[dict]] = field(default_factory=dict)  # video id -> thread pages
    x_pages: dict[str, list[dict]] = field(default_factory=dict)  # "mentions:ID" / "search" -> pages
    calls: list[Call] = field(default_factory=list)  # every request, in order
    faults: deque = field(default_factory=deque)  # (status, retry_after) answered to the next requests
    error_rate: float = 0.0  # share of requests answered 500 at random
    replies: dict[str, list[dict]] = field(default_factory=dict)  # comment id -> replies posted
    seed: int = 7

    def __post_init__(self):
        self.random = random.Random(self.seed)
        self.ids = itertools.count(1)
        self.app = self._app()

    def posted(self, method: str = "POST") -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def fail_next(self, count: int, status: int, retry_after: int | None = None) -> None:
        self.faults.extend([(status, retry_after)] * count)

    def _fault(self) -> JSONResponse | None:
        if self.faults:
            status, retry_after = self.faults.popleft()
        elif self.error_rate and self.random.random() < self.error_rate:
            status, retry_after = 500, None
        else:
            return None
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        return JSONResponse({"error": {"message": f"fake fault {status}", "code": status}}, status, headers)

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def record_and_check(request: Request, call_next):
            raw = await request.body()
            body = _decoded(raw, request.headers.get("content-type", ""))
            self.calls.append(Call(request.method, request.url.path, dict(request.query_params), body))
            if not _authorised(request):
                return JSONResponse({"error": {"message": "Invalid OAuth access token", "code": 190}}, 401)
            return self._fault() or await call_next(request)

        @app.get("/graph/{object_id}/comments")
        def graph_comments(object_id: str, after: str = "0"):
            if object_id in self.graph_pages:
                return _graph_page(self.graph_pages[object_id], int(after))
            return {"data": [{"id": r["id"], "message": r["text"]} for r in self.replies.get(object_id, [])]}

        @app.get("/graph/{comment_id}/replies")
        def graph_replies(comment_id: str):
            return {"data": self.replies.get(comment_id, [])}

        @app.post("/graph/{comment_id}/replies")
        @app.post("/graph/{comment_id}/comments")
        async def graph_reply(comment_id: str, request: Request):
            form = await request.form()
            return {"id": self._reply(comment_id, form.get("message"))}

        @app.post("/graph/{comment_id}/likes")
        def graph_like(comment_id: str):
            return {"success": True}

        @app.post("/graph/{comment_id}")
        def graph_hide(comment_id: str):
            return {"success": True}

        @app.get("/youtube/v3/commentThreads")
        def youtube_threads(videoId: str, pageToken: str = "0"):  # noqa: N803 - the API's names
            pages = self.youtube_pages.get(videoId, [])
            index = int(pageToken)
            page = copy.deepcopy(pages[index]) if index < len(pages) else {"items": []}
            page.pop("nextPageToken", None)
            if index + 1 < len(pages):
                page["nextPageToken"] = str(index + 1)
            return page

        @app.get("/youtube/v3/comments")
        def youtube_comments(parentId: str):  # noqa: N803
            return {"kind": "youtube#commentListResponse", "items": [
                {"kind": "youtube#comment", "id": r["id"], "snippet": {"parentId": parentId,
                                                                       "textOriginal": r["text"]}}
                for r in self.replies.get(parentId, [])]}

        @app.post("/youtube/v3/comments")
        async def youtube_reply(request: Request):
            snippet = (await request.json())["snippet"]
            reply_id = self._reply(snippet["parentId"], snippet["textOriginal"])
            return {"kind": "youtube#comment", "id": reply_id, "snippet": snippet}

        @app.get("/x/2/users/{user_id}/mentions")
        def x_mentions(user_id: str, request: Request):
            return _x_page(self.x_pages.get(f"mentions:{user_id}", []), request.query_params)

        @app.get("/x/2/tweets/search/recent")
        def x_search(request: Request):
            return _x_page(self.x_pages.get("search", []), request.query_params)

        @app.get("/x/2/users/{user_id}/tweets")
        def x_own_posts(user_id: str):
            return {"data": [{"id": r["id"], "text": r["text"],
                              "referenced_tweets": [{"type": "replied_to", "id": parent}]}
                             for parent, replies in self.replies.items() for r in replies]}

        @app.post("/x/2/tweets")
        async def x_post(request: Request):
            body = await request.json()
            return {"data": {"id": self._reply(body["reply"]["in_reply_to_tweet_id"], body["text"]),
                             "text": body["text"]}}

        @app.post("/x/2/users/{user_id}/likes")
        def x_like(user_id: str):
            return {"data": {"liked": True}}

        return app

    def _reply(self, parent: str, text: str) -> str:
        reply_id = f"900{next(self.ids)}"
        self.replies.setdefault(parent, []).append({"id": reply_id, "text": text})
        return reply_id


def _authorised(request: Request) -> bool:
    return (request.headers.get("authorization") == f"Bearer {TOKEN}"
            or request.headers.get("x-goog-api-key") == TOKEN)


def _decoded(raw: bytes, content_type: str) -> dict:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    from urllib.parse import parse_qsl

    return dict(parse_qsl(raw.decode()))


def _graph_page(pages: list[dict], index: int) -> dict:
    page = copy.deepcopy(pages[index]) if index < len(pages) else {"data": []}
    paging = {"cursors": {"before": str(index), "after": str(index + 1)}}
    if index + 1 < len(pages):
        paging["next"] = f"https://graph.invalid/next?after={index + 1}"  # never followed: we send `after`
    page["paging"] = paging
    return page


def _x_page(pages: list[dict], params) -> dict:
    """One page of posts newer than since_id, as X pages them with next_token."""
    index = int(params.get("pagination_token", "0"))
    since = int(params.get("since_id", "0"))
    page = copy.deepcopy(pages[index]) if index < len(pages) else {"data": []}
    page["data"] = [post for post in page.get("data", []) if int(post["id"]) > since]
    if not page["data"]:
        return {"meta": {"result_count": 0}}
    ids = [int(post["id"]) for post in page["data"]]
    page["meta"] = {"result_count": len(ids), "newest_id": str(max(ids)), "oldest_id": str(min(ids))}
    if index + 1 < len(pages):
        page["meta"]["next_token"] = str(index + 1)
    return page
