import filecmp
import json
from pathlib import Path

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
    for name in ("documents", "manifest"):  # with the dtypes of a cold run (strings, Int64 line)
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
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
    assert run["extra"]["lexicons"][0]["id"] == "loaded_language@1.1"
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


# ---------------------------------------------------------------- cache keys follow the input


def test_edits_that_keep_the_doc_id_are_rescored(corpus_dir, tmp_path):
    """A document id hashes case-folded text with white space collapsed; the cache
    must still see a change of case or of paragraph breaks (offsets and mentions move)."""
    from framing.corpus import load_corpus

    cache = tmp_path / "cache"
    score_corpus(corpus_dir, cache=cache, batch_size=4)
    article = sorted(corpus_dir.rglob("*.txt"))[0]
    before = load_corpus(corpus_dir).documents["doc_id"].tolist()
    text = article.read_text("utf-8")
    article.write_text(text.replace("Moscow", "MOSCOW").replace(". ", ".\n\n", 1), "utf-8")
    assert load_corpus(corpus_dir).documents["doc_id"].tolist() == before  # same ids
    cached = score_corpus(corpus_dir, cache=cache, batch_size=4)
    fresh = score_corpus(corpus_dir, cache=False, batch_size=4)
    _frames_equal(cached, fresh)


def test_an_edit_that_keeps_size_and_time_is_rescored(corpus_dir, tmp_path):
    """``cp -p`` / ``rsync -a`` of a corrected file keeps size and modification time:
    the cache must see the new content, and the manifest hash must change."""
    import os

    cache = tmp_path / "cache"
    first = score_corpus(corpus_dir, cache=cache)
    article = sorted(corpus_dir.rglob("*.txt"))[0]
    st = article.stat()
    text = article.read_text("utf-8")
    assert "Moscow" in text
    article.write_text(text.replace("Moscow", "Mxxxxw"), "utf-8")
    os.utime(article, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert article.stat().st_size == st.st_size and article.stat().st_mtime_ns == st.st_mtime_ns
    cached = score_corpus(corpus_dir, cache=cache)
    assert cached.metadata.get("cache") != "hit"
    _frames_equal(cached, score_corpus(corpus_dir, cache=False))
    assert cached.metadata["manifest_sha256"] != first.metadata["manifest_sha256"]


def test_the_manifest_hash_names_content_not_location(corpus_dir, tmp_path):
    """The same corpus in another folder hashes alike; a change of case does not."""
    import shutil

    copy = tmp_path / "elsewhere" / "sample"
    shutil.copytree(corpus_dir, copy)
    here = score_corpus(corpus_dir, cache=False).metadata["manifest_sha256"]
    assert score_corpus(copy, cache=False).metadata["manifest_sha256"] == here
    streamed = write_scores(copy, tmp_path / "out", cache=False, batch_size=5)
    assert streamed["manifest_sha256"] == here
    article = sorted(copy.rglob("*.txt"))[0]
    article.write_text(article.read_text("utf-8").replace("Moscow", "MOSCOW"), "utf-8")
    assert score_corpus(copy, cache=False).metadata["manifest_sha256"] != here  # same doc ids


def test_edits_under_a_linked_outlet_folder_are_seen(tmp_path):
    import shutil

    from tests.conftest import SAMPLE

    elsewhere = tmp_path / "elsewhere" / "wsws"
    shutil.copytree(SAMPLE / "wsws", elsewhere)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wsws").symlink_to(elsewhere, target_is_directory=True)
    cache = tmp_path / "cache"
    first = score_corpus(corpus, cache=cache)
    article = sorted(elsewhere.glob("*.txt"))[0]
    # a new paragraph inside the article (the wsws sign-off at its end is cut as boilerplate)
    text = article.read_text("utf-8")
    middle = text.index("\n\n", len(text) // 2)
    article.write_text(text[:middle] + "\n\nThe editorial calls it propaganda." + text[middle:], "utf-8")
    second = score_corpus(corpus, cache=cache)
    assert second.metadata["cache"] == "stored"
    assert len(second.hits) == len(first.hits) + 1


def test_failed_documents_are_not_cached(corpus_dir, tmp_path, monkeypatch):
    import framing.pipeline
    from framing.corpus import load_corpus

    real = framing.pipeline.Scorer._score_document
    victim = load_corpus(corpus_dir).documents["doc_id"][0]

    def flaky(self, doc_id, text, local):
        if doc_id == victim:
            raise MemoryError("passing trouble")
        return real(self, doc_id, text, local)

    cache = tmp_path / "cache"
    monkeypatch.setattr(framing.pipeline.Scorer, "_score_document", flaky)
    first = score_corpus(corpus_dir, cache=cache, batch_size=4)
    assert (first.manifest["status"] == "rejected").sum() == 1
    assert first.metadata.get("cache") != "stored"
    monkeypatch.setattr(framing.pipeline.Scorer, "_score_document", real)
    second = score_corpus(corpus_dir, cache=cache, batch_size=4)
    assert (second.manifest["status"] == "rejected").sum() == 0
    assert len(second.documents) == len(first.documents) + 1


def test_an_in_memory_corpus_keeps_its_manifest(tmp_path):
    """Scoring a loaded Corpus accounts for each item once (duplicates included)."""
    import shutil

    from framing.corpus import load_corpus
    from tests.conftest import SAMPLE

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    article = sorted((corpus / "wsws").glob("*.txt"))[0]
    shutil.copy(article, corpus / "civic_ledger" / "copy-of-wsws.txt")
    loaded = load_corpus(corpus)
    assert (loaded.manifest["status"] == "duplicate").sum() == 1
    scores = score_corpus(loaded, cache=False, batch_size=5)
    assert len(scores.manifest) == len(loaded.manifest)
    assert scores.manifest["status"].value_counts().to_dict() == \
        loaded.manifest["status"].value_counts().to_dict()


def test_an_interrupted_write_leaves_the_previous_output(corpus_dir, tmp_path, monkeypatch):
    import framing.pipeline

    out = tmp_path / "scores"
    write_scores(corpus_dir, out, cache=False, batch_size=4)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.parquet") if p.is_file()}
    run = (out / "run.json").read_text("utf-8")
    real, calls = framing.pipeline.Scorer.score, []

    def interrupted(self, documents, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, documents, **kwargs)

    monkeypatch.setattr(framing.pipeline.Scorer, "score", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_scores(corpus_dir, out, cache=False, batch_size=4)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.parquet") if p.is_file()}
    assert after == before and (out / "run.json").read_text("utf-8") == run
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["run.json", *(f"{n}.parquet" for n in ("documents", "manifest", "sentences", "quotes",
                                                  "hits", "mentions", "stance"))])


def test_run_json_of_an_output_cache_hit_has_this_runs_settings(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    write_scores(corpus_dir, tmp_path / "a", cache=cache, batch_size=5, jobs=1)
    second = write_scores(corpus_dir, tmp_path / "b", cache=cache, batch_size=5, jobs=2)
    assert second["cache"] == "hit"
    run = json.loads((tmp_path / "b" / "run.json").read_text("utf-8"))
    assert run["parameters"]["jobs"] == 2 and second["settings"]["jobs"] == 2


def test_a_dask_worker_rebuilds_its_scorer_when_a_lexicon_file_changes(tmp_path, sample_corpus):
    """Workers of a long-lived cluster keep their scorer between runs: it must follow
    the lexicon's contents, not only its path."""
    import framing.engines as engines
    from framing.pipeline import Scorer, ScoreSettings

    lexicon = tmp_path / "terms.txt"
    lexicon.write_text("propaganda\n")
    settings = ScoreSettings(lexicons=(str(lexicon),), targets=None)
    part = tmp_path / "part-000000.parquet"
    sample_corpus.documents.head(8).to_parquet(part, index=False)
    engines._worker_scorer = Scorer(settings)  # as left by the previous run
    lexicon.write_text("regime\n")
    key = Scorer(settings).key
    engines._score_part(str(part), str(tmp_path / "scores"), settings, key, False)
    hits = pd.read_parquet(tmp_path / "scores" / "hits" / "part-000000.parquet")
    assert set(hits["entry"]) == {"regime"}


def test_a_killed_runs_partial_folder_is_removed_once_stale(corpus_dir, tmp_path):
    import os
    import time

    out = tmp_path / "scores"
    old, recent = out / ".framing-partial-killed", out / ".framing-partial-running"
    old.mkdir(parents=True)
    recent.mkdir()
    week = time.time() - 7 * 86400
    os.utime(old, (week, week))
    write_scores(corpus_dir, out, cache=False, batch_size=8)
    assert not old.exists() and recent.exists()  # a younger one may belong to a running run
    assert not [p for p in out.iterdir() if p.name.startswith(".framing-partial-") and p != recent]


def test_run_json_records_the_manifest_hash_and_the_cli_reports_cache_hits(corpus_dir, tmp_path,
                                                                          capsys, monkeypatch):
    from framing.cli.main import main
    from framing.pipeline import frame_sha256, manifest_rows

    out = tmp_path / "scores"
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["score", str(corpus_dir), "--out", str(out), "--jobs", "1"]) == 0
    first = capsys.readouterr().out
    assert main(["score", str(corpus_dir), "--out", str(out), "--jobs", "1"]) == 0
    second = capsys.readouterr().out
    assert "score cache" not in first and "read from the score cache" in second
    run = json.loads((out / "run.json").read_text("utf-8"))
    written = pd.read_parquet(out / "manifest.parquet")
    documents = pd.read_parquet(out / "documents.parquet")
    assert run["hashes"]["manifest"] == frame_sha256(manifest_rows(written, documents, corpus_dir))
    # the same hash as the in-memory route that reports record
    assert run["hashes"]["manifest"] == score_corpus(corpus_dir, cache=False).metadata["manifest_sha256"]
    # streamed in several batches, the hash is the one of the whole manifest
    streamed = write_scores(corpus_dir, tmp_path / "b", cache=False, batch_size=3)
    assert streamed["manifest_sha256"] == run["hashes"]["manifest"]


# ------------------------------------------------------------------ a trained stance model


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    """A stance model trained on the tiny NewsMTSC fixture, saved once."""
    from framing.newsmtsc import read_newsmtsc
    from framing.stance_model import StanceClassifier, save_model

    data = read_newsmtsc(Path(__file__).parent / "fixtures" / "newsmtsc_tiny.jsonl")
    path = tmp_path_factory.mktemp("model") / "stance.skops"
    save_model(StanceClassifier(C=50.0).fit(data.X, data.y), path, data_source="tiny")
    return path


@pytest.fixture
def small_corpus(tmp_path):
    import shutil

    from tests.conftest import SAMPLE

    for outlet in ("civic_ledger", "kestrel_dispatch"):
        (tmp_path / "small" / outlet).mkdir(parents=True)
        for article in sorted((SAMPLE / outlet).glob("2024-*.txt"))[:2]:
            shutil.copy(article, tmp_path / "small" / outlet / article.name)
    return tmp_path / "small"


def test_a_cache_hit_never_loads_the_stance_model(small_corpus, model_file, tmp_path, monkeypatch):
    """The cache key comes from the model file's hash, so a hit needs neither
    scikit-learn nor skops; the stored metadata still names the model."""
    import framing.stance_model
    from framing.stance_model import load_model

    cache = tmp_path / "cache"
    first = score_corpus(small_corpus, stance_model=str(model_file), cache=cache)
    written = write_scores(small_corpus, tmp_path / "out", stance_model=str(model_file), cache=cache)
    model = load_model(model_file)
    assert first.metadata["stance_method"] == f"model:{model.model_id_}"
    assert set(first.stance["method"]) == {f"model:{model.model_id_}"}

    def forbidden(*args, **kwargs):
        raise AssertionError("the model was loaded on a cache hit")

    monkeypatch.setattr(framing.stance_model, "load_model", forbidden)
    second = score_corpus(small_corpus, stance_model=str(model_file), cache=cache)
    again = write_scores(small_corpus, tmp_path / "out", stance_model=str(model_file), cache=cache)
    assert second.metadata["cache"] == again["cache"] == "hit"
    _frames_equal(first, second)
    for meta in (second.metadata, again, written):
        assert meta["stance_method"] == f"model:{model.model_id_}"
        record = meta["stance_model"]
        assert record["id"] == model.model_id_
        assert record["training"]["n_train"] == model.training_info_["n_train"]
        assert record["training"]["data_sha256"] == model.training_info_["data_sha256"]
        assert record["training"]["data_source"] == "tiny"
    from framing.provenance import sha256_file

    assert second.metadata["stance_model"]["sha256"] == sha256_file(model_file)
    # a copy of the model under another name is the same model: a hit, recorded under its own path
    copy = tmp_path / "elsewhere" / "copy.skops"
    copy.parent.mkdir()
    copy.write_bytes(model_file.read_bytes())
    third = score_corpus(small_corpus, stance_model=str(copy), cache=cache)
    moved = write_scores(small_corpus, tmp_path / "out", stance_model=str(copy), cache=cache)
    assert third.metadata["cache"] == moved["cache"] == "hit"
    assert third.metadata["stance_model"]["path"] == moved["stance_model"]["path"] == str(copy)
    assert json.loads((tmp_path / "out" / "run.json").read_text())["extra"]["stance_model"]["path"] == str(copy)


def test_cached_batches_give_the_model_metadata_without_loading_it(small_corpus, model_file, tmp_path,
                                                                   monkeypatch):
    """Every batch from the cache but no whole-corpus entry (a new output folder, an
    entry removed): the run's metadata comes from the model file's stored metadata,
    without building the model (seconds), and equals a cold run's."""
    import shutil

    import framing.stance_model

    cache = tmp_path / "cache"
    cold = score_corpus(small_corpus, stance_model=str(model_file), cache=False)
    written = write_scores(small_corpus, tmp_path / "cold", stance_model=str(model_file), cache=cache)
    for kind in ("corpus", "output"):  # keep the batch entries only
        shutil.rmtree(cache / kind, ignore_errors=True)

    def forbidden(*args, **kwargs):
        raise AssertionError("the model was loaded although every batch came from the cache")

    monkeypatch.setattr(framing.stance_model, "load_model", forbidden)
    warm = score_corpus(small_corpus, stance_model=str(model_file), cache=cache)
    again = write_scores(small_corpus, tmp_path / "new", stance_model=str(model_file), cache=cache)
    assert warm.metadata["cache"] == again["cache"] == "stored"  # not a whole-corpus hit
    _frames_equal(cold, warm)

    def same(meta):
        return {k: v for k, v in meta.items() if k not in ("seconds", "cache")}

    assert same(warm.metadata) == same(cold.metadata)
    assert same(again) == same(written)
    runs = [json.loads((tmp_path / name / "run.json").read_text("utf-8"))["extra"] for name in ("cold", "new")]
    assert same(runs[0]) == same(runs[1])
    assert runs[1]["stance_model"]["training"]["data_source"] == "tiny"


def test_model_metadata_read_from_the_file_is_the_loaded_models(model_file, tmp_path):
    """read_model_metadata decodes the skops schema's plain 'meta' node exactly as
    loading does; a layout it does not know gives None, and the scorer then loads
    the model for the same record."""

    from framing.model_file import read_model_metadata
    from framing.pipeline import Scorer, ScoreSettings
    from framing.stance_model import load_model

    loaded = load_model(model_file)
    assert read_model_metadata(model_file) == loaded.metadata_
    assert read_model_metadata(model_file)["model_id"] == loaded.model_id_
    expected = Scorer(ScoreSettings(stance_model=str(model_file))).prepare().metadata  # from the model

    # the same model with its 'params' stored as an OrderedDict, which the reader does not decode
    odd = _edited_model(model_file, tmp_path / "odd.skops",
                        lambda schema: schema["content"]["meta"]["content"]["params"].update(
                            {"__class__": "OrderedDict", "__module__": "collections"}))
    assert read_model_metadata(odd) is None
    scorer = Scorer(ScoreSettings(stance_model=str(odd)))
    meta = scorer.metadata
    assert scorer._stance is not None  # loaded for it
    assert meta["stance_method"] == expected["stance_method"]
    assert meta["stance_model"]["training"] == expected["stance_model"]["training"]


def test_model_metadata_of_another_format_version_is_refused_as_loading_refuses_it(model_file,
                                                                                   tmp_path):
    """A model file of a format version this framing does not read has no metadata for
    the reader: the scorer loads it for the record, which refuses it with the version
    error, as it does when the model scores (the reader does not let a run with every
    batch cached record a model it could not use)."""

    from framing.errors import ModelError
    from framing.model_file import MODEL_FORMAT_VERSION, read_model_metadata
    from framing.pipeline import Scorer, ScoreSettings

    def next_version(schema):
        version = schema["content"]["meta"]["content"]["format_version"]
        assert json.loads(version["content"]) == MODEL_FORMAT_VERSION
        version["content"] = json.dumps(MODEL_FORMAT_VERSION + 1)

    future = _edited_model(model_file, tmp_path / "future.skops", next_version)
    assert read_model_metadata(model_file) is not None
    assert read_model_metadata(future) is None
    with pytest.raises(ModelError, match="format version"):
        _ = Scorer(ScoreSettings(stance_model=str(future))).metadata


def _edited_model(model_file, path, edit):
    """A copy of ``model_file`` with ``edit`` applied to its skops schema."""
    import zipfile

    with zipfile.ZipFile(model_file) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "schema.json":
                schema = json.loads(data)
                edit(schema)
                data = json.dumps(schema).encode()
            dst.writestr(info, data)
    return path


def test_an_edited_model_id_is_refused_whether_the_model_is_loaded_or_not(model_file, tmp_path,
                                                                          small_corpus):
    """A model_id edited in the file's metadata: a cold run recorded the model's own id
    (and its stance rows said so), a run with every batch cached the edited one. Both
    ways now refuse the file, as the id would describe no model."""
    from framing.errors import ModelError
    from framing.model_file import read_model_metadata
    from framing.pipeline import Scorer, ScoreSettings
    from framing.stance_model import load_model

    def edit(schema):
        schema["content"]["meta"]["content"]["model_id"]["content"] = json.dumps("deadbeef0000")

    edited = _edited_model(model_file, tmp_path / "edited.skops", edit)
    message = r"model id stored in the file \('deadbeef0000'\) is not the one"
    with pytest.raises(ModelError, match=message):
        read_model_metadata(edited)
    with pytest.raises(ModelError, match=message):
        load_model(edited)
    with pytest.raises(ModelError, match=message):  # the record without loading
        _ = Scorer(ScoreSettings(stance_model=str(edited))).metadata
    with pytest.raises(ModelError, match=message):  # scoring
        score_corpus(small_corpus, stance_model=str(edited), cache=False)


def test_a_model_file_naming_types_framing_never_loads_is_refused_before_its_metadata(
        model_file, tmp_path):
    """Its metadata was recorded as the model used although loading refuses the file:
    a foreign type inside the model, or a 'StanceClassifier' of another module."""
    from framing.errors import ModelError
    from framing.model_file import read_model_metadata
    from framing.pipeline import Scorer, ScoreSettings

    def foreign(schema):
        schema["content"]["model"]["content"]["content"]["extra_"] = {
            "__class__": "system", "__module__": "os", "__loader__": "ObjectNode", "content": {}}

    def other_module(schema):
        schema["content"]["model"]["__module__"] = "mypackage.models"

    odd = _edited_model(model_file, tmp_path / "odd.skops", foreign)
    with pytest.raises(ModelError, match=r"types framing does not load \(os\.system\)"):
        read_model_metadata(odd)
    with pytest.raises(ModelError, match="types framing does not load"):
        Scorer(ScoreSettings(stance_model=str(odd)))
    other = _edited_model(model_file, tmp_path / "other.skops", other_module)
    with pytest.raises(ModelError, match="mypackage.models.StanceClassifier model, not framing's"):
        read_model_metadata(other)
    assert read_model_metadata(model_file) is not None  # the model itself passes


def test_the_scorer_key_follows_the_model_files_content(model_file, tmp_path):
    import shutil

    from framing.newsmtsc import read_newsmtsc
    from framing.pipeline import Scorer, ScoreSettings
    from framing.stance_model import StanceClassifier, save_model

    path = tmp_path / "m.skops"
    shutil.copy(model_file, path)
    key = Scorer(ScoreSettings(stance_model=str(path))).key
    assert Scorer(ScoreSettings(stance_model=str(path))).key == key  # same bytes, same key
    assert Scorer(ScoreSettings()).key != key  # the lexicon method
    data = read_newsmtsc(Path(__file__).parent / "fixtures" / "newsmtsc_tiny.jsonl")
    save_model(StanceClassifier(C=5.0).fit(data.X, data.y), path)  # retrained in place
    assert Scorer(ScoreSettings(stance_model=str(path))).key != key


def test_a_model_replaced_after_hashing_is_refused_not_used(model_file, tmp_path, sample_corpus):
    """The key describes the file hashed when the scorer was built; a file swapped
    before the lazy load must not be scored under that key."""
    import shutil

    from framing.errors import ModelError
    from framing.pipeline import Scorer, ScoreSettings

    path = tmp_path / "m.skops"
    shutil.copy(model_file, path)
    scorer = Scorer(ScoreSettings(stance_model=str(path)))
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ModelError, match="changed since this run hashed it"):
        scorer.score(sample_corpus.documents.head(1))


def test_a_bad_model_file_stops_the_run_instead_of_failing_each_document(tmp_path, sample_corpus,
                                                                        model_like):
    """Loaded lazily, a damaged model must still be an error, not one 'scoring failed'
    rejection per document."""
    import zipfile

    from framing.errors import MissingFileError, ModelError
    from framing.pipeline import Scorer, ScoreSettings

    damaged = model_like  # the schema of a model file, no content
    scorer = Scorer(ScoreSettings(stance_model=str(damaged)))
    with pytest.raises(ModelError, match=r"models/stance\.skops"):
        scorer.score(sample_corpus.documents.head(2))
    # refused when the scorer is built, before anything is read or scored
    with pytest.raises(MissingFileError, match="absent.skops"):
        Scorer(ScoreSettings(stance_model=str(tmp_path / "absent.skops")))
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ModelError, match="not a skops archive"):
        Scorer(ScoreSettings(stance_model=str(tmp_path / "notes.txt")))
    with pytest.raises(ModelError, match="not a framing stance model"):  # a zip, not a model
        Scorer(ScoreSettings(stance_model=str(model_like.parent / "arrays.npz")))
    with zipfile.ZipFile(tmp_path / "deep.skops", "w") as archive:  # a schema nested past recursion
        archive.writestr("schema.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ModelError, match="unreadable skops schema"):
        Scorer(ScoreSettings(stance_model=str(tmp_path / "deep.skops")))


def test_a_documents_frame_without_required_columns_is_refused_before_scoring(tmp_path):
    from framing.errors import InputError

    frame = pd.DataFrame({"outlet": ["a"], "text": ["Russia is a threat."]})
    for cache in (tmp_path / "cache", False):
        with pytest.raises(InputError, match="no column 'doc_id'"):
            score_corpus(frame, cache=cache)
    scores = score_corpus(frame.assign(doc_id=["d1"]), cache=tmp_path / "cache")
    assert scores.documents["title"].isna().all() and len(scores.sentences) == 1
