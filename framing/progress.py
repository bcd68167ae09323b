"""Progress bars for long work: on in an interactive terminal, off in report runs.

``FRAMING_PROGRESS=0`` (or :func:`set_progress` ``(False)``) turns them off;
``FRAMING_PROGRESS=1`` forces them on.  By default a bar is shown when standard
error is a terminal or when running inside a Jupyter kernel; report runs set
``FRAMING_PROGRESS=0`` so executed notebooks carry no progress-bar debris.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm.auto import tqdm

__all__ = ["progress", "progress_bar", "set_progress", "progress_enabled"]

T = TypeVar("T")
_override: bool | None = None


def set_progress(enabled: bool | None) -> None:
    """Force progress bars on (``True``), off (``False``) or back to automatic (``None``)."""
    global _override
    _override = enabled


def progress_enabled() -> bool:
    """Whether progress bars are shown now."""
    if _override is not None:
        return _override
    env = os.environ.get("FRAMING_PROGRESS")
    if env is not None:
        return env.strip().lower() not in {"0", "false", "no", "off", ""}
    return sys.stderr.isatty() or "ipykernel" in sys.modules


def progress(iterable: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it") -> Iterator[T]:
    """Wrap ``iterable`` in a tqdm bar when progress bars are enabled."""
    if not progress_enabled():
        yield from iterable
        return
    yield from tqdm(iterable, total=total, desc=desc, unit=unit, dynamic_ncols=True, leave=False)


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(*, total: int | None = None, desc: str = "", unit: str = "it"):
    """A bar to ``update(n)`` by hand (e.g. documents per batch); a no-op when bars are off."""
    if not progress_enabled():
        return _NoBar()
    return tqdm(total=total, desc=desc, unit=unit, dynamic_ncols=True, leave=False)
