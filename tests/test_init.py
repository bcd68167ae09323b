"""The package namespace: every export is the intended object, whatever was imported."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import subprocess
import sys
import textwrap
from types import ModuleType
from unittest import mock

import framing

CHECK = textwrap.dedent(
    """
    import importlib, pkgutil, types
    import framing
    skipped = []
    for info in pkgutil.walk_packages(framing.__path__, "framing."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            importlib.import_module(info.name)  # sets framing.<name> for a submodule
        except ImportError as exc:  # an optional extra that is not installed
            skipped.append(f"{info.name}: {exc}")
    wrong = []
    for name, module in framing._EXPORTS.items():
        got = getattr(framing, name)
        want = getattr(importlib.import_module(module), name)
        if got is not want or isinstance(got, types.ModuleType):
            wrong.append(f"{name}: {got!r}")
    from framing import kwic, stance_summary
    assert callable(kwic) and callable(stance_summary), (kwic, stance_summary)
    print("WRONG", wrong)
    """
)


def test_no_export_is_named_like_a_submodule():
    # importing framing.<name> binds the package attribute <name> to the module:
    # an export of that name would be hidden, so none may exist
    submodules = {info.name for info in pkgutil.iter_modules(framing.__path__)}
    assert {"keyword_context", "stance_stats", "syndication"} <= submodules  # the walk sees modules
    assert sorted(set(framing._EXPORTS) & submodules) == []
    assert sorted(set(framing.__all__) & submodules) == []


def test_exports_survive_importing_every_submodule():
    # a fresh interpreter: the shadowing depends on what was imported first
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True, env={"FRAMING_PROGRESS": "0", "PATH": ""})
    assert "WRONG []" in out.stdout, out.stdout + out.stderr


def test_export_and_its_module_after_lazy_import():
    # the reviewer's sequence: framing.timeseries imports the stance statistics module
    framing.rates_over_time  # noqa: B018
    importlib.import_module("framing.keyword_context")
    importlib.import_module("framing.stance_stats")

    assert framing.stance_summary.__name__ == "stance_summary" and callable(framing.stance_summary)
    assert framing.kwic.__module__ == "framing.keyword_context" and callable(framing.kwic)
    assert framing.stance_stats is sys.modules["framing.stance_stats"]
    assert framing.keyword_context is sys.modules["framing.keyword_context"]


def test_submodules_are_plain_attributes_for_patching(monkeypatch):
    # pytest's dotted monkeypatch, mock.patch and ``import ... as`` resolve through attributes
    import framing.keyword_context as kc

    assert isinstance(kc, ModuleType) and kc is sys.modules["framing.keyword_context"]
    original = kc.KwicFrame
    monkeypatch.setattr("framing.keyword_context.KwicFrame", object)
    assert kc.KwicFrame is object
    monkeypatch.undo()
    with mock.patch("framing.stance_stats.MAX_LABELS_LISTED", 2):
        assert sys.modules["framing.stance_stats"].MAX_LABELS_LISTED == 2
    assert kc.KwicFrame is original
    assert pickle.loads(pickle.dumps(framing.kwic)) is framing.kwic


def test_other_attributes_can_be_set():
    assert type(framing) is ModuleType  # no custom module class
    importlib.import_module("framing.resample")
    assert isinstance(framing.resample, ModuleType)
    framing.some_attribute_for_test = 1
    assert framing.some_attribute_for_test == 1
    del framing.some_attribute_for_test
