"""A content-addressed cache of score frames, so unchanged corpora are never scored twice.

Three kinds of entry, all keyed by content hashes (never by time):

* **batch** entries hold the score frames of one batch of documents, under the
  scorer key (lexicon, target and model hashes, scorer version) and the ids of
  the batch's documents with the SHA-256 of their cleaned texts.  Editing one
  article re-scores only its batch; changing a lexicon re-scores everything.
* **corpus** entries hold a whole :class:`~framing.pipeline.Scores` under a
  fingerprint of the input files (:func:`corpus_fingerprint`: the relative path
  and the SHA-256 of the bytes of every input file, not sizes or modification
  times), the corpus folder, the reading options, the ingestion version and
  the scorer key, so a re-run with nothing changed reads the files only to hash
  them, without parsing or scoring them; a file edited and given back its old
  modification time (``cp -p``, ``rsync -a``) is re-scored.
* **output** entries hold the Parquet folders written by ``framing score --out``
  under the same fingerprint plus the batch size.

Writes are atomic: an entry is written into a temporary folder and renamed into
place, and only a folder holding a ``COMPLETE`` marker is read, so a crash never
leaves an entry that reads as complete.  The location is ``$FRAMING_CACHE_DIR``,
else ``$XDG_CACHE_HOME/framing``, else ``~/.cache/framing``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from framing.io import remove_if_stale
from framing.provenance import code_version, sha256_file
from framing.sources import corpus_files

log = logging.getLogger(__name__)

__all__ = ["ScoreCache", "default_cache_dir", "corpus_fingerprint", "INGEST_VERSION", "INGEST_SOURCES"]

#: The framing sources that decide a document's cleaned text and metadata, and
#: the packages that read HTML and guess encodings.
INGEST_SOURCES = ("corpus.py", "sources.py", "items.py", "tables.py", "html_pages.py", "clean.py",
                  "decode.py", "text_lines.py", "header.py", "packaged.py", "schema.py")
INGEST_PACKAGES = ("trafilatura", "charset-normalizer", "pandas")
#: Version of reading and cleaning: a hash of :data:`INGEST_SOURCES` and the
#: versions of :data:`INGEST_PACKAGES`, so corpus entries of other code are not reused.
INGEST_VERSION = code_version(INGEST_SOURCES, INGEST_PACKAGES)

_MARKER = "COMPLETE"
_TMP_PREFIX = ".tmp-"
_META = "metadata.json"


def default_cache_dir() -> Path:
    """The cache folder: ``$FRAMING_CACHE_DIR``, ``$XDG_CACHE_HOME/framing`` or ``~/.cache/framing``."""
    if os.environ.get("FRAMING_CACHE_DIR"):
        return Path(os.environ["FRAMING_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "framing"


def _hash(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def corpus_fingerprint(path: str | os.PathLike[str], options: Mapping[str, Any]) -> str:
    """Hash of the files under ``path`` (relative name and SHA-256 of the bytes) and the
    reading ``options``.

    The content counts, not size and modification time: a file edited in place
    and given back its old time (``cp -p``, ``rsync -a``, ``touch -r``, a coarse
    file-system clock) must not bring back the old scores. Hashing reads the
    corpus once (about 1 GB/s), a small part of scoring it.
    """
    root = Path(path).resolve()
    files = [root] if root.is_file() else corpus_files(root)
    stats = []
    for file in files:
        name = str(file.relative_to(root)) if file != root else file.name
        try:
            stats.append((name, sha256_file(file)))
        except OSError:
            stats.append((name, None))
    return _hash(str(root), stats, dict(options), INGEST_VERSION)


class ScoreCache:
    """Read and write cache entries under ``root``.

    Parameters
    ----------
    root : str or Path, optional
        Cache folder (default :func:`default_cache_dir`).
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()

    # -- keys
    @staticmethod
    def batch_key(scorer_key: str, doc_ids: Iterable[str], texts: Iterable[str]) -> str:
        """Key of the score frames of documents ``doc_ids`` with ``texts`` under ``scorer_key``.

        The exact texts count, not only the ids: an id hashes case-folded text with
        white space collapsed, while offsets, paragraphs and case-sensitive
        mentions depend on every character.
        """
        digest = hashlib.sha256()
        for text in texts:
            digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
        return _hash("batch", scorer_key, list(doc_ids), digest.hexdigest())

    @staticmethod
    def corpus_key(fingerprint: str, scorer_key: str) -> str:
        """Key of a whole scored corpus."""
        return _hash("corpus", fingerprint, scorer_key)

    def _dir(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    # -- read and write
    def get(self, kind: str, key: str) -> tuple[dict[str, pd.DataFrame], dict[str, Any]] | None:
        """Frames and metadata of entry ``key`` of ``kind`` ("batch" or "corpus"), or None."""
        folder = self._dir(kind, key)
        if not (folder / _MARKER).exists():
            return None
        try:
            meta = json.loads((folder / _META).read_text("utf-8"))
            frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in meta["frames"]}
        except (OSError, ValueError, KeyError):  # a damaged entry is a miss, and is removed
            shutil.rmtree(folder, ignore_errors=True)
            return None
        os.utime(folder / _MARKER)  # last use, for `framing cache clear --older-than`
        return frames, meta.get("metadata", {})

    def put(self, kind: str, key: str, frames: Mapping[str, pd.DataFrame],
            metadata: Mapping[str, Any] | None = None) -> None:
        """Store ``frames`` atomically under ``key`` (an existing entry is kept)."""
        def write(tmp: Path) -> None:
            for name, frame in frames.items():
                frame.to_parquet(tmp / f"{name}.parquet", index=False)
            (tmp / _META).write_text(json.dumps({"frames": list(frames), "metadata": dict(metadata or {}),
                                                 "created": time.time()}, default=str), "utf-8")

        self._store(kind, key, write)

    def get_dir(self, kind: str, key: str) -> Path | None:
        """The folder of a complete entry stored with :meth:`put_dir`, or None."""
        folder = self._dir(kind, key)
        if not (folder / _MARKER).exists():
            return None
        os.utime(folder / _MARKER)
        return folder / "tree"

    def put_dir(self, kind: str, key: str, source: str | os.PathLike[str], names: Iterable[str]) -> None:
        """Store copies of the files/folders ``names`` of ``source`` atomically under ``key``."""
        def write(tmp: Path) -> None:
            for name in names:
                src = Path(source) / name
                (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp / "tree" / name)
            (tmp / _META).write_text(json.dumps({"frames": [], "created": time.time()}), "utf-8")

        self._store(kind, key, write)

    def _store(self, kind: str, key: str, write: Callable[[Path], None]) -> None:
        """Fill a temporary folder with ``write`` and rename it to the entry's folder once
        complete; a complete entry already there is kept.

        A failed write (full disk, the folder removed by ``framing cache clear`` in
        another process) only means the entry is not stored: a warning, never an error.
        """
        final = self._dir(kind, key)
        if (final / _MARKER).exists():
            return
        tmp = None
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=final.parent))
            write(tmp)
            (tmp / _MARKER).write_text("", "utf-8")
            with contextlib.suppress(OSError):  # another process stored the same entry first
                os.rename(tmp, final)
        except OSError as err:
            log.warning("cache entry %s not stored: %s", final.name, err)
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)

    # -- housekeeping
    def info(self) -> pd.DataFrame:
        """One row per kind: ``kind, entries, bytes, oldest_use, newest_use``."""
        rows = []
        for kind in ("batch", "corpus", "output"):
            entries = [p for p in (self.root / kind).glob("*/*") if (p / _MARKER).exists()]
            sizes = [sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) for p in entries]
            uses = [(p / _MARKER).stat().st_mtime for p in entries]
            rows.append({"kind": kind, "entries": len(entries), "bytes": sum(sizes),
                         "oldest_use": pd.to_datetime(min(uses), unit="s") if uses else pd.NaT,
                         "newest_use": pd.to_datetime(max(uses), unit="s") if uses else pd.NaT})
        return pd.DataFrame(rows)

    def clear(self, *, older_than_days: float | None = None) -> int:
        """Remove entries (all, or those unused for ``older_than_days``); return how many."""
        removed = 0
        cutoff = None if older_than_days is None else time.time() - older_than_days * 86400
        for kind in ("batch", "corpus", "output"):
            for entry in list((self.root / kind).glob("*/*")):
                if entry.name.startswith(_TMP_PREFIX):  # maybe being written right now
                    remove_if_stale(entry)
                    continue
                marker = entry / _MARKER
                if cutoff is not None and marker.exists() and marker.stat().st_mtime >= cutoff:
                    continue
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed
