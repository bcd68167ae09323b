"""Turn the bytes of a file into text, or say clearly why that is not possible.

Order of attempts: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; otherwise
UTF-16 without a BOM when its NUL bytes are on one side, every other byte
(:func:`utf16_without_bom`; refused, naming the bad bytes, when it is damaged: not
taken for binary); otherwise strict UTF-8; otherwise,
when lines that are valid UTF-8 with non-ASCII characters clearly outnumber the
lines that are not (:data:`UTF8_MAJORITY`), line by line: UTF-8 lines as UTF-8,
the others as Windows-1252 (a UTF-8 file with a pasted legacy line: decoding it
all as one legacy code page would garble every other line); otherwise
Windows-1250 when its letters are clearly those of a Central European language
rather than a Western one (:class:`_Central`: Polish read as Windows-1252 is
"Za¿ó³æ gêœl¹"); otherwise Windows-1252 when it decodes cleanly and reads as
Western text (the usual legacy encoding of English and French news); otherwise
line by line again when some lines are valid UTF-8; otherwise Windows-1250 on the
same evidence when the file holds a byte Windows-1252 leaves undefined ("ť" is
0x9D); otherwise the best guess of charset-normalizer.  Files that look binary
(NUL bytes, many control bytes) are refused rather than decoded into noise.

The legacy readings are guesses.  A UTF-8 file with a few Windows-1252 lines, a
Windows-1250 reading, a Windows-1252 reading that Windows-1250 fits better
without clear evidence, and a charset-normalizer guess come with a ``note`` for
the manifest.  Known limits: a short Central European text (a few words that
differ between the two code pages), one mixing two Central European languages,
and most Hungarian and Slovene text (whose letters read as Windows-1252 are those
of two Western languages) stay Windows-1252, with that note when Windows-1250
fits their letters better than any one Western alphabet, and without a note when
one fits them as well (short Croatian or Slovene with only "č" and "ć", which read
as Windows-1252 are the French "è" and "æ"); ISO-8859-2 is not told from
Windows-1250 (``ą`` becomes ``±``); charset-normalizer may take a short legacy
file for another code page (for example Baltic cp1257).  ``--encoding`` settles
all of these.

Table files (CSV, JSONL) are read line by line through
:class:`framing.text_lines.TextLines`, so that bad bytes cost only the row that
holds them.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections import Counter
from dataclasses import dataclass

import charset_normalizer

from framing.errors import CorpusError

__all__ = ["Decoded", "bom_encoding", "decode_bytes", "utf16_without_bom"]

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

# the control bytes counted: all but \t \n \v \f \r and ESC (counted with bytes.translate:
# a regex findall was most of the time of decoding a small UTF-8 file)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x1b), *range(0x1c, 0x20)])


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


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when the NUL bytes of the start of ``data``
    are on one side (every other byte: text in UTF-16 without a byte-order mark, whose
    spaces, digits and ASCII letters have a NUL byte), else ``None``.

    Judged by blocks of :data:`_UTF16_BLOCK` bytes.  A block with its NUL bytes on one
    side points to a byte order, and the first such block gives it; at least half of
    the blocks must point to one.  A block with few NUL bytes (:data:`_UTF16_MIN_NUL`:
    a passage of Chinese, or of Cyrillic without spaces) is neutral.  A block with
    NUL bytes on both sides counts against (binary data); one in ten of them is
    allowed, fewer than the blocks that point to a byte order: a byte lost or added
    moves the NUL bytes to the other side from there on, so the block holding the
    damage has them on both, and the file is UTF-16 (damaged, which its reader
    reports), not binary.
    """
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4 or b"\x00" not in sample:  # no block could point to a byte order
        return None
    blocks = [sample[i:i + _UTF16_BLOCK] for i in range(0, len(sample), _UTF16_BLOCK)]
    if len(blocks) > 1 and len(blocks[-1]) < 64:
        blocks.pop()  # a short last block says little
    sides = [_nul_side(block) for block in blocks]
    pointing = [side for side in sides if side in ("utf-16-le", "utf-16-be")]
    both = sides.count("both")
    if len(pointing) * 2 < len(sides) or both >= len(pointing) or both > max(1, len(sides) // 10):
        return None
    return pointing[0]


#: Bytes per block of the UTF-16 test (:func:`utf16_without_bom`).
_UTF16_BLOCK = 4096
#: A block of UTF-16 points to a byte order when at least this share of the bytes on
#: one side are NUL (Russian prose has a space, digit or ASCII punctuation mark in
#: some 15% of its characters), and under a quarter as many on the other side.
_UTF16_MIN_NUL = 0.05


def _nul_side(block: bytes) -> str | None:
    """The UTF-16 byte order a block's NUL bytes point to, ``"both"`` for NUL bytes on
    both sides, or ``None`` for a block with few of them."""
    even_nul = block[0::2].count(0) / len(block[0::2])
    odd_nul = block[1::2].count(0) / max(len(block[1::2]), 1)
    few, many = sorted((even_nul, odd_nul))
    if many < _UTF16_MIN_NUL:
        return None
    if few >= _UTF16_MIN_NUL or few * 4 > many:
        return "both"
    return "utf-16-le" if odd_nul > even_nul else "utf-16-be"


def _looks_western(text: str, letters: tuple[int, Counter[str]]) -> bool:
    """Whether ``text``, a single-byte code page's reading of bytes whose
    :func:`_letters` are ``letters``, looks like Western text rather than Cyrillic or
    Greek (see :data:`CP1252_MAX_NON_ASCII_LETTERS`)."""
    ascii_letters, others = letters
    non_ascii = sum(others.values())
    if not ascii_letters + non_ascii:
        return True
    if non_ascii / (ascii_letters + non_ascii) <= CP1252_MAX_NON_ASCII_LETTERS:
        return True
    # Cyrillic or Greek read as Windows-1252 turns whole words into non-ASCII
    # letters ("Ìû íå âèäèì"); French or German words mostly keep ASCII letters
    # around their accents ("réglé", "Orléans", "Élysée")
    accented = [w for w in _LETTER_RUN_RE.findall(text) if not w.isascii()]
    with_ascii = sum(1 for w in accented if any(c.isascii() for c in w))
    return with_ascii * 2 >= len(accented)


_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_BYTES = bytes(range(0x80))


def _letters(data: bytes, code_page: str) -> tuple[int, Counter[str]]:
    """The number of ASCII letters in single-byte ``data``, and its other letters in
    ``code_page`` with their counts.  Counted on the bytes (``bytes.translate`` and a
    Counter): a Python loop over every character made reading a folder of small
    files twice as slow."""
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTER_BYTES))
    others: Counter[str] = Counter()
    for byte, n in Counter(data.translate(None, _ASCII_BYTES)).items():
        char = bytes([byte]).decode(code_page, errors="replace")
        if char.isalpha():
            others[char] += n
    return ascii_letters, others


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
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError as err:  # not "binary": the NUL bytes are its encoding
            raise CorpusError(
                f"reads as {utf16} (its NUL bytes are every other byte) but is not valid {utf16}: {err}",
                path=path, hint="a byte may be lost or damaged: re-save or re-export the file "
                                "as UTF-8, or give its encoding with --encoding",
            ) from None
    sample = data[:_SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in sample or controls > BINARY_CONTROL_SHARE * len(sample):
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
    central = _Central(data)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        cp1250 = central.decoded(lines.also_utf8_note("Windows-1250"))
        if cp1250 is not None:
            return cp1250
        # a file within _Central's sample had its letters counted there
        letters = central.western_letters if len(data) <= _CP1250_SAMPLE_BYTES else None
        if _looks_western(text, letters or _letters(data, "cp1252")):
            notes = [central.doubt, lines.also_utf8_note("Windows-1252")]
            return Decoded(text, "cp1252", note="; ".join(n for n in notes if n) or None)
    if lines.utf8:  # not Windows-1252 throughout: a UTF-8 file with some legacy lines
        return lines.by_line()
    cp1250 = central.decoded(None)
    if cp1250 is not None:  # bytes Windows-1252 leaves undefined: "ť", "Ť", "Ź"
        return cp1250
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CorpusError(
            "cannot detect the text encoding (undecodable bytes)", path=path,
            hint="re-save the file as UTF-8 or pass --encoding",
        )
    return Decoded(str(best), best.encoding, note=(
        f"{best.encoding} is charset-normalizer's guess: check the text, or give the "
        "encoding with --encoding"))


#: Letters beyond ASCII of the languages written in Windows-1252 and in Windows-1250
#: (lower case; Spanish opens questions with "¿").  Where the two code pages differ,
#: one byte is a letter of each ("ø" and "ř", "è" and "č") or a symbol and a letter
#: ("³" and "ł", "¿" and "ż"); which alphabet a text's letters fit tells them apart.
WESTERN_LETTERS = {
    "French": "àâæçéèêëîïôœùûüÿ", "German": "äöüß", "Spanish": "áéíñóúü¿¡",
    "Portuguese": "áâãàçéêíóôõú", "Italian": "àèéìíîòóùú", "Catalan": "àçèéíïòóúü",
    "Dutch": "áéèëïóöüíú", "Danish/Norwegian": "æøåé", "Swedish": "åäöé", "Finnish": "äöåšž",
    "Icelandic": "áéíóúýþæöð", "Faroese": "áíóúýæøð", "Estonian": "õäöüšž",
    "Breton": "âêîôûùüñé", "Occitan": "àáèéíïòóúüç", "Afrikaans": "áéèêëíîïóôöúûü",
    "Frisian": "âêôûúäéëïöü", "Luxembourgish": "äëéè", "Walloon": "âêîôûåèéëç",
}
CENTRAL_LETTERS = {
    "Polish": "ąćęłńóśźż", "Czech": "áčďéěíňóřšťúůýž", "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Hungarian": "áéíóöőúüű", "Croatian": "čćđšž", "Slovene": "čšž", "Romanian": "ăâîşţ",
}
#: Windows-1250 is chosen over Windows-1252 when at least this many letters in words
#: differ between the two readings (two different ones, unless each is a letter in
#: both readings), the best Central European alphabet covers at least
#: :data:`CP1250_MIN_FIT` of the text's letters, more of them than any two Western
#: alphabets together (a Western text quoting another language: a Finnish report
#: quoting Italian, "però" and "Città", holds the letters of Slovak in Windows-1250),
#: and more than the best Western alphabet by at least :data:`CP1250_MARGIN` times
#: the number of letters that differ.  Tried on random runs of 15 and of 60 frequent
#: words (justext's stop lists): no run of a Western language is read as
#: Windows-1250, nor any of 7,992 runs mixing two of them (20 to 200 words, Finnish
#: with Italian, Swedish with Catalan ...), nor any of 5,772 mixing three; of the
#: 60-word Central European runs, all Polish, Czech and Slovak ones are read right,
#: a third of the Croatian ones, hardly any Hungarian or Slovene ones: read as
#: Windows-1252, their letters are those of two Western languages (Slovene "č š ž"
#: are the French "è" and the Finnish "š ž"), so they stay Windows-1252, nearly all
#: with a warning.
CP1250_MIN_LETTERS = 3
CP1250_MARGIN = 0.5
CP1250_MIN_FIT = 0.9
#: Bytes of a file whose letters decide between Windows-1250 and Windows-1252.
_CP1250_SAMPLE_BYTES = 1 << 18
# bytes that Windows-1250 and Windows-1252 read differently (or leave undefined)
_CP1250_DIFFERS_RE = re.compile(b"[" + b"".join(
    re.escape(bytes([b])) for b in range(0x80, 0x100)
    if bytes([b]).decode("cp1250", "replace") != bytes([b]).decode("cp1252", "replace")) + b"]")
# a unit with a superscript in Windows-1252 ("m³", "km³"), not a word: the same bytes
# read as Windows-1250 end in a letter ("mł")
_UNIT_RE = re.compile("[A-Za-z]{1,2}[¹³]")


class _Central:
    """Whether bytes are Central European text in Windows-1250 rather than Western text
    in Windows-1252.

    Both readings are compared letter by letter in the words of the Windows-1250
    reading: the share of the non-ASCII letters that the best-fitting alphabet of
    :data:`CENTRAL_LETTERS` covers, against the best of :data:`WESTERN_LETTERS` and
    the best two of them together (a text in one Western language quoting another)
    for the Windows-1252 reading, where a symbol inside a word ("Wa³êsa") is a letter
    of no alphabet.  ``clear`` says that Windows-1250 wins as :data:`CP1250_MARGIN`
    asks; ``doubt`` is a note for a file read as Windows-1252 when Windows-1250 fits
    better than any one Western alphabet and as well as any two, but not clearly.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.clear = False
        self.doubt: str | None = None
        self.language = ""
        #: :func:`_letters` of the sample read as Windows-1252, when they were counted
        self.western_letters: tuple[int, Counter[str]] | None = None
        sample = data[:_CP1250_SAMPLE_BYTES]  # one character per byte in both code pages
        if not _CP1250_DIFFERS_RE.search(sample):
            return
        # Windows-1250 cannot fit better than one Western alphabet that holds every
        # letter of the Windows-1252 reading, unless a byte that is a letter only in
        # Windows-1250 ("ł", "ą") is a symbol there ("³", "¹"): most Western files stop here
        if not _CP1250_ONLY_LETTER_RE.search(sample):
            self.western_letters = _letters(sample, "cp1252")
            if _one_western_alphabet(self.western_letters[1]):
                return
        try:
            central = sample.decode("cp1250")
        except UnicodeDecodeError:  # 0x81, 0x83, 0x88, 0x90, 0x98 are undefined there
            return
        if not _looks_western(central, _letters(sample, "cp1250")):  # Cyrillic or Greek bytes: whole words of accents
            return
        western = sample.decode("cp1252", errors="framing.cp1252")
        # the words with a letter beyond ASCII (all others are the same in both readings)
        spans = [m.span() for m in _ACCENTED_WORD_RE.finditer(central)
                 if m.end() - m.start() > 1 and not _UNIT_RE.fullmatch(western, *m.span())]
        at = [i for start, end in spans for i in range(start, end) if not central[i].isascii()]
        if not at:
            return
        languages, fit = _best_alphabet(Counter(central[i].lower() for i in at), CENTRAL_LETTERS)
        self.language = _names(languages)
        western_letters = Counter(western[i].lower() for i in at)
        _, western_fit = _best_alphabet(western_letters, WESTERN_LETTERS)
        _, pair_fit = _best_alphabet(western_letters, _WESTERN_PAIRS)
        differ = [i for i in at if central[i] != western[i]]
        if not differ or fit <= western_fit or fit < pair_fit:
            return
        # one symbol over and over is thin evidence (a footnote mark "¹" would be "ą")
        varied = (len({central[i].lower() for i in differ}) > 1
                  or all(western[i].isalpha() for i in differ))
        self.clear = (len(differ) >= CP1250_MIN_LETTERS and varied and fit >= CP1250_MIN_FIT
                      and fit > pair_fit
                      and (fit - western_fit) * len(at) >= CP1250_MARGIN * len(differ))
        # the word shown is one of the language named: its letters all in that alphabet
        alphabets = [CENTRAL_LETTERS[name] for name in languages]
        words = [(start, end) for start, end in spans
                 if any(central[i] != western[i] for i in range(start, end))]
        start, end = next(
            (span for span in words for alphabet in alphabets
             if all(c.isascii() or c in alphabet for c in central[span[0]:span[1]].lower())),
            words[0])
        self.doubt = (
            f"read as Windows-1252, but the letters fit {self.language} in Windows-1250 better than "
            f"any one Western language ('{western[start:end]}' would be '{central[start:end]}'): "
            "check the text, or give the encoding with --encoding cp1250")

    def decoded(self, note: str | None) -> Decoded | None:
        """The text read as Windows-1250, with a note saying so, when it is ``clear``
        (``None`` if not, or if a byte after the sample is undefined in Windows-1250)."""
        if not self.clear:
            return None
        try:
            text = self.data.decode("cp1250")
        except UnicodeDecodeError:
            return None
        guess = (f"read as Windows-1250 (Central European): the letters are {self.language}, "
                 "not Western; check the text, or give the encoding with --encoding")
        return Decoded(text, "cp1250", note=guess if note is None else f"{guess}; {note}")


# bytes that are a letter in Windows-1250 but not in Windows-1252 ("ł" and "³")
_CP1250_ONLY_LETTER_RE = re.compile(b"[" + b"".join(
    re.escape(bytes([b])) for b in range(0x80, 0x100)
    if bytes([b]).decode("cp1250", "replace").isalpha()
    and not bytes([b]).decode("cp1252", "replace").isalpha()) + b"]")
# a letter run that holds a letter beyond ASCII (not preceded by a letter: the whole run)
_ACCENTED_WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")


def _one_western_alphabet(letters: Counter[str]) -> bool:
    """Whether one alphabet of :data:`WESTERN_LETTERS` holds all of ``letters`` (the
    letters beyond ASCII of a Windows-1252 reading, with their counts)."""
    lower = {c.lower() for c in letters}
    return any(lower.issubset(alphabet) for alphabet in WESTERN_LETTERS.values())


# two Western alphabets together: a text in one language quoting another
_WESTERN_PAIRS = {f"{a} and {b}": WESTERN_LETTERS[a] + WESTERN_LETTERS[b]
                  for a, b in itertools.combinations(WESTERN_LETTERS, 2)}


def _best_alphabet(letters: Counter[str], alphabets: dict[str, str]) -> tuple[list[str], float]:
    """The names of the alphabets covering most of ``letters`` (letter -> count), and
    the share they cover."""
    covered = {name: sum(n for c, n in letters.items() if c in alphabet)
               for name, alphabet in alphabets.items()}
    best = max(covered.values())
    return [name for name, n in covered.items() if n == best], best / sum(letters.values())


def _names(names: list[str]) -> str:
    """"Czech", "Czech or Slovak", "Czech, Slovak or Slovene"."""
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


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

    def also_utf8_note(self, code_page: str) -> str | None:
        """For a file read as a legacy ``code_page``: the lines that were valid UTF-8 too."""
        if not self.utf8:
            return None
        return (f"read as {code_page}, but {len(self.utf8)} line(s) ({_some(self.utf8)}) are "
                "valid UTF-8 too: check them, or give the encoding with --encoding")


def _some(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:5])) + (", ..." if len(numbers) > 5 else "")
