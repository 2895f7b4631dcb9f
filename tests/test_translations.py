"""Every message the console shows has its zh-CN translation in the Babel catalog."""

import ast
import re
from gettext import GNUTranslations
from pathlib import Path

from babel.messages.pofile import read_po
from tools.translations_zh import ZH, ZH_IN_CONTEXT

from aftersales.claims.models import ClaimStatus
from aftersales.claims.state import status_word as claim_word
from aftersales.complaints.models import Status
from aftersales.complaints.state import status_word as complaint_word
from aftersales.complaints.web import labels
from aftersales.i18n import LOCALE_DIR, pgettext
from aftersales.policy import words
from aftersales.repairs.models import WorkStatus
from aftersales.repairs.state import status_word as repair_word
from aftersales.web.render import WEB

MESSAGE = re.compile(r"""_\(\s*"([^"]+)"\s*[,)]""")
CATALOG_DIR = LOCALE_DIR / "zh_CN/LC_MESSAGES"


def _expected() -> dict[tuple[str | None, str], str]:
    plain = {(None, k): v for k, v in ZH.items()}
    return plain | {(c, k): v for c, table in ZH_IN_CONTEXT.items() for k, v in table.items()}


def _compiled() -> dict[tuple[str | None, str], str]:
    with (CATALOG_DIR / "messages.mo").open("rb") as fh:
        catalog = GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    keyed = (key.split("\x04", 1) if "\x04" in key else (None, key) for key in catalog if key)
    return {(context, k): catalog[f"{context}\x04{k}" if context else k] for context, k in keyed}


def _source() -> dict[tuple[str | None, str], str]:
    with (CATALOG_DIR / "messages.po").open("rb") as fh:
        return {(m.context, str(m.id)): str(m.string) for m in read_po(fh) if m.id}


def test_every_template_message_has_a_chinese_translation():
    used = {
        m
        for path in (WEB / "templates").rglob("*.html")
        for m in MESSAGE.findall(path.read_text(encoding="utf-8"))
    }
    missing = sorted(m for m in used if m not in ZH)
    assert missing == []


def test_a_template_message_writes_a_literal_percent_sign_doubled():
    # Newstyle gettext formats every message, with or without values.
    bare = re.compile(r"%(?!\(\w+\)s)")
    used = {
        m
        for path in (WEB / "templates").rglob("*.html")
        for m in MESSAGE.findall(path.read_text(encoding="utf-8"))
    }
    texts = {text.replace("%%", "") for m in used for text in (m, ZH.get(m, ""))}
    assert sorted(t for t in texts if bare.search(t)) == []


def test_the_catalog_is_the_one_the_tool_writes():
    assert _source() == _expected()


def test_the_compiled_catalog_is_the_source_catalog():
    assert _compiled() == _expected()


def test_every_complaint_code_word_has_a_chinese_translation():
    words = [*labels.WORDS.values(), *labels.LEVELS.values()]
    assert sorted(w for w in words if w not in ZH_IN_CONTEXT[labels.CONTEXT]) == []
    label = labels.labeller("zh")
    assert (label("registered"), label(3)) == ("已登记", "3 · 现场主管")
    assert labels.labeller("en")("walk_in") == "in person"


def _named(status_word, states) -> dict[str, str]:
    return {s: pgettext("zh", (w := status_word(s)).context, w.msgid) for s in states}


def test_a_state_named_in_a_message_reads_as_the_page_shows_it():
    page = words.labeller("zh")
    assert _named(repair_word, WorkStatus) == {s: page(s) for s in WorkStatus}
    assert _named(claim_word, ClaimStatus) == {s: page(s) for s in ClaimStatus}
    complaint_page = labels.labeller("zh")
    assert _named(complaint_word, Status) == {s: complaint_page(s) for s in Status}


def _zh_tables() -> list[ast.Dict]:
    """The dict literals of ZH: its assignment and each `ZH.update({...})` block."""
    tree = ast.parse((Path(__file__).parents[1] / "tools/translations_zh.py").read_text("utf-8"))
    tables = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "ZH":
            tables.append(node.value)
        call = node.value if isinstance(node, ast.Expr) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            if getattr(call.func.value, "id", None) == "ZH" and call.func.attr == "update":
                tables.append(call.args[0])
    return [t for t in tables if isinstance(t, ast.Dict)]


def test_no_message_is_given_two_translations():
    # A dict literal keeps the last of two equal keys without a word: one would be lost.
    texts: dict[str, set[str]] = {}
    for table in _zh_tables():
        for key, value in zip(table.keys, table.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(value, ast.Constant):
                texts.setdefault(key.value, set()).add(value.value)
    assert {k: v for k, v in texts.items() if len(v) > 1} == {}
