"""Turn the bytes of a file into text, or say clearly why that is not possible.

Order of attempts: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; otherwise
strict UTF-8; otherwise UTF-16 without a BOM when every other byte is NUL;
otherwise, when lines that are valid UTF-8 with non-ASCII characters clearly
outnumber the lines that are not (:data:`UTF8_MAJORITY`), line by line: UTF-8
lines as UTF-8, the others as Windows-1252 (a UTF-8 file with a pasted legacy
line: decoding it all as one legacy code page would garble every other line);
otherwise Windows-1252 when it decodes cleanly and reads as Western text (the
usual legacy encoding of English and French news); otherwise line by line again
when some lines are valid UTF-8; otherwise the best guess of charset-normalizer.  Files that look binary (NUL bytes, many control bytes)
are refused rather than decoded into noise.

The last two steps are guesses.  A UTF-8 file with a few Windows-1252 lines and
a charset-normalizer guess come with a ``note`` for the manifest.  Known limits:
Central European (Windows-1250) text reads as Western and is decoded as
Windows-1252 (``ł`` becomes ``³``); charset-normalizer may take a short legacy
file for another code page (for example Baltic cp1257).  ``--encoding`` settles
both.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from framing.errors import CorpusError

__all__ = ["Decoded", "bom_encoding", "decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Share of control bytes (other than tab/newline/CR/form feed) above which a
#: file is taken as binary.  Text files have none; 1% tolerates a stray byte.
BINARY_CONTROL_SHARE = 0.01

#: Windows-1252 is accepted when at most this share of letters is non-ASCII:
#: French or German prose stays under 10%; mis-decoded Cyrillic or Greek is near 100%.
#: Above it, a short accent-heavy text ("Ça été réglé à Orléans", 35%) is still
#: Western when most of its accented words also hold ASCII letters (see
#: :func:`_looks_western`).
CP1252_MAX_NON_ASCII_LETTERS = 0.3

#: A file that is not valid UTF-8 as a whole is read line by line (UTF-8 lines as
#: UTF-8, the others as Windows-1252) when its valid UTF-8 lines with non-ASCII
#: characters outnumber the invalid lines this many times, or when it is not
#: Western Windows-1252 throughout: a Windows-1252 file has lines that happen to
#: be valid UTF-8 ("CafÃ©", "Spaß“", "é\xa0»" all are), but few of them.
UTF8_MAJORITY = 3

#: How much of a file the binary check and the UTF-16 check look at.
_SNIFF_BYTES = 65536

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text, the encoding used, and a note when that is a guess
    worth checking (lines read as Windows-1252 in a UTF-8 file, a
    charset-normalizer guess)."""

    text: str
    encoding: str
    note: str | None = None


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: Latin-1 control characters
        return chr(byte)


_CP1252_CHARS = [_cp1252_byte(b) for b in range(256)]


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: undecodable bytes are read as Windows-1252 (the five bytes
    it leaves undefined as the Latin-1 control characters), so no byte is lost."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return "".join(_CP1252_CHARS[b] for b in err.object[err.start:err.end]), err.end


# stateless, so registering it once for the process is safe
codecs.register_error("framing.cp1252", _cp1252_fallback)


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` calls for, or ``None``.

    Returns ``"utf-8-sig"``, ``"utf-16"`` or ``"utf-32"``: codecs that read the mark
    and drop it, so a file opened with them starts with its first character.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_western(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    if non_ascii / len(letters) <= CP1252_MAX_NON_ASCII_LETTERS:
        return True
    # Cyrillic or Greek read as Windows-1252 turns whole words into non-ASCII
    # letters ("Ìû íå âèäèì"); French or German words mostly keep ASCII letters
    # around their accents ("réglé", "Orléans", "Élysée")
    accented = [w for w in _LETTER_RUN_RE.findall(text) if not w.isascii()]
    with_ascii = sum(1 for w in accented if any(c.isascii() for c in w))
    return with_ascii * 2 >= len(accented)


_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


def decode_bytes(data: bytes, *, path: str | None = None, encoding: str | None = None) -> Decoded:
    """Decode ``data`` to text.

    Parameters
    ----------
    data : bytes
        The raw file content.
    path : str, optional
        Used in error messages.
    encoding : str, optional
        Force this encoding instead of detecting one.

    Returns
    -------
    Decoded
        The text and the encoding used.

    Raises
    ------
    CorpusError
        If the data are empty, binary, or cannot be decoded.
    """
    decoded = _decode(data, path, encoding)
    if not decoded.text.strip():  # also a lone byte-order mark, or UTF-16 spaces
        raise CorpusError("empty file", path=path, hint="remove the file or give it text")
    return decoded


def _decode(data: bytes, path: str | None, encoding: str | None) -> Decoded:
    if not data.strip():
        raise CorpusError("empty file", path=path, hint="remove the file or give it text")
    if encoding is not None:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise CorpusError(
                f"cannot decode as {encoding}: {err}", path=path,
                hint="check the --encoding option or leave it out to detect the encoding",
            ) from None
    name = bom_encoding(data)
    if name is not None:
        try:
            return Decoded(data.decode(name), name.replace("-sig", ""))
        except UnicodeDecodeError as err:
            raise CorpusError(
                f"starts with a {name} byte-order mark but is not valid {name}: {err}",
                path=path, hint="re-save the file in UTF-8",
            ) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample or len(_CONTROL_BYTES.findall(sample)) > BINARY_CONTROL_SHARE * len(sample):
        raise CorpusError(
            "binary file (NUL or control bytes), not text", path=path,
            hint="convert it to .txt, or remove it from the corpus folder",
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lines = _Lines(data)
    if lines.utf8 and len(lines.utf8) >= UTF8_MAJORITY * len(lines.bad):
        return lines.by_line()
    try:
        text = data.decode("cp1252")
        if _looks_western(text):
            return Decoded(text, "cp1252", note=lines.also_utf8_note())
    except UnicodeDecodeError:
        pass
    if lines.utf8:  # not Windows-1252 throughout: a UTF-8 file with some legacy lines
        return lines.by_line()
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CorpusError(
            "cannot detect the text encoding (undecodable bytes)", path=path,
            hint="re-save the file as UTF-8 or pass --encoding",
        )
    return Decoded(str(best), best.encoding, note=(
        f"{best.encoding} is charset-normalizer's guess: check the text, or give the "
        "encoding with --encoding"))


# What a UTF-8 character read as Windows-1252 looks like ("Ã©", "Ã‰", "â€™"): a lead
# byte C2-EF read as a letter, then continuation bytes 80-BF read as symbols; and
# what Windows-1252 bytes read as UTF-8 give ("ß“" -> U+07D3, "é\xa0»" -> U+983B): C1
# controls and characters beyond Latin, Greek, Cyrillic and common punctuation
_CONTINUATION = "\u0081\u008d\u008f\u0090\u009d\u00a0-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RE = re.compile(f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}"
                          "|[\u0080-\u009f\u0500-\u1fff\u2150-\uffff]")


class _Lines:
    """The lines of a file that is not valid UTF-8 as a whole, with the numbers of
    the valid UTF-8 lines that hold non-ASCII characters (``utf8``) and of the lines
    that are not UTF-8 (``bad``)."""

    def __init__(self, data: bytes) -> None:
        self.lines = data.split(b"\n")
        self.utf8: list[int] = []
        self.bad: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                self.bad.append(number)
            else:
                self.utf8.append(number)

    def by_line(self) -> Decoded:
        """UTF-8 lines as UTF-8, each other line as whichever reading shows fewer
        signs of a wrong encoding (:data:`_MOJIBAKE_RE`): all of it as Windows-1252
        (a pasted legacy line, where a pair like "ß“" alone is valid UTF-8), or UTF-8
        with the bytes that are not read as Windows-1252 (a UTF-8 line with pasted
        legacy quotes); a tie goes to Windows-1252."""
        bad = set(self.bad)
        out = []
        for number, line in enumerate(self.lines, start=1):
            if number not in bad:
                out.append(line.decode("utf-8"))
                continue
            legacy = line.decode("cp1252", errors="framing.cp1252")
            mixed = line.decode("utf-8", errors="framing.cp1252")
            out.append(mixed if len(_MOJIBAKE_RE.findall(mixed)) < len(_MOJIBAKE_RE.findall(legacy))
                       else legacy)
        return Decoded("\n".join(out), "utf-8", note=(
            f"not valid UTF-8 on {len(self.bad)} line(s) ({_some(self.bad)}), read as "
            "Windows-1252 there: check them, or re-save the file as UTF-8"))

    def also_utf8_note(self) -> str | None:
        """For a file read as Windows-1252: the lines that were valid UTF-8 too."""
        if not self.utf8:
            return None
        return (f"read as Windows-1252, but {len(self.utf8)} line(s) ({_some(self.utf8)}) are "
                "valid UTF-8 too: check them, or give the encoding with --encoding")


def _some(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:5])) + (", ..." if len(numbers) > 5 else "")
