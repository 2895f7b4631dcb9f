"""Policy files: refused at load with file and clause; reload keeps the old set."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from aftersales.policy import active, active_policy_set, load_policy_dir, load_policy_texts
from aftersales.policy.dump import dump_policy_set
from aftersales.policy.errors import PolicyFileError
from aftersales.policy.loader import DEFAULT_DIR
from aftersales.policy.validate import check_policy_set
from aftersales.policy_cli import policy_app


@pytest.fixture
def policy_dir(tmp_path):
    folder = tmp_path / "policies"
    shutil.copytree(DEFAULT_DIR, folder)
    return folder


def spoil(folder, name, old, new):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "file", "clause", "words"),
    [
        (
            "footwear.toml",
            'remedies = ["exchange"]',
            'remedies = ["swap"]',
            "footwear.toml",
            "footwear.break.replace",
            "swap",
        ),
        (
            "apparel.toml",
            'text_en = "Open seams are repaired free of charge."',
            "",
            "apparel.toml",
            "apparel.repair.seam",
            "text_en",
        ),
        (
            "fraud.toml",
            'basis_zh = "《消费者权益保护法》第五十五条第一款"',
            'basis_zh = ""',
            "fraud.toml",
            "fraud.return",
            "basis",
        ),
        (
            "footwear.toml",
            'condition_any = ["worn"]',
            'condtion_any = ["worn"]',
            "footwear.toml",
            "footwear.not_covered.size_fit",
            "condtion_any",
        ),
        (
            "footwear.toml",
            'problems = ["crease"]',
            'problems = ["creese"]',
            "footwear.toml",
            "footwear.not_covered.crease",
            "creese",
        ),
        (
            "footwear.toml",
            'condition_any = ["worn"]',
            'condition_any = ["worn_out"]',
            "footwear.toml",
            "footwear.not_covered.size_fit",
            "worn_out",
        ),
        (
            "mobile_phone.toml",
            'evidence_lacks = "documentary"',
            'evidence_lacks = ["receit"]',
            "mobile_phone.toml",
            "mobile_phone.no_proof.free_repair",
            "receit",
        ),
        (
            "appliance.toml",
            'within = "main_part"',
            'within = "main_parts"',
            "appliance.toml",
            "appliance.main_part.free_repair",
            "main_parts",
        ),
        (
            "appliance.toml",
            'amount = "paid_less_depreciation"',
            'amount = "paid_less_wear"',
            "appliance.toml",
            "appliance.d15.refund",
            "paid_less_wear",
        ),
        ("general.toml", 'rank = "law"', 'rank = "lore"', "general.toml", None, "lore"),
        (
            "cpl24.toml",
            'length = "90 days"',
            'length = "ninety days"',
            "cpl24.toml",
            "periods.quality",
            "ninety",
        ),
        ("cpl24.toml", "[[clause]]", "[[clause]\n", "cpl24.toml", None, "TOML"),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_clause(
    policy_dir, name, old, new, file, clause, words
):
    spoil(policy_dir, name, old, new)

    with pytest.raises(PolicyFileError) as caught:
        load_policy_dir(policy_dir)

    assert (caught.value.file, caught.value.clause) == (file, clause)
    assert words in str(caught.value)


def test_reload_keeps_the_previous_set_when_the_new_one_fails(policy_dir):
    before = active_policy_set()
    spoil(policy_dir, "footwear.toml", 'remedies = ["exchange"]', 'remedies = ["swap"]')

    with pytest.raises(PolicyFileError):
        active.reload(policy_dir)

    assert active_policy_set() is before


def test_reload_swaps_in_a_good_set(policy_dir):
    before = active_policy_set()
    spoil(policy_dir, "policyset.toml", 'version = "2026-11-01"', 'version = "2026-12-01"')
    try:
        assert active.reload(policy_dir).version == "2026-12-01"
        assert active_policy_set().version == "2026-12-01"
    finally:
        active._active = before


def test_validate_lists_findings_and_exits_1(policy_dir):
    spoil(policy_dir, "apparel.toml", 'text_en = "Wrinkles are ironed free of charge."', "")
    spoil(policy_dir, "fraud.toml", 'problems = ["fraud"]', 'problems = ["fruad"]')

    result = CliRunner().invoke(policy_app, ["validate", str(policy_dir)])

    assert result.exit_code == 1
    assert "apparel.toml: apparel.repair.wrinkle" in result.stdout
    assert "fraud.toml: fraud.return: unknown problem code 'fruad'" in result.stdout


def test_unreachable_and_conflicting_clauses_are_warned():
    texts = dump_policy_set(active_policy_set())
    texts["general.toml"] += """
[[clause]]
id = "general.never"
kind = "refuse"
problems = ["wrinkle"]
remedies = ["free_repair"]
text_zh = "不修"
text_en = "No repair"
basis = "test"

[[clause]]
id = "general.iron"
kind = "grant"
ground = "goodwill"
problems = ["wrinkle"]
remedies = ["free_repair"]
text_zh = "熨烫"
text_en = "Ironing"
basis = "test"
"""
    findings = [str(f) for f in check_policy_set(load_policy_texts(texts))]

    assert any("general.iron: unreachable: general.never" in f for f in findings)


def test_round_trip_through_toml_text_gives_the_same_set():
    shipped = active_policy_set()

    again = load_policy_texts(dump_policy_set(shipped))

    assert again == shipped
    assert dump_policy_set(again) == dump_policy_set(shipped)


def test_the_engine_imports_no_database_web_or_template_code():
    code = (
        "import sys, aftersales.policy, aftersales.policy.calendar;"
        "bad = {'sqlalchemy', 'fastapi', 'jinja2', 'starlette', 'pydantic', 'typer', 'click', "
        "'sqlite3', 'psycopg', 'httpx', 'smtplib'} & "
        "{m.split('.')[0] for m in sys.modules}; print(sorted(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def test_the_engine_never_reads_the_clock():
    sources = (DEFAULT_DIR.parent).glob("*.py")
    words = ("date.today", "datetime.now", "time.time", "utcnow")

    assert not [(p.name, w) for p in sources for w in words if w in p.read_text()]
