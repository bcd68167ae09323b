"""The lines of a text file one at a time, for the readers of table files (CSV,
JSONL): bytes that are not text cost only the line that holds them, also in a
damaged UTF-16 or UTF-32 file (:class:`TextLines`)."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

__all__ = ["TextLines"]

#: Bytes read at a time from a UTF-16 or UTF-32 table file.
_WIDE_CHUNK = 1 << 20
_WIDE_WIDTH = {"utf-16": 2, "utf-16-le": 2, "utf-16-be": 2, "utf-32": 4, "utf-32-le": 4, "utf-32-be": 4}


class TextLines:
    """The lines of a text file in ``encoding``, one at a time, for the readers of
    table files (CSV, JSONL): a context manager whose value iterates over the lines.

    Bytes that are not text in ``encoding`` come through as lone surrogates
    (``errors="surrogateescape"``), so a reader can reject the row that holds them
    and read on.  A UTF-16 or UTF-32 file is split into lines at its line breaks
    before decoding: a byte lost or added shifts every later character onto the
    wrong byte boundary, where a decoder reads valid but meaningless characters to
    the end of the file.  A line whose length is not a whole number of code units,
    or that holds bytes which are not characters, comes through as its bytes, each
    as a lone surrogate, and ``damaged`` says what is wrong with it (by line
    number); the next line starts after its line break, on the right boundary
    again (a line break is looked for on every byte boundary: on the wrong one, its
    bytes would be a character U+0Axx next to one U+xx00, which no text has).
    ``newline`` works as for :func:`open` in every encoding: ``""`` and ``None`` end
    lines at ``\r\n``, ``\n`` and a lone ``\r`` (a classic Mac file), ``""``
    keeping the line ends as written (for the csv module) and ``None`` turning them
    into ``\n``; another value ends lines at that string only.

    Parameters
    ----------
    path : str or path-like
        The file.
    encoding : str
        A Python codec name.
    newline : str, optional
        As for :func:`open` (``""`` for the csv module).
    """

    def __init__(self, path: str | os.PathLike[str], encoding: str, newline: str | None = None) -> None:
        self.path = path
        self.encoding = encoding
        self.newline = newline
        #: line number -> what is wrong with the bytes of that line (UTF-16/32 only:
        #: "its 63 bytes are not a whole number of 2-byte UTF-16 characters: ...")
        self.damaged: dict[int, str] = {}
        self._file: TextIO | BinaryIO | None = None

    def __enter__(self) -> Iterator[str]:
        name = codecs.lookup(self.encoding).name
        width = _WIDE_WIDTH.get(name)
        if width is None:
            self._file = open(self.path, encoding=self.encoding, errors="surrogateescape",
                              newline=self.newline)
            return iter(self._file)
        self._file = open(self.path, "rb")
        return self._wide_lines(self._file, name, width)

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()

    def _wide_lines(self, fh: BinaryIO, name: str, width: int) -> Iterator[str]:
        buf = fh.read(max(_WIDE_CHUNK, 4))
        codec = name
        if name in ("utf-16", "utf-32"):  # the byte-order mark decides, else this machine's order
            marks = ((codecs.BOM_UTF16_LE, "le"), (codecs.BOM_UTF16_BE, "be")) if width == 2 else (
                (codecs.BOM_UTF32_LE, "le"), (codecs.BOM_UTF32_BE, "be"))
            order = next((o for bom, o in marks if buf.startswith(bom)), None)
            if order is not None:
                buf = buf[width:]
            codec = f"{name}-{order or sys.byteorder[0] + 'e'}"
        universal = self.newline in (None, "")
        lf, cr = "\n".encode(codec), "\r".encode(codec)
        first = lf if universal else self.newline.encode(codec)
        # where the next "\r" is (-1: none in the rest of buf; None: not looked up since
        # the last read), looked up again only once passed, so that a file without one is
        # searched for it once per read, not per line
        next_cr: int | None = None
        start, number, eof = 0, 0, False
        while True:
            # a line break on any byte boundary ends the line: after a lost or added byte,
            # the next one is where the characters are whole again
            at = buf.find(first, start)
            end = len(first)
            if universal:
                if next_cr is None or 0 <= next_cr < start:
                    next_cr = buf.find(cr, start)
                if next_cr >= 0 and (at < 0 or next_cr < at):  # "\r" alone, or "\r\n"
                    at, end = next_cr, len(cr) + len(lf) * (next_cr + len(cr) == at)
                    if end == len(cr) and len(buf) - at - end < len(lf) and not eof:
                        at = -1  # a "\r" at the end of what was read may start a "\r\n"
            if at < 0 and not eof:
                more = fh.read(_WIDE_CHUNK)
                buf, start, eof, next_cr = buf[start:] + more, 0, not more, None
                continue
            if at < 0:  # the last line, without a line break
                if start < len(buf):
                    yield self._decode(buf[start:], codec, width, number + 1)
                return
            number += 1
            yield self._decode(buf[start:at], codec, width, number) + (
                "\n" if self.newline is None else buf[at:at + end].decode(codec))
            start = at + end

    def _decode(self, data: bytes, codec: str, width: int, number: int) -> str:
        """One line of a UTF-16/32 file, without its line break.  A damaged line comes
        through as its bytes, each as a lone surrogate: what it decodes to after the
        damage is noise, which could hold a quote or a separator that misleads a CSV
        reader about where the rows around it start."""
        try:
            return data.decode(codec)
        except UnicodeDecodeError as err:
            name = f"UTF-{8 * width}"
            self.damaged[number] = (
                f"its {len(data)} bytes are not a whole number of {width}-byte {name} characters: "
                "a byte was lost or added in this line" if len(data) % width else
                f"it holds bytes that are not {name} characters ({err.reason} at byte "
                f"{err.start} of the line)")
        return "".join(chr(0xDC00 + b) for b in data)
