"""Run metadata: what produced a result, so every number can be traced back.

One home for the facts recorded by ``framing score`` (its ``run.json``) and by
report runs (``framing report``, the provenance block of each report):
parameters, the ``framing`` version and git commit (when running from a git
checkout), Python and package versions, and SHA-256 hashes of input files.

>>> meta = run_metadata(parameters={"seed": 1}, files={"targets": "targets.yaml"})  # doctest: +SKIP
>>> meta["framing_version"], meta["files"]["targets"]["sha256"]                       # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from framing import __version__

__all__ = [
    "DEFAULT_PACKAGES",
    "code_version",
    "sha256_file",
    "git_commit",
    "package_versions",
    "run_metadata",
    "scores_provenance",
    "provenance_table",
]

#: Distributions whose versions are recorded by default: the ones whose
#: behaviour can change a result or a report (numbers, tokenization, figures,
#: notebook execution and conversion).
DEFAULT_PACKAGES = (
    "numpy", "pandas", "pyarrow", "scikit-learn", "nltk", "pyahocorasick",
    "vaderSentiment", "matplotlib", "PyYAML", "papermill", "nbconvert", "nbclient",
    "ipykernel",
)

#: Bytes read at a time when hashing files (1 MiB: large enough to be I/O bound).
_HASH_CHUNK = 1 << 20
#: Seconds to wait for ``git``; provenance must never hang a run.
_GIT_TIMEOUT = 5.0


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks.

    Parameters
    ----------
    path : str or path-like
        A file (a directory is an error: hash its manifest instead).

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_HASH_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _run_git(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@lru_cache(maxsize=8)
def _git_commit(where: str) -> str | None:
    cwd = Path(where)
    commit = _run_git(["rev-parse", "HEAD"], cwd)
    if not commit:
        return None
    # only tracked files count: untracked reports and caches do not make a checkout dirty
    status = _run_git(["status", "--porcelain", "--untracked-files=no"], cwd)
    return f"{commit}-dirty" if status else commit


def git_commit(path: str | os.PathLike[str] | None = None) -> str | None:
    """The git commit ``framing`` runs from, or ``None`` outside a git checkout.

    Parameters
    ----------
    path : str or path-like, optional
        A folder inside the checkout to ask about (default: the folder of the
        installed ``framing`` package, so an editable install from git reports its
        commit and a wheel reports ``None``).

    Returns
    -------
    str or None
        The full commit hash, with ``-dirty`` appended when tracked files have
        uncommitted changes; ``None`` when not in a git checkout or git is missing.
    """
    where = Path(path) if path is not None else Path(__file__).resolve().parent
    return _git_commit(str(where))


def package_versions(names: Iterable[str] = DEFAULT_PACKAGES) -> dict[str, str | None]:
    """Installed versions of distributions (``None`` for those not installed).

    Parameters
    ----------
    names : iterable of str
        Distribution names as on PyPI (default :data:`DEFAULT_PACKAGES`).

    Returns
    -------
    dict
        Name -> version string, in the order given, plus ``python``.
    """
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def code_version(sources: Iterable[str], packages: Iterable[str] = (), *,
                 root: str | os.PathLike[str] | None = None) -> str:
    """A hash of the framing source files and package versions that decide a result.

    Cache keys hold it (:data:`framing.pipeline.SCORER_VERSION`,
    :data:`framing.cache.INGEST_VERSION`), so a framing release, a local edit of a
    scoring rule or an upgraded dependency re-scores instead of reusing results
    of other code; a hand-bumped version number would be forgotten.

    Parameters
    ----------
    sources : iterable of str
        Glob patterns relative to ``root`` (``"quotes.py"``, ``"data/*.yaml"``).
    packages : iterable of str
        Distributions whose installed versions count too.
    root : path-like, optional
        Default: the installed ``framing`` package.

    Returns
    -------
    str
        16 hex digits.

    Raises
    ------
    FileNotFoundError
        If a pattern matches no file (a renamed module must be renamed here too).
    """
    base = Path(root) if root is not None else Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for pattern in sources:
        files = sorted(base.glob(pattern))
        if not files:
            raise FileNotFoundError(f"{base / pattern}: no source file matches")
        for file in files:
            digest.update(file.relative_to(base).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    for name, version in package_versions(packages).items():
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()[:16]


def _file_record(path: str | os.PathLike[str]) -> dict[str, Any]:
    p = Path(path)
    if p.is_file():
        return {"path": str(p), "sha256": sha256_file(p), "bytes": p.stat().st_size}
    return {"path": str(p), "sha256": None, "bytes": None}


def run_metadata(
    *,
    parameters: Mapping[str, Any] | None = None,
    files: Mapping[str, str | os.PathLike[str]] | None = None,
    hashes: Mapping[str, str] | None = None,
    seed: int | None = None,
    packages: Iterable[str] = DEFAULT_PACKAGES,
    extra: Mapping[str, Any] | None = None,
    timestamp: bool = True,
) -> dict[str, Any]:
    """A JSON-ready record of how a result was produced.

    Parameters
    ----------
    parameters : mapping, optional
        The run's parameters (values must be JSON-serialisable or have a ``str``).
    files : mapping of str to path, optional
        Named input files to hash (``{"targets": "targets.yaml"}``); a name whose
        path is not a file (a built-in name, a folder) is recorded with
        ``sha256`` ``None``.
    hashes : mapping of str to str, optional
        Hashes computed elsewhere (``{"manifest": ..., "lexicon:loaded_language@1.1": ...}``).
    seed : int, optional
        The random seed used.
    packages : iterable of str
        Distributions whose versions to record.
    extra : mapping, optional
        Anything else to record, under ``extra``.
    timestamp : bool
        Record ``created``.  Off for records saved beside deterministic outputs:
        timestamps live only in ``run.json``.

    Returns
    -------
    dict
        Keys ``framing_version``, ``git_commit``, ``python``, ``platform``,
        ``created`` (UTC ISO time, if ``timestamp``), ``parameters``, ``seed``,
        ``files``, ``hashes``, ``packages`` and ``extra``.
    """
    record: dict[str, Any] = {
        "framing_version": __version__,
        "git_commit": git_commit(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }
    if timestamp:
        record["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return record | {
        "parameters": dict(parameters or {}),
        "seed": seed,
        "files": {name: _file_record(p) for name, p in (files or {}).items()},
        "hashes": dict(hashes or {}),
        "packages": package_versions(packages),
        "extra": dict(extra or {}),
    }


def scores_provenance(
    metadata: Mapping[str, Any],
    *,
    seed: int | None = None,
    parameters: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Run metadata for results computed from :func:`framing.score_corpus` scores.

    Parameters
    ----------
    metadata : mapping
        ``Scores.metadata`` (lexicon and target ids and hashes, manifest hash,
        scorer version, settings).
    seed : int, optional
        Seed of the resampling behind the intervals.
    parameters : mapping, optional
        The analysis parameters.
    extra : mapping, optional
        More to record under ``extra``.

    Returns
    -------
    dict
        As :func:`run_metadata`, with ``hashes`` holding ``manifest``,
        ``lexicon <name@version>`` and ``targets <name@version>``.
    """
    hashes: dict[str, str] = {}
    if metadata.get("manifest_sha256"):
        hashes["manifest"] = metadata["manifest_sha256"]
    for lexicon in metadata.get("lexicons") or []:
        hashes[f"lexicon {lexicon.get('id')}"] = lexicon.get("sha256")
    targets = metadata.get("targets")
    if isinstance(targets, Mapping) and targets.get("id"):
        hashes[f"targets {targets['id']}"] = targets.get("sha256")
    if isinstance(metadata.get("stance_model"), Mapping):
        hashes[f"stance model {metadata['stance_model'].get('id', '')}".strip()] = metadata["stance_model"].get("sha256")
    # no timestamp and no cache state: the record must be the same for every run on the same inputs
    record = {k: metadata.get(k) for k in ("scorer_version", "stance_method", "settings", "n_documents",
                                            "selection") if k in metadata}
    return run_metadata(parameters=parameters, hashes=hashes, seed=seed, extra={**record, **(extra or {})},
                        timestamp=False)


def provenance_table(record: Mapping[str, Any]) -> Any:
    """A two-column frame (``item``, ``value``) of a run record, for display in a report."""
    import pandas as pd

    rows = [("framing version", record.get("framing_version")),
            ("git commit", record.get("git_commit") or "not a git checkout"),
            ("random seed", record.get("seed")),
            ("python", record.get("python")), ("platform", record.get("platform"))]
    rows += [(f"sha256 of {name}", value) for name, value in (record.get("hashes") or {}).items()]
    rows += [(f"sha256 of file {name}", f.get("sha256")) for name, f in (record.get("files") or {}).items()]
    extra = record.get("extra") or {}
    rows += [(name.replace("_", " "), value if isinstance(value, (str, int, float)) or value is None
              else json.dumps(value, default=str)) for name, value in extra.items()]
    rows += [(f"package {name}", version or "not installed")
             for name, version in (record.get("packages") or {}).items() if name != "python"]
    return pd.DataFrame(rows, columns=["item", "value"]).astype({"value": str})
