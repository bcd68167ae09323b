import filecmp
import json

import pandas as pd
import pytest

from framing.cache import ScoreCache
from framing.scoring import score_corpus, write_scores


@pytest.fixture
def corpus_dir(tmp_path):
    import shutil

    from tests.conftest import SAMPLE

    target = tmp_path / "corpus"
    shutil.copytree(SAMPLE, target)
    return target


def _frames_equal(a, b):
    for name in ("documents", "sentences", "quotes", "hits", "mentions", "stance"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False)


def test_cache_hit_reads_without_scoring(corpus_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = score_corpus(corpus_dir, cache=cache, batch_size=4)
    assert first.metadata["cache"] == "stored"
    import framing.pipeline

    def forbidden(*args, **kwargs):
        raise AssertionError("scored although cached")

    monkeypatch.setattr(framing.pipeline.Scorer, "score", forbidden)
    second = score_corpus(corpus_dir, cache=cache, batch_size=4)
    assert second.metadata["cache"] == "hit"
    _frames_equal(first, second)
    info = ScoreCache(cache).info().set_index("kind")
    n_items = len(list(corpus_dir.rglob("*.txt")))
    assert info.loc["corpus", "entries"] == 1 and info.loc["batch", "entries"] == -(-n_items // 4)


def test_editing_one_article_rescores_only_its_batch(corpus_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    score_corpus(corpus_dir, cache=cache, batch_size=4)
    article = sorted(corpus_dir.rglob("*.txt"))[0]
    article.write_text(article.read_text("utf-8") + "\n\nA new closing paragraph calls it propaganda.\n", "utf-8")
    import framing.pipeline

    calls = []
    real = framing.pipeline.Scorer.score

    def counting(self, documents, **kwargs):
        calls.append(len(documents))
        return real(self, documents, **kwargs)

    monkeypatch.setattr(framing.pipeline.Scorer, "score", counting)
    scores = score_corpus(corpus_dir, cache=cache, batch_size=4)
    assert calls == [4]  # documents in batches of 4: only the first batch changed
    assert scores.hits["match"].str.contains("propaganda").any()


def test_changing_the_lexicon_invalidates_everything(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    lexicon = tmp_path / "tiny.txt"
    lexicon.write_text("regime\npropaganda\n")
    a = score_corpus(corpus_dir, cache=cache, lexicons=(str(lexicon),))
    lexicon.write_text("regime\n")
    b = score_corpus(corpus_dir, cache=cache, lexicons=(str(lexicon),))
    assert b.metadata["cache"] == "stored"
    assert set(a.hits["entry"]) == {"regime", "propaganda"} and set(b.hits["entry"]) == {"regime"}
    assert a.metadata["lexicons"][0]["sha256"] != b.metadata["lexicons"][0]["sha256"]


def test_jobs_do_not_change_results(sample_corpus):
    one = score_corpus(sample_corpus, cache=False, jobs=1, batch_size=3)
    two = score_corpus(sample_corpus, cache=False, jobs=2, batch_size=3)
    _frames_equal(one, two)


def test_write_scores_is_deterministic_across_runs_and_jobs(corpus_dir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_scores(corpus_dir, a, cache=False, jobs=1, batch_size=5)
    meta = write_scores(corpus_dir, b, cache=tmp_path / "c", jobs=2, batch_size=5)
    n_items = len(list(corpus_dir.rglob("*.txt")))
    assert meta["counts"]["documents"] == n_items
    n_parts = -(-n_items // 5)
    for name in ("documents", "manifest", "sentences", "quotes", "hits", "mentions", "stance"):
        parts_a = sorted(p.name for p in (a / f"{name}.parquet").iterdir())
        assert parts_a == [f"part-{i:05d}.parquet" for i in range(n_parts)]
        for part in parts_a:
            assert filecmp.cmp(a / f"{name}.parquet" / part, b / f"{name}.parquet" / part, shallow=False), (name, part)
    run = json.loads((a / "run.json").read_text())
    assert run["extra"]["lexicons"][0]["id"] == "loaded_language@1.0"
    assert "pandas" in run["packages"] and run["framing_version"]
    assert len(pd.read_parquet(a / "hits.parquet")) == meta["counts"]["hits"]


def test_dask_engine_gives_identical_results(sample_corpus):
    pytest.importorskip("dask.distributed", reason="framing[dask] is part of the dev extra")
    local = score_corpus(sample_corpus, cache=False, jobs=1, batch_size=5)
    dask = score_corpus(sample_corpus, cache=False, jobs=2, engine="dask", batch_size=5)
    _frames_equal(local, dask)


def test_bad_engine_and_jobs():
    from framing.errors import ParameterError

    with pytest.raises(ParameterError, match="engine"):
        score_corpus("corpora/sample", engine="spark")
    with pytest.raises(ParameterError, match="jobs"):
        score_corpus("corpora/sample", jobs=0)


def test_write_scores_cache_hit_copies_the_previous_output(corpus_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = write_scores(corpus_dir, tmp_path / "a", cache=cache, batch_size=5)
    assert first["cache"] == "stored"
    import framing.pipeline

    monkeypatch.setattr(framing.pipeline.Scorer, "score", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    second = write_scores(corpus_dir, tmp_path / "b", cache=cache, batch_size=5)
    assert second["cache"] == "hit" and second["counts"] == first["counts"]
    for name in ("hits", "stance", "manifest"):
        parts = sorted((tmp_path / "a" / f"{name}.parquet").iterdir())
        assert [p.name for p in parts] == sorted(p.name for p in (tmp_path / "b" / f"{name}.parquet").iterdir())
        for part in parts:
            assert filecmp.cmp(part, tmp_path / "b" / f"{name}.parquet" / part.name, shallow=False)
    assert not (tmp_path / "b" / "scores.json").exists() and (tmp_path / "b" / "run.json").exists()
