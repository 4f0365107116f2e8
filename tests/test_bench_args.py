"""The bench's --without, --ablation and --orders options and the settings they give every back-end."""

from __future__ import annotations

import sys
from types import ModuleType, SimpleNamespace

import pytest

from bench.__main__ import main, parse_args
from bench.passes import describe_passes, run_settings


@pytest.fixture
def registry(monkeypatch) -> ModuleType:
    """A stand-in for the core's registry of switches (assistant.switches), which these tests must not depend on."""
    checks = ModuleType("assistant.switches")
    checks.SWITCHES = tuple(SimpleNamespace(name=name, level="claim", serves=f"Questions that need {name}.")
                          for name in ("first", "second"))
    monkeypatch.setitem(sys.modules, "assistant.switches", checks)
    monkeypatch.delenv("ASSISTANT_WITHOUT", raising=False)
    return checks


def test_the_passes_are_off_unless_asked_for():
    args = parse_args([])
    assert (args.without, args.ablation, args.orders) == (None, None, None)
    args = parse_args(["--without", " first, second,,", "--ablation", "--orders"])
    assert (args.without, args.ablation, args.orders) == (("first", "second"), "all", "all")
    assert parse_args(["--ablation", "release"]).ablation == "release"
    assert parse_args(["--without", ""]).without == ()


def test_without_names_the_checks_every_back_end_runs_without(registry, monkeypatch):
    assert run_settings(("second", "first", "second"), False).without == ("second", "first")
    monkeypatch.setenv("ASSISTANT_WITHOUT", "first")
    assert run_settings(None, False).without == ("first",)  # the environment's choice stands
    assert run_settings((), False).without == ()  # an empty --without switches every check back on
    with pytest.raises(ValueError, match="unknown switch.*nonsense.*choose from first, second"):
        run_settings(("first", "nonsense"), False)


def test_an_ablation_without_a_registry_stops_before_anything_runs(monkeypatch):
    monkeypatch.setitem(sys.modules, "assistant.switches", None)  # makes the import fail
    monkeypatch.delenv("ASSISTANT_WITHOUT", raising=False)
    assert run_settings(None, False).without == ()
    with pytest.raises(ValueError, match="no registry of switches"):
        run_settings(None, True)


def test_an_unknown_check_ends_the_run_with_a_message(registry, capsys):
    assert main(["--without", "nonsense", "--scale", "none", "--large-file-mb", "0"]) == 2
    assert "unknown switch(es): nonsense" in capsys.readouterr().err


def test_the_results_describe_each_pass_and_why_one_did_not_run(registry):
    passes, notes = describe_passes(True, True, ["extractive", "tutorial"])
    assert passes["ablation"]["systems"] == ["extractive"] and "orders" not in passes
    assert [check["name"] for check in passes["ablation"]["checks"]] == ["first", "second"]
    assert "not measured" in passes["ablation"]["note"] and notes == ["order pass skipped: the local back-end did "
                                                                      "not run"]
    passes, notes = describe_passes(False, True, ["local", "extractive"])
    assert list(passes) == ["orders"] and passes["orders"]["system"] == "local" and notes == []
    passes, _ = describe_passes("release,documents", None, ["local"])
    assert passes["ablation"]["corpora"] == "release,documents" and list(passes) == ["ablation"]
