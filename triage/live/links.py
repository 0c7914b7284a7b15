"""Links that open a comment or its post on the platform: the platform's own permalink when an
import brought one, else the address built from ids (Instagram's media ids are not in its URLs)."""

from urllib.parse import quote


def comment_url(platform: str, external_id: str, post_external_id: str | None,
                permalink: str | None) -> str | None:
    if permalink:
        return permalink
    if platform == "youtube" and post_external_id:
        return f"https://www.youtube.com/watch?v={quote(post_external_id)}&lc={quote(external_id)}"
    if platform == "x":
        return f"https://x.com/i/web/status/{quote(external_id)}"
    return None


def post_url(platform: str, external_id: str, permalink: str | None) -> str | None:
    if permalink:
        return permalink
    if platform == "youtube":
        return f"https://www.youtube.com/watch?v={quote(external_id)}"
    if platform == "x":
        return f"https://x.com/i/web/status/{quote(external_id)}"
    if platform == "facebook":
        return f"https://www.facebook.com/{quote(external_id)}"
    return None
