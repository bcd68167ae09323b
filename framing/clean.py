"""Cleaning that keeps meaning: the text every offset in ``framing`` points into.

The steps, in order (each can be switched off through :class:`CleaningOptions`):

1. Unicode: NFC normalisation; no-break and other exotic spaces become plain
   spaces; the Unicode hyphens U+2010 and U+2011 (non-breaking) become ``-``, so
   "neo\u2011fascist" is one word as "neo-fascist" is; zero-width characters, soft
   hyphens and control characters (other than newlines and tabs) are removed;
   ``\\r\\n`` and ``\\r`` become ``\\n``.
2. Markdown: emphasis markers are removed (``*Le Monde*`` -> ``Le Monde``,
   ``**x**``, ``_x_``, ``__x__``) and links keep their text (``[text](url)`` -> ``text``).
3. Boilerplate: paragraphs matching a *line pattern* are removed wherever they are
   ("Advertisement", "Read more: ..."); a paragraph matching a *footer pattern*
   near the end of the article is removed together with everything after it
   (the seed's "To contact the WSWS ... visit:" block).
4. Page-break repair: a paragraph that ends without sentence-final punctuation is
   joined to the next one when the next starts in lower case or with a digit
   ("took Kabul in" / "2021. French ..."), or when the paragraph is long prose
   (a heading is short) ("Russian President" / "Vladimir Putin, but ...").
5. Layout: runs of spaces collapse to one; single newlines inside a paragraph
   become spaces (hard-wrapped text); paragraphs are separated by one blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "CleaningOptions",
    "DEFAULT_FOOTER_PATTERNS",
    "DEFAULT_LINE_PATTERNS",
    "clean_text",
    "normalize_unicode",
    "strip_markdown",
    "split_raw_paragraphs",
    "remove_boilerplate",
    "repair_breaks",
]

#: Paragraphs that start an outlet's footer: removed with everything after them,
#: when they occur in the last :data:`FOOTER_WINDOW` paragraphs.
DEFAULT_FOOTER_PATTERNS: tuple[str, ...] = (
    r"to contact the\b.*\bvisit:?",  # World Socialist Web Site footer (seed article)
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) newsletter\b.*",
    r"copyright\s+(?:©\s*)?\d{4}\b.*|©\s*\d{4}\b.*",
    r"all rights reserved\.?",
    r"(?:follow us|share this article|share on)\b.{0,80}",
)

#: Paragraphs removed wherever they occur (whole-paragraph match, case-insensitive).
DEFAULT_LINE_PATTERNS: tuple[str, ...] = (
    r"advertisement",
    r"(?:read|see) (?:more|also):.{0,200}",
    r"click here\b.{0,200}",
    r"\[?(?:image|photo|video)(?: credit)?:.{0,200}",
)

#: A footer pattern only counts in the last this-many paragraphs (so a quoted
#: "visit" mid-article is never cut); chosen to cover footers of 1-4 blocks.
FOOTER_WINDOW = 5

#: A paragraph with at least this many words is prose, not a heading: if it ends
#: without sentence-final punctuation, the next paragraph continues it.
#: Headings in news text rarely exceed 12 words; 20 leaves a margin.
PROSE_MIN_WORDS = 20

_SENTENCE_END = ".!?:;\"”’)]…»"

# regular expressions rather than str.translate: a search that finds nothing (the
# usual case) costs far less than translating every character of every article
_SPACE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
#: Unicode hyphens (U+2010 hyphen, U+2011 non-breaking hyphen) -> "-": one character for
#: one, so offsets are unchanged; the word pattern and the lexicon matcher join words
#: with "-" only.
_HYPHEN_RE = re.compile("[\u2010\u2011]")
_REMOVE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_MD_LINK_RE = re.compile(r"\[([^\[\]\n]+)\]\((?:https?://|www\.|/)[^()\s]*\)")
_MD_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
# single * or _ emphasis: not inside words (snake_case, 5*3) and not a list bullet
_MD_EM_RE = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])([^\n*_]+?)(?<=[^\s*_])\1(?![\w*])")

_PARA_SPLIT_RE = re.compile(r"\n[ \t]*\n\s*")
_WORD_RE = re.compile(r"\w+")
_SPACES_RE = re.compile(r"[ \t]{2,}|\t")


@dataclass(frozen=True)
class CleaningOptions:
    """Which cleaning steps to run, and the boilerplate patterns.

    Parameters
    ----------
    unicode : bool
        Normalise Unicode (NFC, spaces, invisible and control characters).
    markdown : bool
        Remove markdown emphasis markers and link targets.
    footer_patterns, line_patterns : tuple of str
        Regular expressions (case-insensitive, matched against whole paragraphs).
        See :data:`DEFAULT_FOOTER_PATTERNS` and :data:`DEFAULT_LINE_PATTERNS`.
    repair_breaks : bool
        Join paragraphs broken mid-sentence (page breaks).
    """

    unicode: bool = True
    markdown: bool = True
    footer_patterns: tuple[str, ...] = DEFAULT_FOOTER_PATTERNS
    line_patterns: tuple[str, ...] = DEFAULT_LINE_PATTERNS
    repair_breaks: bool = True

    def compiled(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """Return the footer and line patterns compiled into one regex each."""
        return _compile(self.footer_patterns), _compile(self.line_patterns)


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.DOTALL)


def normalize_unicode(text: str) -> str:
    """NFC-normalise ``text``, unify spaces, hyphens and line ends, drop invisible characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    if _SPACE_RE.search(text):
        text = _SPACE_RE.sub(" ", text)
    if _HYPHEN_RE.search(text):
        text = _HYPHEN_RE.sub("-", text)
    if _REMOVE_RE.search(text):
        text = _REMOVE_RE.sub("", text)
    # NFC last: a removed character between a letter and its accent ("e\u00ad\u0301")
    # would otherwise leave the pair uncomposed, and the text not in NFC
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def strip_markdown(text: str) -> str:
    """Remove markdown emphasis markers and link targets, keeping the words."""
    if "](" in text:
        text = _MD_LINK_RE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _MD_STRONG_RE.sub(r"\2", text)
    if "*" in text or "_" in text:
        text = _MD_EM_RE.sub(r"\2", text)
    return text


def split_raw_paragraphs(text: str) -> list[str]:
    """Split on blank lines; single newlines inside a paragraph become spaces."""
    paragraphs = []
    for block in _PARA_SPLIT_RE.split(text):
        block = " ".join(line.strip() for line in block.split("\n")) if "\n" in block else block
        if "  " in block or "\t" in block:
            block = _SPACES_RE.sub(" ", block)
        block = block.strip()
        if block:
            paragraphs.append(block)
    return paragraphs


def remove_boilerplate(
    paragraphs: list[str],
    footer: re.Pattern[str] | None,
    line: re.Pattern[str] | None,
) -> list[str]:
    """Drop boilerplate paragraphs (see the module docstring for the rules)."""
    if line is not None:
        paragraphs = [p for p in paragraphs if not line.fullmatch(p)]
    if footer is not None:
        first = max(0, len(paragraphs) - FOOTER_WINDOW)
        for i in range(first, len(paragraphs)):
            if footer.fullmatch(paragraphs[i]):
                return paragraphs[:i]
    return paragraphs


def _continues(previous: str, following: str) -> bool:
    if previous[-1] in _SENTENCE_END or previous.endswith("--"):
        return False
    head = following[0]
    if head.islower() or head.isdigit():
        return True
    return len(_WORD_RE.findall(previous)) >= PROSE_MIN_WORDS


def repair_breaks(paragraphs: list[str]) -> list[str]:
    """Join paragraphs broken mid-sentence (page breaks); see the module docstring."""
    repaired: list[str] = []
    for para in paragraphs:
        if repaired and _continues(repaired[-1], para):
            repaired[-1] = f"{repaired[-1]} {para}"
        else:
            repaired.append(para)
    return repaired


def clean_text(text: str, options: CleaningOptions | None = None) -> str:
    """Clean an article body and return it with paragraphs separated by one blank line.

    Parameters
    ----------
    text : str
        The decoded article body (header already removed).
    options : CleaningOptions, optional
        Steps and patterns; the defaults suit most news text.

    Returns
    -------
    str
        The cleaned text; offsets of every frame in ``framing`` point into it.

    Examples
    --------
    >>> clean_text("The Ministry told *Le Monde*:\\n\\n\\"ready to resume dialog\\n\\nover Ukraine.\\"")
    'The Ministry told Le Monde:\\n\\n"ready to resume dialog over Ukraine."'
    """
    options = options or CleaningOptions()
    if options.unicode:
        text = normalize_unicode(text)
    if options.markdown:
        text = strip_markdown(text)
    paragraphs = split_raw_paragraphs(text)
    paragraphs = remove_boilerplate(paragraphs, *options.compiled())
    if options.repair_breaks:
        paragraphs = repair_breaks(paragraphs)
    return "\n\n".join(paragraphs)
