"""The article in a saved HTML page: text and metadata extracted by trafilatura, and
the prose rule that tells an article from an error page, a menu or a section front
(:func:`html_fields`, :data:`MIN_HTML_PROSE_WORDS`)."""

from __future__ import annotations

import configparser
import functools
import json
import re
from pathlib import Path

from framing.errors import CorpusError

__all__ = ["MIN_HTML_PROSE_WORDS", "html_fields"]

#: An HTML page is an article only if trafilatura finds at least this many words in
#: its prose (lines that end as sentences do, with the lines running into them): more
#: than an error page's "Sorry, this page does not exist." or "We're sorry, but the
#: page you were looking for doesn't exist.", less than a one-sentence news brief
#: (news sentences average some 20 words).  Scripts that put no spaces between words
#: count by characters: two Chinese or Japanese characters make a word, and
#: :data:`UNSPACED_LETTERS_PER_WORD` letters of Thai, Lao, Khmer or Myanmar.
MIN_HTML_PROSE_WORDS = 12
#: Letters of Thai, Lao, Khmer and Myanmar per word (their average word length;
#: vowel and tone marks are not counted).
UNSPACED_LETTERS_PER_WORD = 4
#: Thai and Lao mark the end of a sentence with a space or not at all, so a line in
#: those scripts (or Khmer, Myanmar) without final punctuation counts as prose when
#: it holds at least this many of their letters (some ten words): more than an error
#: notice ("ไม่พบหน้าที่คุณต้องการ", page not found: 16) ...
UNSPACED_LINE_MIN_LETTERS = 40
#: ... in runs between spaces of this many letters on average: clauses, not the
#: entries of a menu ("หน้าแรก ข่าว กีฬา", home, news, sport: 4 to 6) ...
UNSPACED_MIN_RUN = 10
#: ... when it is as long as a paragraph, this many letters or two runs of
#: :data:`UNSPACED_MIN_RUN` (two clauses), not a headline (a section front of linked
#: headlines, "ตลาดหุ้นไทยปิดบวกสิบจุดรับแรงซื้อจากนักลงทุนต่างชาติที่กลับเข้ามา": 49 letters
#: in one run) ...
UNSPACED_PARAGRAPH_LETTERS = 100
#: ... and when its last run of those letters is followed by at most this many words
#: (a figure or a name ending the sentence: "ร้อยละ 2.6%", "ตามรายงานของ Reuters").
UNSPACED_MAX_TAIL_WORDS = 3
# how a line ends as a sentence: final punctuation (Latin, CJK, Arabic, Urdu, Hindi,
# Myanmar, Khmer, Thai), then any closing quotes, brackets or spaces (French ". »",
# German ".“")
_SENTENCE_PUNCT = frozenset(".!?…。！？؟۔।။។៕๚๛")
_CLOSERS = " \t\u00a0\"'”’»“)]）」』"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
_UNSPACED_RE = re.compile(f"[{_UNSPACED}]+")
_PROSE_WORD_RE = re.compile(  # "doesn't" is one word
    f"[^\\W{_CJK}{_UNSPACED}]+(?:['’][^\\W{_CJK}{_UNSPACED}]+)*")
#: A line runs into the next (a paragraph broken with ``<br>``) only if it has at
#: least this many words and the next starts in lower case: menu entries do not.
_RUN_ON_MIN_WORDS = 4


def _prose_words(text: str) -> int:
    """Words in the lines of ``text`` that end as sentences, and in the lines that
    run into them, counted by :data:`_PROSE_WORD_RE` (CJK characters by two, Thai,
    Lao, Khmer and Myanmar letters by :data:`UNSPACED_LETTERS_PER_WORD`)."""
    lines = [line.strip() for line in text.split("\n")]
    words = 0
    cjk = 0
    unspaced = 0
    ends_as_sentence = False  # of the line after this one, with the lines it runs into
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        n_words = len(_PROSE_WORD_RE.findall(line))
        runs = _UNSPACED_RE.findall(line)
        n_unspaced = sum(c.isalpha() for run in runs for c in run)
        runs_on = (i + 1 < len(lines) and lines[i + 1][:1].islower()
                   and n_words >= _RUN_ON_MIN_WORDS)
        if not runs_on:
            end = line.rstrip(_CLOSERS)[-1:]
            ends_as_sentence = end in _SENTENCE_PUNCT or _unspaced_prose(line, runs, n_unspaced)
        if ends_as_sentence:
            words += n_words
            cjk += len(_CJK_RE.findall(line))
            unspaced += n_unspaced
    return words + cjk // 2 + unspaced // UNSPACED_LETTERS_PER_WORD


def _unspaced_prose(line: str, runs: list[str], letters: int) -> bool:
    """Whether a line with ``letters`` letters of Thai, Lao, Khmer or Myanmar in
    ``runs`` (between spaces) is a paragraph of prose without final punctuation."""
    if letters < max(UNSPACED_LINE_MIN_LETTERS, UNSPACED_MIN_RUN * len(runs)):
        return False
    clauses = sum(sum(c.isalpha() for c in run) >= UNSPACED_MIN_RUN for run in runs)
    if letters < UNSPACED_PARAGRAPH_LETTERS and clauses < 2:
        return False
    tail = line[line.rindex(runs[-1]) + len(runs[-1]):]
    return len(tail.split()) <= UNSPACED_MAX_TAIL_WORDS


@functools.cache
def _trafilatura_config() -> configparser.ConfigParser:
    """trafilatura's settings without its extensive date search, which takes a page
    without a date for one published on 1 January of its footer's copyright year
    ("© 2024"); dates in meta tags, <time> elements, bylines and URLs are still read."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def html_fields(html: str, path: Path) -> dict[str, object]:
    """The text (paragraphs blank-line separated) and the title, author, date and url
    trafilatura finds in the page; a :class:`~framing.errors.CorpusError` when it finds
    no article (too few words of prose, :data:`MIN_HTML_PROSE_WORDS`)."""
    import trafilatura  # slow to import: only when HTML is read

    result = trafilatura.extract(html, output_format="json", with_metadata=True,
                                 include_comments=False, favor_recall=True,
                                 config=_trafilatura_config())
    if not result:
        raise CorpusError("no article text found in the HTML page", path=path,
                          hint="check that the page holds the article, not only navigation")
    data = json.loads(result)
    # an error page, a menu or a section front still yields text (link labels,
    # headlines, "Page not found"): what it lacks is sentences of prose
    text: str = data.get("text") or ""
    prose = _prose_words(text)
    if prose < MIN_HTML_PROSE_WORDS:
        preview = " / ".join(line.strip() for line in text.split("\n") if line.strip())
        preview = preview if len(preview) <= 80 else preview[:77] + "..."
        raise CorpusError(
            f"no article body in the HTML page: {prose} words in sentences (at least "
            f"{MIN_HTML_PROSE_WORDS} needed); extracted text: {preview!r}", path=path,
            hint="check that the page is the article, not an error page, a menu or a section "
                 "front; save a very short article's text as .txt")
    # trafilatura puts one paragraph per line: make them blank-line separated
    fields: dict[str, object] = {"text": text.replace("\n", "\n\n")}
    for ours, theirs in (("title", "title"), ("author", "author"), ("date", "date"), ("url", "source")):
        if data.get(theirs):
            fields[ours] = data[theirs]
    return fields
