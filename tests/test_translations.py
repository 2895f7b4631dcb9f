"""Every message the console shows has its zh-CN translation in the Babel catalog."""

import re
from pathlib import Path

from aftersales.web.render import CATALOGS, WEB

MESSAGE = re.compile(r"""_\(\s*"([^"]+)"\s*[,)]""")


def test_every_template_message_has_a_chinese_translation():
    used = {
        m
        for path in (WEB / "templates").rglob("*.html")
        for m in MESSAGE.findall(path.read_text(encoding="utf-8"))
    }
    missing = sorted(m for m in used if m not in CATALOGS["zh"])
    assert missing == []


def test_the_catalog_is_the_one_the_tool_writes():
    from tools.translations_zh import ZH

    assert {k: v for k, v in CATALOGS["zh"].items()} == ZH
    assert Path(WEB / "locale/zh_CN/LC_MESSAGES/messages.po").exists()
