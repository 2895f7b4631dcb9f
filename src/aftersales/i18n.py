"""The caller's language: zh-CN by default, English by switch (pages) or Accept-Language (API)."""

from starlette.requests import Request

LANGS = ("zh", "en")


def request_lang(request: Request) -> str:
    query = request.query_params.get("lang")
    if query in LANGS:
        return query
    if request.url.path.startswith("/api/"):
        accept = request.headers.get("accept-language", "").lower()
        return "en" if accept.startswith("en") else "zh"
    # Pages stay in Chinese whatever the browser says, until the user picks English.
    if "session" in request.scope:
        chosen = request.session.get("lang")
        if chosen in LANGS:
            return chosen
    return "zh"
