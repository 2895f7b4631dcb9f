"""The caller's language: zh-CN by default, English by switch or Accept-Language."""

from starlette.requests import Request

LANGS = ("zh", "en")


def request_lang(request: Request) -> str:
    query = request.query_params.get("lang")
    if query in LANGS:
        return query
    if "session" in request.scope:
        chosen = request.session.get("lang")
        if chosen in LANGS:
            return chosen
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "zh"
