"""The one translation mechanism: the caller's language (zh-CN by default, English by switch
on pages or Accept-Language on the API) and the compiled Babel catalog every surface reads.

English text is the message id; the zh-CN catalog is compiled from tools/translations_zh.py.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from gettext import GNUTranslations, NullTranslations
from pathlib import Path
from typing import Any

from starlette.requests import Request

LANGS = ("zh", "en")
LOCALE_DIR = Path(__file__).parent / "web" / "locale"
_LOCALE_NAMES = {"zh": "zh_CN"}


def _load(lang: str) -> NullTranslations:
    locale = _LOCALE_NAMES.get(lang)
    path = LOCALE_DIR / f"{locale}/LC_MESSAGES/messages.mo" if locale else None
    if path is None or not path.exists():
        return NullTranslations()
    with path.open("rb") as fh:
        return GNUTranslations(fh)


CATALOGS = {lang: _load(lang) for lang in LANGS}


def gettext(lang: str, msgid: str, **params: Any) -> str:  # noqa: ANN401
    """The message in `lang`, with `%(name)s` params formatted in after translating."""
    # Templates translate looked-up values too (a status, a code that may be missing).
    if not isinstance(msgid, str) or not msgid:
        return msgid
    text = CATALOGS.get(lang, CATALOGS["en"]).gettext(msgid)
    return text % params if params else text


def pgettext(lang: str, context: str, msgid: str, **params: Any) -> str:  # noqa: ANN401
    """The message as `context` words it: one English word may have two Chinese ones."""
    text = CATALOGS.get(lang, CATALOGS["en"]).pgettext(context, msgid)
    return text % params if params else text


@dataclass(frozen=True)
class Word:
    """A value a message names that is itself worded per language: a state's name, say.
    `msgid` is its English; the catalog words it under `context`."""

    context: str
    msgid: str

    def __str__(self) -> str:
        return self.msgid


def worded(lang: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """`params` with every Word in `lang`, ready to format into a translated message."""
    return {
        name: pgettext(lang, value.context, value.msgid) if isinstance(value, Word) else value
        for name, value in params.items()
    }


def translator(lang: str) -> Callable[..., str]:
    def translate(msgid: str, **params: Any) -> str:  # noqa: ANN401
        return gettext(lang, msgid, **params)

    return translate


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
