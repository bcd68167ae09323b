"""What reading an input item gives: a :class:`RawItem`, and the options for reading
(:class:`SourceOptions`, the document :data:`FIELDS` a source can provide).

Shared by :mod:`framing.sources`, which finds the input items of a corpus path,
and :mod:`framing.tables`, which reads the rows of table files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from framing.errors import CorpusError

__all__ = ["FIELDS", "RawItem", "SourceOptions"]

#: Document fields a source can provide (our names).
FIELDS = ("outlet", "title", "author", "date", "url", "id", "text")


@dataclass(frozen=True)
class SourceOptions:
    """How to read input items.

    Parameters
    ----------
    columns : mapping of str to str
        Our field name -> the column name in table files, e.g.
        ``{"outlet": "source", "text": "content_original"}``.  Fields not given
        use their own name (``outlet``, ``text``, ``title``, ``author``, ``date``,
        ``url``, ``id``).
    outlet : str, optional
        Outlet for every item that does not name one.
    encoding : str, optional
        Force this encoding for every file instead of detecting it.
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    outlet: str | None = None
    encoding: str | None = None

    def column(self, name: str) -> str:
        """The table column that holds field ``name``."""
        return self.columns.get(name, name)


@dataclass
class RawItem:
    """One input item as read, before cleaning and de-duplication.

    ``notes`` are problems found while reading (warnings; fatal in strict mode);
    ``info`` says where a field came from when that is a guess worth seeing (an
    outlet taken from a folder name).  Both end up in the manifest's ``reason``.
    ``no_date`` is the warning for an item without a date when the reader knows
    better than "no date" why (a table row whose date cell is empty).
    """

    item: str
    path: str
    line: int | None = None
    fields: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    error: CorpusError | None = None
    encoding: str | None = None
    no_date: str | None = None
