"""The one-way arrows of DESIGN.md §2, as import-linter contracts (pyproject.toml). What
import-linter cannot express (pure rules never import django.db, an external subpackage) is
checked by test_pure_rules.py."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_hold() -> None:
    assert LINT_IMPORTS.exists(), f"import-linter is not installed next to {sys.executable}"
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert " 0 broken" in output
    assert " KEPT" in output  # the contracts were loaded and checked, not skipped
