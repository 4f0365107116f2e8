"""docs/CHECKS.md is what docs/checks.py writes from the check registry and the policy table as they are now."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from assistant import checks

PROJECT = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT / "docs" / "checks.py"


def _script():
    spec = importlib.util.spec_from_file_location("docs_checks", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checks_doc_matches_the_registry_and_the_policy():
    script = _script()
    written = script.TARGET.read_text(encoding="utf-8") if script.TARGET.exists() else ""
    assert written == script.document(), (
        f"docs/CHECKS.md is out of date with assistant.checks or assistant.policy: run `{script.COMMAND}`")


def test_a_changed_registry_changes_the_doc(monkeypatch):
    script = _script()
    before = script.document()
    monkeypatch.setattr(checks, "CHECKS", checks.CHECKS[1:])
    assert script.document() != before
