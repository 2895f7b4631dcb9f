"""Move domain errors' Chinese texts into the catalog: every `message_zh` in src/ (a class
attribute beside `message_en`, or a keyword at a raise site) becomes an entry of ZH in
tools/translations_zh.py keyed by the English text, and is deleted from the source. An
f-string message becomes a `%(name)s` message id with `params=`. Safe to run again: a tree
without `message_zh` is left as it is.

    python tools/move_messages.py           # rewrite src/, extend ZH, rebuild the catalog
    python tools/move_messages.py --check   # list what would move, change nothing
"""

import ast
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src/aftersales"
TABLE = ROOT / "tools/translations_zh.py"
# The pure policy engine words its own messages.
SKIPPED = (SRC / "policy",)
BLOCK_HEAD = "# domain errors' messages, keyed by their English text"


class Unmovable(Exception):
    """A message the codemod cannot rewrite safely: it is left for a hand edit."""


@dataclass
class Edit:
    start: int
    end: int
    text: str


@dataclass
class FileResult:
    edits: list[Edit] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    by_hand: list[str] = field(default_factory=list)


class Offsets:
    """ast positions (line, UTF-8 byte column) as byte offsets into the file."""

    def __init__(self, data: bytes) -> None:
        self.starts = [0]
        for i, byte in enumerate(data):
            if byte == ord("\n"):
                self.starts.append(i + 1)

    def at(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.at(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        return start, self.at(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]


def _string_attr(body: list[ast.stmt], name: str) -> ast.Assign | None:
    for stmt in body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == name
        ):
            return stmt
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _param_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(_literal(node.slice), str):
        return str(_literal(node.slice))
    raise Unmovable("a value too complex to name")


class Template:
    """Turns f-strings into one `%(name)s` text each, naming their values consistently."""

    def __init__(self, source: bytes, offsets: Offsets) -> None:
        self.source, self.offsets = source, offsets
        self.params: dict[str, str] = {}

    def _value(self, part: ast.FormattedValue) -> str:
        if part.format_spec is not None:
            raise Unmovable("a format spec")
        start, end = self.offsets.span(part.value)
        expr = self.source[start:end].decode()
        if part.conversion == ord("r"):
            return f"repr({expr})"
        if part.conversion == ord("s") or part.conversion == -1:
            return expr
        raise Unmovable("a conversion other than !r")

    def text(self, node: ast.expr) -> str:
        if (plain := _literal(node)) is not None:
            return plain.replace("%", "%%")
        if not isinstance(node, ast.JoinedStr):
            raise Unmovable("a message that is not a literal")
        return "".join(self._part(part) for part in node.values)

    def _part(self, part: ast.expr) -> str:
        if (plain := _literal(part)) is not None:
            return plain.replace("%", "%%")
        assert isinstance(part, ast.FormattedValue)
        name, value = _param_name(part.value), self._value(part)
        if self.params.setdefault(name, value) != value:
            raise Unmovable(f"two values named {name!r}")
        return f"%({name})s"


def _keyword_removal(data: bytes, start: int, end: int) -> Edit:
    after = end
    while data[after : after + 1] in (b" ", b"\n", b"\t"):
        after += 1
    if data[after : after + 1] == b",":
        after += 1
        while data[after : after + 1] in (b" ", b"\n", b"\t"):
            after += 1
        return Edit(start, after, "")
    before = start
    while data[before - 1 : before] in (b" ", b"\n", b"\t"):
        before -= 1
    if data[before - 1 : before] == b",":
        before -= 1
    return Edit(before, end, "")


def _whole_lines(data: bytes, start: int, end: int) -> Edit:
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", end)
    return Edit(line_start, len(data) if line_end < 0 else line_end + 1, "")


def _class_attr(data: bytes, offsets: Offsets, node: ast.ClassDef, out: FileResult) -> None:
    zh_stmt = _string_attr(node.body, "message_zh")
    if zh_stmt is None:
        return
    en_stmt = _string_attr(node.body, "message_en")
    zh = _literal(zh_stmt.value)
    en = _literal(en_stmt.value) if en_stmt else None
    if en is None or zh is None:
        out.by_hand.append(f"line {node.lineno}: class {node.name} has no literal pair")
        return
    out.pairs.append((en, zh))
    out.edits.append(_whole_lines(data, *offsets.span(zh_stmt)))


def _english_arg(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "message_en"), None)


def _raise_site(data: bytes, offsets: Offsets, call: ast.Call, out: FileResult) -> None:
    zh_kw = next((k for k in call.keywords if k.arg == "message_zh"), None)
    if zh_kw is None:
        return
    en_node = _english_arg(call)
    try:
        if en_node is None:
            raise Unmovable("no English text at the call")
        template = Template(data, offsets)
        en, zh = template.text(en_node), template.text(zh_kw.value)
    except Unmovable as why:
        out.by_hand.append(f"line {call.lineno}: {why}")
        return
    if not template.params:
        en, zh = en.replace("%%", "%"), zh.replace("%%", "%")
    out.pairs.append((en, zh))
    if template.params or not isinstance(en_node, ast.Constant):
        out.edits.append(Edit(*offsets.span(en_node), _quoted(en)))
    if template.params:
        params = ", ".join(f'"{k}": {v}' for k, v in template.params.items())
        out.edits.append(Edit(*offsets.span(zh_kw), f"params={{{params}}}"))
    else:
        out.edits.append(_keyword_removal(data, *offsets.span(zh_kw)))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scan(path: Path) -> FileResult:
    data = path.read_bytes()
    out = FileResult()
    if b"message_zh" not in data:
        return out
    offsets = Offsets(data)
    for node in ast.walk(ast.parse(data)):
        if isinstance(node, ast.ClassDef):
            _class_attr(data, offsets, node, out)
        elif isinstance(node, ast.Call):
            _raise_site(data, offsets, node, out)
    return out


def apply(path: Path, edits: list[Edit]) -> None:
    data = path.read_bytes()
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        data = data[: edit.start] + edit.text.encode() + data[edit.end :]
    path.write_bytes(data)


def _known() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from tools.translations_zh import ZH

    return dict(ZH)


def merge(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """The new catalog entries, and the clashes (an id already translated differently)."""
    known, new, clashes = _known(), {}, []
    for en, zh in pairs:
        kept = known.get(en, new.get(en))
        if kept is None:
            new[en] = zh
        elif kept != zh:
            clashes.append(f"{en!r}: kept {kept!r}, dropped {zh!r}")
    return new, sorted(set(clashes))


def extend_table(new: dict[str, str]) -> None:
    if not new:
        return
    rows = "".join(f"        {_quoted(en)}: {_quoted(zh)},\n" for en, zh in new.items())
    block = f"\n\n{BLOCK_HEAD}\nZH.update(\n    {{\n{rows}    }}\n)\n"
    text = TABLE.read_text(encoding="utf-8")
    head, tail = text.split("\n\n\ndef main()", 1)
    TABLE.write_text(head + block + "\n\ndef main()" + tail, encoding="utf-8")


def main(check: bool) -> None:
    results = {
        p: scan(p)
        for p in sorted(SRC.rglob("*.py"))
        if not any(p.is_relative_to(skipped) for skipped in SKIPPED)
    }
    pairs = [pair for r in results.values() for pair in r.pairs]
    new, clashes = merge(pairs)
    for path, result in results.items():
        for note in result.by_hand:
            print(f"by hand: {path.relative_to(ROOT)} {note}")
    for clash in clashes:
        print(f"clash: {clash}")
    changed = [p for p, r in results.items() if r.edits]
    print(f"{len(pairs)} messages in {len(changed)} files, {len(new)} new catalog entries")
    if check:
        return
    for path in changed:
        apply(path, results[path].edits)
    extend_table(new)
    subprocess.run([sys.executable, str(TABLE)], check=True)
    ruff = ROOT / ".venv/bin/ruff"
    if changed and ruff.exists():
        subprocess.run([str(ruff), "format", "-q", *map(str, changed), str(TABLE)], check=True)


if __name__ == "__main__":
    main(check="--check" in sys.argv[1:])
