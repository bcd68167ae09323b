import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.cache import INGEST_SOURCES, ScoreCache, corpus_fingerprint
from framing.pipeline import SCORING_SOURCES
from framing.provenance import code_version

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
TINY = Path(__file__).parent / "fixtures" / "newsmtsc_tiny.jsonl"


def test_put_get_round_trip(tmp_path):
    cache = ScoreCache(tmp_path)
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", None]})
    cache.put("batch", "k" * 24, {"hits": frame}, {"note": 1})
    frames, meta = cache.get("batch", "k" * 24)
    pd.testing.assert_frame_equal(frames["hits"], frame, check_dtype=False)
    assert meta == {"note": 1}
    assert cache.get("batch", "z" * 24) is None


def test_incomplete_entry_reads_as_missing(tmp_path):
    cache = ScoreCache(tmp_path)
    cache.put("batch", "a" * 24, {"hits": pd.DataFrame({"a": [1]})})
    folder = next((tmp_path / "batch").glob("*/*"))
    (folder / "COMPLETE").unlink()  # as if the writer crashed before the marker
    assert cache.get("batch", "a" * 24) is None


def test_damaged_entry_is_a_miss_and_removed(tmp_path):
    cache = ScoreCache(tmp_path)
    cache.put("batch", "b" * 24, {"hits": pd.DataFrame({"a": [1]})})
    folder = next((tmp_path / "batch").glob("*/*"))
    (folder / "hits.parquet").write_bytes(b"not parquet")
    assert cache.get("batch", "b" * 24) is None
    assert not folder.exists()


def test_info_and_clear(tmp_path):
    cache = ScoreCache(tmp_path)
    for key in ("c" * 24, "d" * 24):
        cache.put("batch", key, {"hits": pd.DataFrame({"a": [1]})})
    info = cache.info().set_index("kind")
    assert info.loc["batch", "entries"] == 2 and info.loc["batch", "bytes"] > 0
    assert cache.clear(older_than_days=1) == 0
    assert cache.clear() == 2
    assert cache.info().set_index("kind").loc["batch", "entries"] == 0


def test_fingerprint_follows_file_changes_and_options(tmp_path):
    (tmp_path / "o").mkdir()
    article = tmp_path / "o" / "a.txt"
    article.write_text("one")
    first = corpus_fingerprint(tmp_path, {"outlet": None})
    assert corpus_fingerprint(tmp_path, {"outlet": None}) == first
    assert corpus_fingerprint(tmp_path, {"outlet": "x"}) != first
    article.write_text("one two")
    assert corpus_fingerprint(tmp_path, {"outlet": None}) != first


def test_code_version_follows_listed_sources_only(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "rules.py").write_text("WINDOW = 30\n")
    (tmp_path / "data" / "words.yaml").write_text("a: [x]\n")
    (tmp_path / "report.py").write_text("TITLE = 'x'\n")
    sources = ("rules.py", "data/*.yaml")
    before = code_version(sources, root=tmp_path)
    assert len(before) == 16
    (tmp_path / "report.py").write_text("TITLE = 'y'\n")  # not a listed source
    assert code_version(sources, root=tmp_path) == before
    (tmp_path / "data" / "words.yaml").write_text("a: [x, y]\n")
    changed = code_version(sources, root=tmp_path)
    assert changed != before
    (tmp_path / "rules.py").write_text("WINDOW = 31\n")
    assert code_version(sources, root=tmp_path) not in (before, changed)
    # an installed package's version counts too (an absent one as None)
    assert code_version(sources, ["pandas"], root=tmp_path) != code_version(sources, root=tmp_path)
    with pytest.raises(FileNotFoundError, match="renamed.py"):
        code_version(("renamed.py",), root=tmp_path)


def test_versions_cover_every_module_that_ingest_and_scoring_import():
    """SCORER_VERSION and INGEST_VERSION hash listed files: a new module that
    reading or scoring imports must join a list, or edits to it would reuse
    stale cache entries.  Checked in a fresh interpreter, model path included."""
    code = (
        "import sys, framing\n"
        "from framing.corpus import load_corpus\n"
        "from framing.pipeline import Scorer, ScoreSettings\n"
        "from framing.stance_model import ModelStance, StanceClassifier\n"
        "from framing.newsmtsc import read_newsmtsc\n"
        f"docs = load_corpus({str(SAMPLE)!r})\n"
        "Scorer(ScoreSettings()).score(docs.documents.head(3))\n"
        f"tiny = read_newsmtsc({str(TINY)!r})\n"
        "stance = ModelStance(StanceClassifier().fit(tiny.X, tiny.y))\n"
        "print(' '.join(m for m in sys.modules if m.startswith('framing')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = {m.split(".", 1)[1].replace(".", "/") + ".py" for m in done.stdout.split()
              if "." in m}
    listed = set(SCORING_SOURCES) | set(INGEST_SOURCES)
    # infrastructure that decides no text, score or label
    neutral = {"errors.py", "progress.py", "provenance.py", "data.py", "io.py", "newsmtsc.py"}
    assert {"quotes.py", "stance_words.py", "clean.py"} <= loaded
    assert loaded - listed - neutral == set()


def test_code_versions_enter_the_cache_keys(tmp_path, monkeypatch):
    import framing.cache
    import framing.pipeline
    from framing.pipeline import Scorer

    (tmp_path / "a.txt").write_text("Some text.\n")
    scorer = Scorer()
    key, fingerprint = scorer.key, corpus_fingerprint(tmp_path, {})
    monkeypatch.setattr(framing.pipeline, "SCORER_VERSION", "edited-rules")
    assert scorer.key != key
    monkeypatch.setattr(framing.cache, "INGEST_VERSION", "edited-cleaning")
    assert corpus_fingerprint(tmp_path, {}) != fingerprint


def test_clear_spares_entries_being_written_and_put_never_fails(tmp_path, monkeypatch):
    import os
    import time

    import framing.cache

    cache = ScoreCache(tmp_path / "cache")
    frames = {"hits": pd.DataFrame({"a": [1]})}
    cache.put("batch", "ab" * 12, frames)
    writing = tmp_path / "cache" / "batch" / "cd" / ".tmp-running"
    writing.mkdir(parents=True)
    assert cache.clear(older_than_days=0) == 1  # the complete entry, not the one being written
    assert writing.exists()
    old = time.time() - 2 * 86400  # a crashed writer's leftover
    os.utime(writing, (old, old))
    cache.clear()
    assert not writing.exists()
    # a write that cannot be done (here: the cache root is a file) is a warning, not an error
    warnings = []
    monkeypatch.setattr(framing.cache.log, "warning", lambda msg, *args: warnings.append(msg % args))
    blocked = ScoreCache(tmp_path / "not-a-folder")
    (tmp_path / "not-a-folder").write_text("x")
    blocked.put("batch", "ef" * 12, frames)
    assert len(warnings) == 1 and "not stored" in warnings[0]
    assert blocked.get("batch", "ef" * 12) is None
