"""Shared fixtures.  Tests never use the network or ../shared."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")
os.environ.setdefault("FRAMING_PROGRESS", "0")
# tests never touch the user's score cache
os.environ["FRAMING_CACHE_DIR"] = tempfile.mkdtemp(prefix="framing-test-cache-")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "sample"
SEED = SAMPLE / "wsws" / "2024-04-04-france-rejects-russian-offer.txt"

# Hypothesis profiles: ``ci`` (default) keeps the whole property suite within about a
# minute on a 2-core machine; ``nightly`` (HYPOTHESIS_PROFILE=nightly) explores far more
# (FRAMING_FUZZ_EXAMPLES examples per test, default 2000; see benchmarks/fuzz.py).
# No deadline: timings on a shared CI machine vary too much for per-example limits.
settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=int(os.environ.get("FRAMING_FUZZ_EXAMPLES", "2000")),
                          deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def sample_corpus():
    """The bundled sample corpus, loaded once."""
    from framing.corpus import load_corpus

    return load_corpus(SAMPLE)


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The cleaned text of the seed article."""
    from framing.corpus import load_corpus

    return load_corpus(SEED).documents["text"].iloc[0]


@pytest.fixture
def write(tmp_path):
    """Write bytes or text to a file under ``tmp_path`` and return its path."""

    def _write(rel: str, content: bytes | str, encoding: str = "utf-8") -> Path:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode(encoding)
        path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def model_like(tmp_path) -> Path:
    """A skops-shaped archive (models/stance.skops) and a zip that is not a model
    (models/arrays.npz): the report parameter checks look at the file, never load a model."""
    import json
    import zipfile

    path = tmp_path / "models" / "stance.skops"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("schema.json", json.dumps({"__class__": "dict", "content": {
            "meta": {"__class__": "dict"}, "model": {"__class__": "StanceClassifier"}}}))
    with zipfile.ZipFile(path.parent / "arrays.npz", "w") as archive:  # a zip, not a model
        archive.writestr("a.npy", b"")
    return path
