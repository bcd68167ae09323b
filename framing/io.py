"""Writing outputs: atomically (temporary name, then rename) and deterministically.

A crash or an interrupt never leaves a file that looks complete but is not.
Parquet files are written without pandas' index and with fixed options, so
the same frame gives the same bytes.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["atomic_path", "write_parquet", "write_json", "write_csv", "safe_name",
           "remove_if_stale", "STALE_SECONDS"]


#: Mode of new output files before the umask: read and write for all, as ``open()`` gives.
FILE_MODE = 0o666
#: Tries at a fresh temporary name (a clash of 64 random bits is already unlikely).
TEMP_TRIES = 100
#: Age after which an unfinished temporary folder (a cache entry, a partial
#: ``framing score`` output) is a crashed writer's leftover; a younger one may
#: still be written by a running process.
STALE_SECONDS = 24 * 3600


def remove_if_stale(path: Path, max_age: float = STALE_SECONDS) -> bool:
    """Remove the folder ``path`` if it was last modified more than ``max_age`` seconds
    ago; return whether it was (a folder that vanished meanwhile counts as kept)."""
    try:
        if time.time() - path.stat().st_mtime <= max_age:
            return False
    except OSError:
        return False
    shutil.rmtree(path, ignore_errors=True)
    return True


def _new_temp(target: Path) -> Path:
    """Create an empty temporary file next to ``target`` with ordinary permissions.

    Unlike :func:`tempfile.mkstemp` (mode 0600), the file is created with
    :data:`FILE_MODE` and the kernel applies the process umask, so the renamed
    output gets the permissions any newly written file would.
    """
    for _ in range(TEMP_TRIES):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name next to {target}")


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it onto ``path`` on success.

    The file gets ordinary permissions (``0o666`` less the umask), like a file
    written with :func:`open`.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _new_temp(target)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_parquet(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` to Parquet atomically and deterministically; return the path."""
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
    return Path(path)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` to CSV (UTF-8, ``\\n`` line ends, no index) atomically."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n")
    return Path(path)


def write_json(data: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``data`` as indented, key-sorted JSON atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    return Path(path)


def safe_name(name: object, *, max_length: int = 80) -> str:
    """A file-name-safe version of ``name`` (outlet names like ``../../etc`` stay inside a folder)."""
    text = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(name)).strip("_.")
    return (text or "unnamed")[:max_length]
