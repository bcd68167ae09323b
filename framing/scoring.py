"""Score a corpus end to end: read in batches, score on an engine, cache, and collect or stream.

* :func:`score_corpus` returns a :class:`~framing.pipeline.Scores` in memory
  (notebooks, reports, scripts).  With the cache on, a re-run on unchanged
  input files, options and lexicons reads the stored result without reading the
  corpus.
* :func:`write_scores` streams: every batch's frames are written as Parquet
  part files as soon as they are scored (``DIR/hits.parquet/part-00000.parquet``,
  ...), so corpora larger than memory can be scored.  ``pandas.read_parquet``
  reads such a folder as one frame.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.cache import ScoreCache, corpus_fingerprint
from framing.corpus import Corpus, iter_corpus
from framing.engines import ENGINES, default_jobs, map_dask, map_local
from framing.errors import ParameterError
from framing.io import remove_if_stale, write_json
from framing.pipeline import (
    FRAME_COLUMNS,
    MANIFEST_HASH_COLUMNS,
    FrameDigest,
    Scorer,
    Scores,
    ScoreSettings,
    assemble,
    documents_frame,
    manifest_rows,
    typed_frames,
)
from framing.progress import progress_bar
from framing.provenance import run_metadata
from framing.schema import DOCUMENT_COLUMNS

__all__ = ["score_corpus", "write_scores", "SCORE_BATCH_DOCS"]

log = logging.getLogger(__name__)

#: Input items per batch: small enough for bounded memory and for several
#: batches per worker on a 1,000-article corpus, large enough that per-batch
#: overhead (pickling, Parquet parts) stays under a few percent.
SCORE_BATCH_DOCS = 200

_LOAD_OPTIONS = ("columns", "outlet", "encoding", "strict")
#: Hidden folder inside ``out_dir`` that :func:`write_scores` fills before moving
#: the frames into place.
_PARTIAL_PREFIX = ".framing-partial-"


def _settings(lexicons, targets, stance_model) -> ScoreSettings:
    return ScoreSettings(lexicons=tuple(lexicons) if not isinstance(lexicons, (str, Path)) else (str(lexicons),),
                         targets=targets, stance_model=stance_model)


def _batches(source, load: Mapping[str, Any], batch_size: int) -> Iterator[Corpus]:
    if isinstance(source, Corpus):
        source = source.documents, source.manifest
    if isinstance(source, tuple):
        documents, manifest = source
        for start in range(0, max(len(documents), 1), batch_size):
            docs = documents.iloc[start:start + batch_size]
            # the accepted rows only: duplicates share their original's doc_id and come below
            accepted = None if manifest is None else manifest[
                (manifest["status"] == "accepted") & manifest["doc_id"].isin(docs["doc_id"])]
            yield Corpus(docs.reset_index(drop=True), accepted)
        if manifest is not None:  # rejected and duplicate items have no document: keep them
            rest = manifest[manifest["status"] != "accepted"]
            if len(rest):
                yield Corpus(documents.iloc[0:0], rest)
        return
    if isinstance(source, pd.DataFrame):  # required columns checked before any work
        yield from _batches((documents_frame(source), None), load, batch_size)
        return
    yield from iter_corpus(source, batch_size=batch_size, **load)


def _scored(source, scorer: Scorer, load: Mapping[str, Any], *, jobs: int, engine: str,
            scheduler: str | None, cache: ScoreCache | None, batch_size: int, strict: bool,
            workdir: str | os.PathLike[str] | None = None,
            ) -> Iterator[tuple[Corpus, dict[str, pd.DataFrame]]]:
    """Yield ``(batch, frames)`` in input order, scoring only what the cache does not hold."""
    def tasks():
        for batch in _batches(source, load, batch_size):
            key = None
            if cache is not None and len(batch.documents):
                key = cache.batch_key(scorer.key, batch.documents["doc_id"], batch.documents["text"])
                hit = cache.get("batch", key)
                if hit is not None:
                    yield (batch, None), typed_frames(hit[0])
                    continue
            if len(batch.documents):
                # load a trained stance model here, at the first batch to score: worker
                # processes forked from now on share it, and a run of cache hits never loads it
                scorer.prepare()
            yield (batch, key), batch.documents

    bar = progress_bar(desc="scoring", unit="docs")
    if engine == "dask":
        results = map_dask(tasks(), scorer, scheduler=scheduler, workdir=workdir, strict=strict,
                           n_workers=jobs)
    else:
        results = map_local(tasks(), scorer, jobs=jobs, strict=strict)
    try:
        for (batch, key), frames in results:
            # a batch with a failed document is not stored: the cause may be passing
            # (memory), and a later run must try that document again
            if key is not None and not len(frames["failures"]):
                cache.put("batch", key, frames)
            bar.update(len(batch.documents))
            yield batch, frames
    finally:
        bar.close()


def _root(source: Any) -> str | os.PathLike[str] | None:
    """The corpus path that manifest items are hashed relative to (None for frames)."""
    return source if isinstance(source, (str, os.PathLike)) else None


def _check(engine: str, jobs: int | None) -> int:
    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}", field="engine", hint=f"use one of {', '.join(ENGINES)}")
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, got {jobs}", field="jobs")
    return jobs


def score_corpus(
    source: str | os.PathLike[str] | Corpus | pd.DataFrame,
    *,
    lexicons: Sequence[str] | str = ("loaded_language",),
    targets: str | None = "sample",
    stance_model: str | None = None,
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    jobs: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache: bool | str | os.PathLike[str] = True,
    batch_size: int = SCORE_BATCH_DOCS,
    dask_workdir: str | os.PathLike[str] | None = None,
) -> Scores:
    """Read and score a corpus; return every frame in memory.

    Parameters
    ----------
    source : path, Corpus or DataFrame
        A corpus path (as for :func:`framing.load_corpus`), a loaded ``Corpus``,
        or a documents frame.
    lexicons : str or sequence of str
        Built-in lexicon names or lexicon files.
    targets : str or None
        Built-in target list name or targets YAML path; ``None`` skips stance.
    stance_model : str, optional
        A trained stance model file; default the lexicon method.
    columns, outlet, encoding, strict
        Reading options of :func:`framing.load_corpus`.
    jobs : int or None
        Worker processes (``None``: all cores).
    engine : {"local", "dask"}
        Where to score.
    scheduler : str, optional
        Dask scheduler address (engine ``dask``).
    cache : bool or path
        Use the score cache (a path chooses its folder; see :mod:`framing.cache`).
    batch_size : int
        Input items per batch.
    dask_workdir : path, optional
        Engine ``dask``: a folder every worker can read and write, for the batches
        and their frames (default: a temporary folder on this machine, which
        workers on other machines cannot read).

    Returns
    -------
    Scores
        ``documents, manifest, sentences, quotes, hits, mentions, stance`` and
        ``metadata`` (ids and hashes of lexicons, targets, model; settings; timings).
    """
    jobs = _check(engine, jobs)
    scorer = Scorer(_settings(lexicons, targets, stance_model))
    load = {"columns": dict(columns or {}), "outlet": outlet, "encoding": encoding, "strict": strict}
    store = None if cache is False else ScoreCache(None if cache is True else cache)
    started = time.perf_counter()
    corpus_key = None
    if store is not None and isinstance(source, (str, os.PathLike)) and Path(source).exists():
        corpus_key = store.corpus_key(corpus_fingerprint(source, load), scorer.key)
        hit = store.get("corpus", corpus_key)
        if hit is not None:
            frames, metadata = hit
            frames = typed_frames(frames)
            frames["documents"]["date"] = pd.to_datetime(frames["documents"]["date"])
            metadata = {**_this_run(metadata, scorer), "cache": "hit",
                        "seconds": time.perf_counter() - started}
            return Scores(metadata=metadata, **frames)
    parts, documents, manifests = [], [], []
    for batch, frames in _scored(source, scorer, load, jobs=jobs, engine=engine, scheduler=scheduler,
                                 cache=store, batch_size=batch_size, strict=strict,
                                 workdir=dask_workdir):
        parts.append(frames)
        documents.append(batch.documents)
        if batch.manifest is not None:
            manifests.append(batch.manifest)
    docs = pd.concat(documents, ignore_index=True) if documents else pd.DataFrame(columns=DOCUMENT_COLUMNS)
    manifest = pd.concat(manifests, ignore_index=True) if manifests else None
    metadata = {**scorer.metadata, "settings": _run_settings(jobs, engine, batch_size, load)}
    scores = assemble(docs, manifest, parts, metadata, root=_root(source))
    scores.metadata["seconds"] = time.perf_counter() - started
    if corpus_key is not None and not any(len(p["failures"]) for p in parts):
        store.put("corpus", corpus_key, scores.frames(), scores.metadata)
        scores.metadata["cache"] = "stored"
    return scores


def write_scores(
    source: str | os.PathLike[str] | Corpus | pd.DataFrame,
    out_dir: str | os.PathLike[str],
    *,
    lexicons: Sequence[str] | str = ("loaded_language",),
    targets: str | None = "sample",
    stance_model: str | None = None,
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    jobs: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache: bool | str | os.PathLike[str] = True,
    batch_size: int = SCORE_BATCH_DOCS,
) -> dict[str, Any]:
    """Score a corpus and stream every frame to Parquet part files under ``out_dir``.

    Parameters are those of :func:`score_corpus`, except that the Dask engine
    works in a hidden folder inside ``out_dir`` (which must then be on storage every
    worker can read and write).  Writes
    ``documents.parquet/``, ``manifest.parquet/``, ``sentences.parquet/``,
    ``quotes.parquet/``, ``hits.parquet/``, ``mentions.parquet/``,
    ``stance.parquet/`` (folders of ``part-NNNNN.parquet`` files, one per batch, in
    input order) and ``run.json`` (written last).  Existing frame folders in
    ``out_dir`` are replaced once the run is complete: the frames are written into
    a hidden ``.framing-partial-*`` folder first, so an interrupted run leaves the
    previous output as it was (without its ``run.json`` only if the interruption
    came while the folders were being swapped).

    Returns
    -------
    dict
        The run metadata also written to ``run.json`` (counts per frame and per status).
    """
    jobs = _check(engine, jobs)
    scorer = Scorer(_settings(lexicons, targets, stance_model))
    load = {"columns": dict(columns or {}), "outlet": outlet, "encoding": encoding, "strict": strict}
    store = None if cache is False else ScoreCache(None if cache is True else cache)
    out = Path(out_dir)
    names = ["documents", "manifest", *FRAME_COLUMNS]
    folders = [f"{name}.parquet" for name in names]
    settings = _run_settings(jobs, engine, batch_size, load)
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    # everything is written into a hidden folder and moved into place at the end:
    # an interrupted run leaves the previous output (or none), never part of one
    for leftover in out.glob(f"{_PARTIAL_PREFIX}*"):  # a killed run's (or a running one's)
        remove_if_stale(leftover)
    work = Path(tempfile.mkdtemp(prefix=_PARTIAL_PREFIX, dir=out))
    try:
        output_key = None
        if store is not None and isinstance(source, (str, os.PathLike)) and Path(source).exists():
            # a whole previous output for the same files, options, batch size and scorer
            output_key = store.corpus_key(corpus_fingerprint(source, {**load, "batch_size": batch_size}),
                                          scorer.key)
            cached = store.get_dir("output", output_key)
            if cached is not None:
                for folder in folders:
                    shutil.copytree(cached / folder, work / folder)
                metadata = _this_run(json.loads((cached / "scores.json").read_text("utf-8")), scorer)
                metadata.update(cache="hit", settings=settings, seconds=time.perf_counter() - started)
                _publish(work, out, folders)
                _write_run(source, out, metadata)
                return metadata
        for folder in folders:
            (work / folder).mkdir()
        counts = {name: 0 for name in names}
        status: dict[str, int] = {}
        failed = False
        manifest_digest = FrameDigest(MANIFEST_HASH_COLUMNS)
        for i, (batch, frames) in enumerate(_scored(source, scorer, load, jobs=jobs, engine=engine,
                                                      scheduler=scheduler, cache=store,
                                                      batch_size=batch_size, strict=strict,
                                                      workdir=work / "dask")):
            failed = failed or bool(len(frames["failures"]))
            scores = assemble(batch.documents, batch.manifest, [frames], None)
            for name, frame in scores.frames().items():
                frame.to_parquet(work / f"{name}.parquet" / f"part-{i:05d}.parquet", index=False)
                counts[name] += len(frame)
            for key, value in scores.manifest["status"].value_counts().items():
                status[key] = status.get(key, 0) + int(value)
            manifest_digest.update(manifest_rows(scores.manifest, scores.documents, _root(source)))
        metadata = {**scorer.metadata, "counts": counts, "status": status, "settings": settings,
                    "manifest_sha256": manifest_digest.hexdigest(),
                    "seconds": time.perf_counter() - started}
        if output_key is not None and not failed:
            write_json(metadata, work / "scores.json")
            store.put_dir("output", output_key, work, [*folders, "scores.json"])
            metadata["cache"] = "stored"
        _publish(work, out, folders)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _write_run(source, out, metadata)
    return metadata


def _publish(work: Path, out: Path, folders: Sequence[str]) -> None:
    """Replace the frame folders of ``out`` by the complete ones in ``work``.

    ``run.json`` goes first and is written again last, so an output folder with a
    ``run.json`` always holds the frames of that run.
    """
    (out / "run.json").unlink(missing_ok=True)
    for folder in folders:
        shutil.rmtree(out / folder, ignore_errors=True)
        os.replace(work / folder, out / folder)


def _run_settings(jobs: int, engine: str, batch_size: int, load: Mapping[str, Any]) -> dict[str, Any]:
    """The settings a run records (metadata and ``run.json``)."""
    return {"jobs": jobs, "engine": engine, "batch_size": batch_size,
            **{k: load[k] for k in _LOAD_OPTIONS}}


def _this_run(metadata: dict[str, Any], scorer: Scorer) -> dict[str, Any]:
    """Cached metadata with this run's stance model path: the key holds the model's
    content hash only, so the entry may come from a run that named the file otherwise."""
    if "stance_model" in metadata:
        metadata = {**metadata, "stance_model": {**metadata["stance_model"],
                                                 "path": scorer.settings.stance_model}}
    return metadata


def _write_run(source, out: Path, metadata: dict[str, Any]) -> None:
    # timestamps live only in run.json, so the Parquet outputs are byte-identical across runs
    where = str(source) if isinstance(source, (str, os.PathLike)) else "(in memory)"
    hashes = {"manifest": metadata["manifest_sha256"]} if metadata.get("manifest_sha256") else None
    write_json(run_metadata(parameters={"source": where, **metadata["settings"]}, hashes=hashes,
                            extra=metadata), out / "run.json")
