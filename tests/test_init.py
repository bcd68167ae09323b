"""The package namespace: every export is the intended object, whatever was imported."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from types import ModuleType

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


def test_exports_survive_importing_every_submodule():
    # a fresh interpreter: the shadowing depends on what was imported first
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True, env={"FRAMING_PROGRESS": "0", "PATH": ""})
    assert "WRONG []" in out.stdout, out.stdout + out.stderr


def test_export_named_like_its_module_after_lazy_import():
    # the reviewer's sequence: framing.timeseries imports framing.stance_summary
    framing.rates_over_time  # noqa: B018
    importlib.import_module("framing.kwic")
    importlib.import_module("framing.stance_summary")

    assert not isinstance(framing.stance_summary, ModuleType)
    assert framing.stance_summary.__name__ == "stance_summary"
    assert framing.kwic.__module__ == "framing.kwic" and callable(framing.kwic)
    assert isinstance(sys.modules["framing.stance_summary"], ModuleType)


def test_other_submodules_stay_attributes():
    importlib.import_module("framing.resample")
    assert isinstance(framing.resample, ModuleType)
    framing.some_attribute_for_test = 1
    assert framing.some_attribute_for_test == 1
    del framing.some_attribute_for_test
