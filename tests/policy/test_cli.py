"""The CLI door: same answers as parse -> decide -> render, exit codes per contract."""

from __future__ import annotations

import subprocess
import sys

import orjson
from typer.testing import CliRunner

from aftersales.policy_cli import policy_app

from .helpers import answer, request

runner = CliRunner()
GOOD = [
    request(),
    request(
        category="apparel",
        material=None,
        problem="price_mismatch",
        paid="1006",
        tag_price="1437",
        true_tag_price="969",
    ),
    request(problem="size_fit", condition=["worn"], requested_on="2023-03-19"),
    request(
        category="appliance",
        material=None,
        product_type="color_tv",
        problem="performance_fault",
        evidence=["invoice"],
        sold_on="2023-09-24",
        requested_on="2023-10-07",
    ),
]


def jsonl(rows) -> str:
    return "".join(r if isinstance(r, str) else orjson.dumps(r).decode() + "\n" for r in rows)


def test_one_object_from_a_file(tmp_path):
    path = tmp_path / "one.json"
    path.write_bytes(orjson.dumps(GOOD[1]))

    result = runner.invoke(policy_app, ["decide", str(path)])

    assert result.exit_code == 0
    assert orjson.loads(result.stdout) == answer(GOOD[1])


def test_one_object_from_stdin_in_english():
    result = runner.invoke(policy_app, ["decide", "-", "--lang", "en"], input=orjson.dumps(GOOD[2]))

    assert result.exit_code == 0
    assert orjson.loads(result.stdout) == answer(GOOD[2], lang="en")


def test_jsonl_answers_each_line_in_order_like_the_direct_call():
    result = runner.invoke(policy_app, ["decide", "--jsonl"], input=jsonl(GOOD))

    assert result.exit_code == 0
    assert [orjson.loads(line) for line in result.stdout.splitlines()] == [answer(r) for r in GOOD]


def test_jsonl_malformed_line_answers_error_in_place_and_exits_2():
    rows = [GOOD[0], request(sold_on="2023-02-30"), "{not json\n", GOOD[1]]

    result = runner.invoke(policy_app, ["decide", "--jsonl"], input=jsonl(rows))

    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2
    assert lines[0] == answer(GOOD[0]) and lines[3] == answer(GOOD[1])
    assert lines[1]["error"]["field"] == "sold_on" and lines[1]["error"]["line"] == 2
    assert lines[2]["error"]["line"] == 3
    assert result.stderr.count("\n") == 1
    assert "line 2" in result.stderr and "sold_on" in result.stderr


def test_malformed_single_object_exits_2_with_one_line_no_traceback():
    result = runner.invoke(policy_app, ["decide"], input=orjson.dumps(request(paid="-5")))

    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "paid" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_language_and_missing_file_exit_2():
    assert runner.invoke(policy_app, ["decide", "--lang", "fr"], input="{}").exit_code == 2
    assert runner.invoke(policy_app, ["decide", "/no/such/file"]).exit_code == 2


def test_runs_as_a_module_from_a_pipe(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "aftersales.policy_cli", "decide", "--jsonl"],
        input=jsonl(GOOD).encode(),
        capture_output=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert [orjson.loads(x) for x in result.stdout.splitlines()] == [answer(r) for r in GOOD]


def test_validate_the_shipped_files():
    result = runner.invoke(policy_app, ["validate"])

    assert result.exit_code == 0, result.stdout
    assert "0 error(s)" in result.stdout
