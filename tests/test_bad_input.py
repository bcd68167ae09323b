"""The bad-input corpus: every item is accounted for, in default and strict mode (ingest and score)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.cli.main import main
from framing.corpus import load_corpus
from tests.fixtures.make_bad_corpus import build

#: The hardening issue asks for a 20 MB single article.
BIG_MB = 20.0


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad") / "corpus"
    expected = build(root, big_mb=BIG_MB)
    yield root, expected
    for path in root.rglob("*"):  # let pytest remove the unreadable file
        if path.is_file() and not path.is_symlink():
            path.chmod(0o644)


def test_manifest_accounts_for_every_item(bad_corpus):
    root, expected = bad_corpus
    documents, manifest = load_corpus(root)
    got = dict(zip(manifest["item"], manifest["status"], strict=True))
    assert got == expected
    assert manifest["reason"][manifest["status"] != "accepted"].str.len().gt(0).all()
    counts = manifest["status"].value_counts()
    assert counts.sum() == len(expected) == len(manifest)
    assert counts["accepted"] == len(documents)
    assert documents["text"].str.len().max() > BIG_MB * 0.9e6


def test_ingest_exit_codes(bad_corpus, capsys):
    root, expected = bad_corpus
    assert main(["ingest", str(root)]) == 0
    out = capsys.readouterr().out
    n_rejected = sum(1 for s in expected.values() if s == "rejected")
    assert f"rejected ({n_rejected})" in out
    assert main(["ingest", str(root), "--strict"]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_score_exit_codes_and_outputs(bad_corpus, tmp_path, capsys):
    root, expected = bad_corpus
    out = tmp_path / "scores"
    assert main(["score", str(root), "--out", str(out), "--jobs", "2", "--no-cache"]) == 0
    manifest = pd.read_parquet(out / "manifest.parquet")
    assert dict(zip(manifest["item"], manifest["status"], strict=True)) == expected
    run = json.loads((out / "run.json").read_text())
    assert sum(run["extra"]["status"].values()) == len(expected)
    capsys.readouterr()
    assert main(["score", str(root), "--out", str(tmp_path / "strict"), "--strict", "--no-cache"]) == 1
    assert "error: " in capsys.readouterr().err
