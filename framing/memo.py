"""A bounded memo: a dict that computes a missing value once and forgets everything when full.

Used for per-string decisions that recur across documents (a chunk's word count,
a Punkt context's break decision, a speaker noun phrase's shape).  A hit is a
plain dict lookup at C speed (``memo[key]``, ``map(memo.__getitem__, keys)``);
clearing the whole memo when it is full keeps memory bounded on corpora of any
size, and the frequent keys come back within a few documents.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["BoundedMemo"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(dict, Generic[K, V]):
    """``memo[key]`` is ``compute(key)``, computed once; cleared past ``maxsize`` entries.

    Parameters
    ----------
    compute : callable
        The pure function memoised.
    maxsize : int
        Entries kept at most; the memo is emptied before it would grow past this.
    """

    def __init__(self, compute: Callable[[K], V], maxsize: int) -> None:
        super().__init__()
        self.compute = compute
        self.maxsize = maxsize

    def __missing__(self, key: K) -> V:
        if len(self) >= self.maxsize:
            self.clear()
        value = self[key] = self.compute(key)
        return value
