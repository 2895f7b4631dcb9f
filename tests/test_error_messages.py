"""Domain errors speak through the catalog: every English text raised in src/ has its zh-CN
entry, and the API answers in the caller's language with the values filled in."""

import ast
from pathlib import Path

from tools.translations_zh import ZH

from aftersales.errors import DomainError
from tests.conftest import token_for
from tests.sales.factories import sale_body

SRC = Path(__file__).parents[1] / "src/aftersales"
# The policy engine words its own messages in both languages.
OWN_WORDS = SRC / "policy"


def _trees() -> list[ast.Module]:
    return [
        ast.parse(p.read_bytes())
        for p in sorted(SRC.rglob("*.py"))
        if not p.is_relative_to(OWN_WORDS)
    ]


def _base_names(node: ast.ClassDef) -> set[str]:
    return {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}


def _error_classes(trees: list[ast.Module]) -> list[ast.ClassDef]:
    classes = [n for t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)]
    names, found = {"DomainError"}, {"DomainError"}
    while found:
        found = {c.name for c in classes if _base_names(c) & names} - names
        names |= found
    return [c for c in classes if c.name in names]


def _class_messages(classes: list[ast.ClassDef]) -> set[str]:
    return {
        stmt.value.value
        for c in classes
        for stmt in c.body
        if isinstance(stmt, ast.Assign)
        and [getattr(t, "id", None) for t in stmt.targets] == ["message_en"]
        and isinstance(stmt.value, ast.Constant)
    }


def _raised_messages(trees: list[ast.Module], names: set[str]) -> set[str]:
    return {
        call.args[0].value
        for t in trees
        for call in ast.walk(t)
        if isinstance(call, ast.Call)
        and getattr(call.func, "id", getattr(call.func, "attr", None)) in names
        and call.args
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    }


def test_every_domain_error_message_has_a_chinese_translation():
    trees = _trees()
    classes = _error_classes(trees)
    messages = _class_messages(classes) | _raised_messages(trees, {c.name for c in classes})
    assert len(messages) > 200
    assert sorted(m for m in messages if m not in ZH) == []


def test_no_chinese_text_is_left_beside_the_english():
    leftovers = [p for p in SRC.rglob("*.py") if "message_zh=" in p.read_text(encoding="utf-8")]
    assert leftovers == []
    assert not hasattr(DomainError, "message_zh")


def test_a_message_with_values_is_one_catalog_entry_in_both_languages():
    error = DomainError("Unknown store: %(code)s", params={"code": "S9"})
    assert error.message("en") == "Unknown store: S9" == str(error)
    assert error.message("zh") == "未知的门店代码：S9"


def _unknown_store(client, lang_header: dict[str, str]) -> dict:
    headers = token_for(client, "admin") | lang_header
    answer = client.post("/api/v1/sales", json=sale_body(store="S9"), headers=headers)
    assert answer.status_code == 422, answer.text
    return answer.json()


def test_an_api_error_is_in_chinese_with_its_values(sqlite_client):
    body = _unknown_store(sqlite_client, {})
    assert (body["code"], body["field"]) == ("unknown_code", "store")
    assert body["message"] == "未知的门店代码：S9"


def test_an_api_error_is_in_english_when_asked(sqlite_client):
    body = _unknown_store(sqlite_client, {"Accept-Language": "en-GB,en;q=0.9"})
    assert body["message"] == "Unknown store: S9"


def _refused(client, body, lang: str) -> dict:  # noqa: ANN001
    headers = token_for(client, "admin") | {"Accept-Language": lang}
    answer = client.post("/api/v1/sales", json=body, headers=headers)
    assert answer.status_code == 422, answer.text
    return answer.json()


def test_an_api_validation_error_gives_its_reason_in_chinese(sqlite_client):
    bad = sale_body() | {"sold_at": "yesterday", "lines": "none"}
    del bad["receipt_no"]
    body = _refused(sqlite_client, bad, "zh-CN")
    reasons = {e["field"]: e["message"] for e in body["errors"]}
    assert reasons == {"receipt_no": "必填", "sold_at": "日期时间格式不正确", "lines": "请发送列表"}
    assert body["message"] == "输入有误：receipt_no: 必填"
    assert not any(ch.isascii() and ch.isalpha() for ch in "".join(reasons.values()))


def test_an_api_validation_error_keeps_pydantics_words_in_english(sqlite_client):
    bad = sale_body()
    del bad["receipt_no"]
    body = _refused(sqlite_client, bad, "en")
    assert body["errors"][0] == {
        "field": "receipt_no",
        "message": "Field required",
        "type": "missing",
    }
