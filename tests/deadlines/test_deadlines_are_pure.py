"""The deadlines package stays pure: no database, no web, no clock reading."""

import re
import subprocess
import sys
from pathlib import Path

import aftersales.deadlines

PACKAGE_DIR = Path(aftersales.deadlines.__file__).parent


def test_importing_deadlines_pulls_in_no_database_or_web_framework():
    probe = (
        "import sys, aftersales.deadlines; "
        "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'starlette', 'jinja2') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_deadlines_never_read_the_clock():
    clock_reads = re.compile(r"\.(now|utcnow|today)\(|\btime\.time\(|\bmonotonic\(")
    offenders = [
        f"{path.name}:{number}"
        for path in PACKAGE_DIR.glob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if clock_reads.search(line)
    ]
    assert offenders == []


def test_every_module_stays_under_400_lines():
    long_files = {
        path.name: n
        for path in PACKAGE_DIR.glob("*.py")
        if (n := len(path.read_text("utf-8").splitlines())) >= 400
    }
    assert long_files == {}
