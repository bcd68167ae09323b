r"""nltk's Punkt sentence boundaries, computed the same way, several times faster.

nltk's ``PunktSentenceTokenizer.span_tokenize`` builds a ``PunktToken`` object for
every token around every candidate boundary and runs its regular expressions
through a timeout wrapper.  With parameters that carry no learned statistics
(an abbreviation list and sentence starters, no collocations, no orthographic
context: what ``framing`` ships), each decision reduces to a few string tests on
nltk's own word tokens.  :class:`OfflinePunkt` implements exactly those steps:
candidates, contexts, the two annotation passes and boundary realignment, with
nltk's own patterns compiled by ``re``.  ``tests/test_text.py`` checks that its
spans equal nltk's on random text and on real articles; a context containing a
line break is handed to nltk unchanged.  One known difference: after a boundary,
the information separators U+001C–U+001F (white space to ``str.isspace`` and
``\s``, but not in ``string.whitespace``) end the sentence here and not in nltk
(``"He left.\x1cThe end."``: two sentences here, one in nltk).  Corpus text never
holds them: :func:`framing.clean.clean_text` deletes control characters.

nltk's three patterns are copied here (from ``PunktLanguageVars`` of nltk 3.9–3.10,
Apache-2.0; ``tests/test_text.py`` checks they equal the installed nltk's), so
segmentation does not import nltk: its package ``__init__`` pulls in
``scipy.stats`` and costs 2–3 s in every process.  nltk is imported only for the
rare context with a line break inside a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from framing.memo import BoundedMemo

__all__ = ["OfflinePunkt"]

_PUNCTUATION = frozenset(";:,.!?")
_SENT_END = frozenset(".?!")
_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
_ELLIPSIS = re.compile(r"\.\.+$")
_INITIAL = re.compile(r"[^\W\d]\.$")
# nltk's _get_last_whitespace_index looks for characters of string.whitespace only
_LAST_WHITESPACE = re.compile(r"[ \t\n\r\x0b\x0c][^ \t\n\r\x0b\x0c]*\Z")
_OTHER_WHITESPACE = "\t\n\r\x0b\x0c"
#: Decisions remembered per context ("said. The", "U.S. President"); cleared past this size.
_BREAKS_MAX = 100_000

# nltk's PunktLanguageVars patterns, expanded (period_context_re, _word_tokenizer_re,
# re_boundary_realignment); compiled with the flags nltk uses.
_NON_WORD_CHARS = r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb\?!])"
_MULTI_CHAR_PUNCT = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
PERIOD_CONTEXT_PATTERN = (
    "\n        [\\.\\?!]             # a potential sentence ending\n"
    "        (?=(?P<after_tok>\n"
    f"            {_NON_WORD_CHARS}              # either other punctuation\n"
    "            |\n"
    "            \\s+(?P<next_tok>\\S+)     # or whitespace and some other token\n"
    "        ))")
WORD_TOKENIZER_PATTERN = (
    "(\n"
    f"        {_MULTI_CHAR_PUNCT}\n"
    "        |\n"
    "        (?=[^\\(\\\"\\`{\\[:;&\\#\\*@\\)}\\]\\-,])\\S+?  # Accept word characters until end is found\n"
    "        (?= # Sequences marking a word's end\n"
    "            \\s|                                 # White-space\n"
    "            $|                                  # End-of-string\n"
    f"            {_NON_WORD_CHARS}|{_MULTI_CHAR_PUNCT}|          # Punctuation\n"
    f"            ,(?=$|\\s|{_NON_WORD_CHARS}|{_MULTI_CHAR_PUNCT}) # Comma if at end of word\n"
    "        )\n"
    "        |\n"
    "        \\S\n"
    "    )")
BOUNDARY_REALIGNMENT_PATTERN = "[\"\\')\\]}\\u2018\\u2019\\u201c\\u201d\\xab\\xbb]+?(?:\\s+|(?=--)|$)"


def _type(token: str, sentbreak: bool) -> str:
    typ = _NUMERIC.sub("##number##", token.lower())
    return typ[:-1] if sentbreak and len(typ) > 1 and typ[-1] == "." else typ


class OfflinePunkt:
    """Punkt sentence splitting with fixed parameters.

    Parameters
    ----------
    abbreviations : iterable of str
        Lower-case abbreviation types without the final period (``"u.s"``, ``"gen"``).
    sentence_starters : iterable of str
        Lower-case words that start a sentence after an abbreviation.
    """

    def __init__(self, abbreviations: Iterable[str], sentence_starters: Iterable[str]) -> None:
        self._abbrev = frozenset(a.lower() for a in abbreviations)
        self._starters = frozenset(s.lower() for s in sentence_starters)
        self._candidates = re.compile(PERIOD_CONTEXT_PATTERN, re.UNICODE | re.VERBOSE)
        self._words = re.compile(WORD_TOKENIZER_PATTERN, re.UNICODE | re.VERBOSE)
        self._realign = re.compile(BOUNDARY_REALIGNMENT_PATTERN, re.MULTILINE)
        # a decision depends on nothing but the context string ("said. The", "U.S. President")
        self._breaks = BoundedMemo(self._has_break, _BREAKS_MAX)
        self._nltk = None

    @property
    def nltk(self):
        """nltk's ``PunktSentenceTokenizer`` with the same parameters (the reference,
        and the path for contexts with a line break); imported on first use."""
        if self._nltk is None:
            from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

            params = PunktParameters()
            params.abbrev_types = set(self._abbrev)
            params.sent_starters = set(self._starters)
            self._nltk = PunktSentenceTokenizer(params)
        return self._nltk

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each sentence of ``text``, as ``nltk``'s ``span_tokenize`` gives them."""
        slices = []
        last_break = 0
        breaks = self._breaks
        for match, context in self._contexts(text):
            if breaks[context]:
                slices.append((last_break, match.end()))
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()
        slices.append((last_break, len(text.rstrip())))
        return self._realigned(text, slices)

    def _contexts(self, text: str) -> Iterator[tuple[re.Match[str], str]]:
        # nltk's _match_potential_end_contexts, step for step
        prev_start = prev_stop = 0
        prev_match = None
        spaces_only = not any(c in text for c in _OTHER_WHITESPACE)
        for match in self._candidates.finditer(text):
            if spaces_only:  # the last white space is the last space, found at C speed
                ws = text.rfind(" ", prev_stop, match.start())
            else:
                m = _LAST_WHITESPACE.search(text, prev_stop, match.start())
                ws = m.start() if m else -1
            index = ws - prev_stop if ws >= 0 else 0
            word_start = index + prev_stop + 1 if index else prev_start
            if prev_match is not None and prev_stop <= word_start:
                yield prev_match, text[prev_start:prev_stop] + prev_match.group() + prev_match.group("after_tok")
            prev_match, prev_start, prev_stop = match, word_start, match.start()
        if prev_match is not None:
            yield prev_match, text[prev_start:prev_stop] + prev_match.group() + prev_match.group("after_tok")

    def _realigned(self, text: str, slices: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out = []
        realign = 0
        for i, (start, stop) in enumerate(slices):
            start += realign
            if i + 1 == len(slices):
                if start < stop:
                    out.append((start, stop))
                continue
            next_start, next_stop = slices[i + 1]
            # matching in place equals matching the slice: the pattern has no look-behind
            m = self._realign.match(text, next_start, next_stop)
            if m:
                out.append((start, next_start + len(m.group(0).rstrip())))
                realign = m.end() - next_start
            else:
                realign = 0
                if start < stop:
                    out.append((start, stop))
        return out

    def _has_break(self, context: str) -> bool:
        """nltk's ``text_contains_sentbreak`` for parameters without learned statistics."""
        if "\n" in context:
            return self.nltk.text_contains_sentbreak(context)
        tokens = self._words.findall(context)
        first = []  # first pass: (sentbreak, abbreviation or ellipsis)
        for tok in tokens:
            if tok in _SENT_END:
                first.append((True, False))
            elif _ELLIPSIS.match(tok):
                first.append((False, True))
            elif tok.endswith(".") and not tok.endswith(".."):
                low = tok[:-1].lower()
                is_abbrev = low in self._abbrev or low.split("-")[-1] in self._abbrev
                first.append((not is_abbrev, is_abbrev))
            else:
                first.append((False, False))
        for i in range(len(tokens) - 1):  # second pass on (token, next token)
            tok, nxt = tokens[i], tokens[i + 1]
            sentbreak, abbr_or_ellipsis = first[i]
            if tok.endswith("."):
                initial = _INITIAL.match(tok) is not None
                next_upper = nxt[0].isupper()
                # orthographic heuristic with no context: False for punctuation or lower case
                next_not_starter = nxt in _PUNCTUATION or nxt[0].islower()
                if abbr_or_ellipsis and not initial and next_upper and \
                        _type(nxt, first[i + 1][0]) in self._starters:
                    sentbreak = True
                elif (initial or _type(tok, True) == "##number##") and \
                        (next_not_starter or (initial and next_upper)):
                    sentbreak = False
            if sentbreak:
                return True
        return False
