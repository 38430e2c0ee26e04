"""Pure domain rules (rules.py, names.py, the timelines engine) never touch the ORM or do
I/O, so a lawyer's edge cases run in milliseconds without a database (STYLE.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "korak"
PURE = sorted([*ROOT.glob("*/rules.py"), ROOT / "people" / "names.py", *ROOT.glob("timelines/engine.py")])
FORBIDDEN_PREFIXES = ("django.db", "django.contrib", "django.http", "requests", "httpx", "psycopg")


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def impure_imports(path: Path) -> list[str]:
    return sorted(
        module for module in imported_modules(path)
        if module.startswith(FORBIDDEN_PREFIXES) or module.endswith((".models", ".services", ".queries"))
    )


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_module_imports_no_orm_and_no_io(path: Path) -> None:
    assert impure_imports(path) == []


def test_the_check_catches_an_orm_import(tmp_path: Path) -> None:
    bad = tmp_path / "rules.py"
    bad.write_text("from django.db import models\nfrom korak.people.models import Person\n")
    assert impure_imports(bad) == ["django.db", "korak.people.models"]
