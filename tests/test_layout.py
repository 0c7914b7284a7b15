"""The house rules of issue 21, kept: a few top-level modules in triage/ (the rest grouped by
concern), no source file over 350 lines and no function over 40 outside migrations."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [path for package in ("triage", "api") for path in (ROOT / package).rglob("*.py")
           if "migrations" not in path.parts]


def test_triage_has_at_most_ten_top_level_modules():
    top = sorted(path.name for path in (ROOT / "triage").glob("*.py"))
    assert len(top) <= 10, top


def test_no_source_file_is_over_350_lines():
    long = {str(path.relative_to(ROOT)): lines for path in SOURCES
            if (lines := path.read_text().count("\n")) > 350}
    assert not long


def test_no_function_is_over_40_lines():
    long = [f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})"
            for path in SOURCES for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > 40]
    assert not long
