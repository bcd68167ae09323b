"""Engines that run the one scoring function (:meth:`framing.pipeline.Scorer.score`) over batches.

* ``local``: in this process (``jobs=1``) or in worker processes
  (``jobs>1``), with a bounded number of batches in flight so memory stays flat.
* ``dask``: on a ``dask.distributed`` cluster (``framing[dask]``): document
  batches are written as Parquet parts to a folder every worker can read, each
  worker scores a part with the same function and writes the score frames as
  Parquet parts, which are read back in order.  Without a scheduler address a
  ``LocalCluster`` is started.

Every engine yields results in input order, so outputs do not depend on the
engine or the number of workers.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import ParameterError
from framing.io import atomic_path
from framing.pipeline import FRAME_COLUMNS, Scorer, ScoreSettings, typed_frames

__all__ = ["ENGINES", "default_jobs", "map_local", "map_dask"]

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")

#: Batches in flight per worker process: enough to keep workers busy, few
#: enough that memory stays bounded whatever the corpus size.
IN_FLIGHT_PER_WORKER = 2

_worker_scorer: Scorer | None = None


def default_jobs() -> int:
    """All cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _init_worker(settings: ScoreSettings) -> None:
    global _worker_scorer
    if _worker_scorer is None or _worker_scorer.settings != settings:
        _worker_scorer = Scorer(settings)
    os.environ["FRAMING_PROGRESS"] = "0"


def _score_in_worker(documents: pd.DataFrame, strict: bool) -> dict[str, pd.DataFrame]:
    assert _worker_scorer is not None  # set by the pool initializer
    return _worker_scorer.score(documents, strict=strict)


def _context() -> mp.context.BaseContext:
    # fork shares the already-built scorer with the workers at no cost; elsewhere spawn
    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return mp.get_context("spawn")  # pragma: no cover


def map_local(
    tasks: Iterable[tuple[Any, pd.DataFrame | dict[str, pd.DataFrame]]],
    scorer: Scorer,
    *,
    jobs: int = 1,
    strict: bool = False,
) -> Iterator[tuple[Any, dict[str, pd.DataFrame]]]:
    """Score batches in order, in this process or in ``jobs`` worker processes.

    Parameters
    ----------
    tasks : iterable of (tag, documents or frames)
        A documents frame is scored; a dict of frames (a cache hit) passes through.
    scorer : Scorer
        Built once; workers inherit it (fork) or rebuild it from its settings.
    jobs : int
        Worker processes; 1 scores in this process.
    strict : bool
        Re-raise errors on a document.

    Yields
    ------
    (tag, frames)
        In the order of ``tasks``.
    """
    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, got {jobs}", field="jobs")
    if jobs == 1:
        for tag, item in tasks:
            yield tag, item if isinstance(item, dict) else scorer.score(item, strict=strict)
        return
    global _worker_scorer
    _worker_scorer = scorer
    pending: deque[tuple[Any, Future | dict]] = deque()
    limit = jobs * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_worker,
                             initargs=(scorer.settings,)) as pool:
        for tag, item in tasks:
            pending.append((tag, item if isinstance(item, dict) else pool.submit(_score_in_worker, item, strict)))
            while len(pending) >= limit or (pending and _done(pending[0][1])):
                yield _pop(pending)
        while pending:
            yield _pop(pending)


def _done(item: Future | dict) -> bool:
    return isinstance(item, dict) or item.done()


def _pop(pending: deque) -> tuple[Any, dict[str, pd.DataFrame]]:
    tag, item = pending.popleft()
    return tag, item if isinstance(item, dict) else item.result()


# ---------------------------------------------------------------------------- dask


def _score_part(part: str, out_dir: str, settings: ScoreSettings, key: str, strict: bool) -> str:
    """Dask task: score one Parquet part of documents, write the frames as parts; return the part name."""
    global _worker_scorer
    # by key, not settings: a long-lived worker must notice an edited lexicon,
    # targets or model file behind the same path
    if _worker_scorer is None or _worker_scorer.key != key:
        _worker_scorer = Scorer(settings)
        if _worker_scorer.key != key:
            raise RuntimeError("this worker scores with other lexicon, targets, model or framing "
                               "files than the client (different contents or versions)")
    documents = pd.read_parquet(part)
    frames = _worker_scorer.score(documents, strict=strict)
    name = Path(part).stem
    for frame_name, frame in frames.items():
        # a unique temporary name: a retried task may run while the first attempt still writes
        with atomic_path(Path(out_dir) / frame_name / f"{name}.parquet") as tmp:
            frame.to_parquet(tmp, index=False)
    return name


def map_dask(
    tasks: Iterable[tuple[Any, pd.DataFrame | dict[str, pd.DataFrame]]],
    scorer: Scorer,
    *,
    scheduler: str | None = None,
    workdir: str | os.PathLike[str] | None = None,
    n_workers: int | None = None,
    strict: bool = False,
    on_submit: Callable[[int], None] | None = None,
) -> Iterator[tuple[Any, dict[str, pd.DataFrame]]]:
    """Score batches on a Dask cluster with :func:`dask.bag.map`; yields in input order.

    Parameters
    ----------
    tasks, scorer, strict
        As in :func:`map_local`.
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); default: a
        ``LocalCluster`` with ``n_workers`` single-threaded workers.
    workdir : path, optional
        Folder every worker can read and write (shared storage on a real
        cluster); the run works in a new subfolder of it, removed afterwards.
        Default: the system's temporary folder (fine for a LocalCluster).
    """
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the installation
        raise ParameterError("the dask engine needs the optional dependencies",
                             field="--engine", hint="pip install 'framing[dask]'") from None
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
    # a fresh folder per run, even inside a given workdir: no parts of another run
    work = Path(tempfile.mkdtemp(prefix="framing-dask-", dir=workdir))
    try:
        parts, tags, passthrough = [], [], {}
        (work / "documents").mkdir(parents=True, exist_ok=True)
        for i, (tag, item) in enumerate(tasks):
            tags.append(tag)
            if isinstance(item, dict):
                passthrough[i] = item
                continue
            part = work / "documents" / f"part-{i:06d}.parquet"
            item.to_parquet(part, index=False)
            parts.append(str(part))
        if on_submit is not None:
            on_submit(len(parts))
        if parts:
            cluster = None if scheduler else LocalCluster(
                n_workers=n_workers or default_jobs(), threads_per_worker=1, processes=True,
                dashboard_address=None)
            try:
                with Client(scheduler or cluster) as client:
                    bag = db.from_sequence(parts, npartitions=len(parts))
                    bag.map(_score_part, str(work / "scores"), scorer.settings, scorer.key, strict).compute(scheduler=client.get)
            finally:
                if cluster is not None:
                    cluster.close()
        for i, tag in enumerate(tags):
            if i in passthrough:
                yield tag, passthrough[i]
                continue
            name = f"part-{i:06d}"
            yield tag, typed_frames({frame: pd.read_parquet(work / "scores" / frame / f"{name}.parquet")
                                     for frame in (*FRAME_COLUMNS, "failures")})
    finally:
        shutil.rmtree(work, ignore_errors=True)
