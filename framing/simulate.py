"""Synthetic corpora with known truth, to validate the comparison statistics.

:func:`simulate_corpus` writes documents, sentences, hits and stance frames in
the pipeline's schemas (:mod:`framing.schema`), with text whose offsets match,
and returns the truth they were drawn from: each outlet's expected loaded-term
rate per category and voice, its mean stance and coverage per target, and which
documents are wire copies of which.

The generative model (see ``docs/statistics.md``):

* each document has ``1 + Poisson(sentences_per_doc - 1)`` sentences of
  ``MIN_SENTENCE_WORDS + Poisson(words_per_sentence - MIN_SENTENCE_WORDS)``
  words; a sentence is a quotation with probability ``quoted_share``;
* each word slot is a loaded term with probability ``rate / 1000 * g``, where
  ``rate`` is the outlet's rate for the sentence's voice and ``g`` is a
  per-document Gamma(shape=``heterogeneity``, mean 1) factor: documents differ
  (over-dispersion), so sentences of one document are correlated and a
  sentence-level analysis would be over-confident;
* a target is mentioned in a sentence with probability ``mention_rate`` (the
  alias replaces a non-loaded word); its score is ``2 * Beta - 1`` with mean
  ``m_d = stance_mean + Uniform(-stance_doc_spread, stance_doc_spread)`` per
  document, so the outlet's mean score is exactly ``stance_mean``;
* wire stories are written once for a random outlet and copied into
  ``copies_per_story`` other outlets (identical text, the last paragraph
  sometimes cut, a credit line appended, dated the same or next day).

Expected rates in the truth are exact for single-word entries and aliases (the
defaults).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing.errors import ParameterError, check_whole_number, closest_name, did_you_mean
from framing.schema import HIT_COLUMNS, SENTENCE_COLUMNS, STANCE_COLUMNS
from framing.text import count_words

__all__ = ["SimulatedCorpus", "SimulationTruth", "simulate_corpus", "DEFAULT_CATEGORIES",
           "DEFAULT_TARGETS"]

#: Loaded-term categories and entries of the synthetic lexicon (single words, so
#: every hit is one word slot and expected rates are exact).
DEFAULT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "pejorative": ("regime", "imperialist", "puppet", "junta", "thugs"),
    "alarm": ("crisis", "catastrophe", "threat", "chaos"),
    "euphemism": ("operation", "partners", "incident", "realignment"),
    "conflict": ("aggression", "provocation", "escalation", "invasion"),
}
#: Stance targets and their aliases.
DEFAULT_TARGETS: dict[str, tuple[str, ...]] = {
    "Russia": ("Russia", "Moscow", "Kremlin"),
    "NATO": ("NATO",),
    "France": ("France", "Paris"),
    "Ukraine": ("Ukraine", "Kyiv"),
}
#: Shortest sentence in words.
MIN_SENTENCE_WORDS = 3
#: Sentences per paragraph.
PARAGRAPH_SENTENCES = 4
#: Size of the filler vocabulary (pseudo-words) and its Zipf exponent (about 1
#: for word frequencies in English text).
FILLER_VOCABULARY = 2000
ZIPF_EXPONENT = 1.0
#: Spread of scores around a document's mean stance: Beta concentration
#: (a + b); 4 gives scores spread over most of [-1, 1].
STANCE_CONCENTRATION = 4.0
#: |score| at or below this band is labelled neutral.
NEUTRAL_BAND = 0.2
#: Shingle length (words) for the similarity of a copy to its cluster's first document.
SHINGLE_WORDS = 5
#: Most loaded terms per 1,000 words: every word slot a loaded term.
_PER_THOUSAND = 1000.0
_SPEAKERS = ("Ivanov", "Dupont", "Smith", "Kovalenko", "Schmidt", "Rossi")
_MAX_SLOT_DRAWS = 50  # attempts to place a mention on a free word slot
_CREDIT = "Distributed by the wire service to {outlet}."  # appended to copies


@dataclass(frozen=True)
class SimulationTruth:
    """What :func:`simulate_corpus` planted.

    Attributes
    ----------
    rates : pandas.DataFrame
        ``outlet, category, voice, rate_per_1000``: expected rate of the outlet's
        own (non-copy) documents; category ``"all"`` and voice ``"all"`` included.
    stance : pandas.DataFrame
        ``outlet, target, mean_score, coverage`` (expected mean score of mentions
        and share of sentences mentioning the target).
    duplicates : pandas.DataFrame
        Every document of a wire cluster, in the ``duplicates`` frame contract
        (``doc_id, outlet, cluster_id, similarity, is_first, n_outlets``) plus
        ``is_copy`` and ``source_doc_id`` (the original it was copied from).
    params : dict
        The arguments of the call.
    """

    rates: pd.DataFrame
    stance: pd.DataFrame
    duplicates: pd.DataFrame
    params: dict = field(default_factory=dict)

    def rate_ratio(self, outlet_a: str, outlet_b: str, *, category: str = "all",
                   voice: str = "all") -> float:
        """True ``rate_a / rate_b`` for one category and voice."""
        r = self.rates.set_index(["outlet", "category", "voice"])["rate_per_1000"]
        return float(r[(outlet_a, category, voice)] / r[(outlet_b, category, voice)])

    @property
    def copies(self) -> list[str]:
        """doc_ids of the documents that are copies (not originals)."""
        return self.duplicates.loc[self.duplicates["is_copy"], "doc_id"].tolist()


@dataclass(frozen=True)
class SimulatedCorpus:
    """Frames of a synthetic corpus and the truth behind them."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    hits: pd.DataFrame
    stance: pd.DataFrame
    truth: SimulationTruth


@dataclass(frozen=True)
class _Outlet:
    name: str
    author_rates: dict[str, float]  # per category, per word
    quoted_rates: dict[str, float]
    stance: dict[str, float]
    mentions: dict[str, float]


def _filler_words() -> np.ndarray:
    """Deterministic pronounceable pseudo-words (never English stop words)."""
    onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"]
    vowels = ["a", "e", "i", "o", "u"]
    syll = [o + v for o in onsets for v in vowels]
    words = []
    for n_syl in (2, 3):
        for combo in itertools.product(syll, repeat=n_syl):
            words.append("".join(combo))
            if len(words) >= FILLER_VOCABULARY:
                return np.array(words)
    return np.array(words)


_FILLER = _filler_words()
_FILLER_LEN = np.array([len(w) for w in _FILLER], dtype=np.int64)
_FILLER_SPACED = np.array([w + " " for w in _FILLER], dtype=object)
_FILLER_P = 1.0 / np.arange(1, len(_FILLER) + 1) ** ZIPF_EXPONENT
_FILLER_P /= _FILLER_P.sum()


def _is_number(value: object) -> bool:
    """A finite real number (not a bool, not NaN or infinite)."""
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
            and math.isfinite(value))


def _check_fraction(name: str, value: float, *, upper_open: bool = False) -> None:
    if not _is_number(value) or not (0.0 <= value < 1.0 if upper_open else 0.0 <= value <= 1.0):
        span = "[0, 1)" if upper_open else "[0, 1]"
        raise ParameterError(f"{name} must be a fraction in {span}, got {value!r}", field=name,
                             hint=f"e.g. {name}=0.2")


def _check_number(name: str, value: object, *, minimum: float = 0.0, above: bool = False,
                  maximum: float | None = None, hint: str) -> None:
    """:class:`ParameterError` unless ``value`` is a finite number >= ``minimum`` (> with
    ``above``) and at most ``maximum``."""
    if (not _is_number(value) or (value <= minimum if above else value < minimum)
            or (maximum is not None and value > maximum)):
        bound = f"{'above' if above else 'at least'} {minimum:g}"
        if maximum is not None:
            bound += f" and at most {maximum:g}"
        raise ParameterError(f"{name} must be a number {bound}, got {value!r}", field=name,
                             hint=hint)


def _check_keys(name: str, keys, valid: Sequence[str], what: str, where: str = "") -> None:
    """:class:`ParameterError` for a key of ``name`` that is not one of ``valid`` (a typo there
    would silently leave the planted value out, and the truth would not be the data's)."""
    for key in keys:
        if key not in valid:
            same = [str(v) for v in valid if str(v).casefold() == str(key).casefold()]
            mean = did_you_mean(same[0] if same else closest_name(key, valid))
            raise ParameterError(
                f"{name}{where} names {key!r}, which is no {what} of this corpus{mean}",
                field=name, hint=f"{what} names (exact spelling): {', '.join(map(str, valid))}")


def _check_outlet_maps(names: list[str], targets: Mapping[str, Sequence[str]], categories,
                       rate_per_1000: float, rate_ratio,
                       stance_mean, stance_doc_spread: float, mention_rate) -> None:
    """Keys and values of the per-outlet arguments: every outlet, target and category named
    exists, rates are >= 0 and at most :data:`_PER_THOUSAND` per 1,000 words, probabilities
    lie in [0, 1]."""
    tnames, cats = list(targets), list(categories)
    cap = f"at most {_PER_THOUSAND:g} loaded terms per 1,000 words"
    if rate_ratio is not None:
        if not isinstance(rate_ratio, Mapping):
            raise ParameterError("rate_ratio must map outlet names to a ratio (or to category: ratio)",
                                 field="rate_ratio", hint=f"e.g. rate_ratio={{{names[0]!r}: 2.0}}")
        _check_keys("rate_ratio", rate_ratio, names, "outlet")
        for name, ratio in rate_ratio.items():
            mult = ratio if isinstance(ratio, Mapping) else {c: ratio for c in cats}
            _check_keys("rate_ratio", mult, cats, "category", f"[{name!r}]")
            for c, r in mult.items():
                _check_number("rate_ratio", r, hint=f"a multiplier >= 0 for {name!r}/{c!r}, e.g. 2.0")
            total = rate_per_1000 * sum(float(mult.get(c, 1.0)) for c in cats) / len(cats)
            if total > _PER_THOUSAND:
                raise ParameterError(
                    f"rate_ratio for {name!r} makes its author-voice rate {total:g} per 1,000 "
                    "words: more loaded terms than words", field="rate_ratio",
                    hint=f"keep rate_per_1000 x rate_ratio {cap}")
    if stance_mean is not None:
        if not isinstance(stance_mean, Mapping):
            raise ParameterError("stance_mean must map outlet names to {target: mean}",
                                 field="stance_mean",
                                 hint=f"e.g. stance_mean={{{names[0]!r}: {{{tnames[0]!r}: -0.4}}}}"
                                 if tnames else "give targets= first")
        _check_keys("stance_mean", stance_mean, names, "outlet")
        for name, means in stance_mean.items():
            if not isinstance(means, Mapping):
                raise ParameterError(f"stance_mean[{name!r}] must map target names to a mean score",
                                     field="stance_mean", hint=f"e.g. {{{tnames[0]!r}: -0.4}}"
                                     if tnames else "give targets= first")
            _check_keys("stance_mean", means, tnames, "target", f"[{name!r}]")
            for t, mu in means.items():
                if not _is_number(mu) or abs(mu) + stance_doc_spread >= 1.0:
                    raise ParameterError(
                        f"stance_mean {mu!r} for {name!r}/{t!r} plus stance_doc_spread "
                        f"{stance_doc_spread:g} must stay below 1 in absolute value",
                        field="stance_mean", hint="use smaller means or a smaller spread")
    if isinstance(mention_rate, Mapping):
        _check_keys("mention_rate", mention_rate, names, "outlet")
        for name, rate in mention_rate.items():
            if isinstance(rate, Mapping):
                _check_keys("mention_rate", rate, tnames, "target", f"[{name!r}]")
                for value in rate.values():
                    _check_fraction("mention_rate", value)
            else:
                _check_fraction("mention_rate", rate)
    else:
        _check_fraction("mention_rate", mention_rate)


def _outlets(names, rate_per_1000, quoted_rate_per_1000, rate_ratio, categories, stance_mean,
             mention_rate, targets) -> list[_Outlet]:
    """Per-outlet rates, stance and mention probabilities (arguments checked by
    :func:`_check_outlet_maps`; an outlet, target or category not named gets the default)."""
    out = []
    cats = list(categories)
    for name in names:
        ratio = (rate_ratio or {}).get(name, 1.0)
        mult = ratio if isinstance(ratio, Mapping) else {c: ratio for c in cats}
        author = {c: rate_per_1000 / 1000.0 / len(cats) * float(mult.get(c, 1.0)) for c in cats}
        quoted = {c: quoted_rate_per_1000 / 1000.0 / len(cats) for c in cats}
        st = {t: float((stance_mean or {}).get(name, {}).get(t, 0.0)) for t in targets}
        rate = mention_rate if not isinstance(mention_rate, Mapping) else mention_rate.get(name, 0.0)
        mentions = {t: float(rate if not isinstance(rate, Mapping) else rate.get(t, 0.0))
                    for t in targets}
        out.append(_Outlet(name, author, quoted, st, mentions))
    return out


def _generate(rng, story_outlets: np.ndarray, specs: list[_Outlet], *, categories, targets,
              sentences_per_doc, words_per_sentence, quoted_share, heterogeneity,
              stance_doc_spread, scare_quote_share) -> dict:
    """Draw every story at once (vectorised over documents, sentences and word slots)."""
    n = len(story_outlets)
    cats, tnames = list(categories), list(targets)
    n_sent = 1 + rng.poisson(sentences_per_doc - 1, n)
    sent_doc = np.repeat(np.arange(n), n_sent)
    n_s = len(sent_doc)
    lengths = MIN_SENTENCE_WORDS + rng.poisson(words_per_sentence - MIN_SENTENCE_WORDS, n_s)
    quoted = rng.random(n_s) < quoted_share
    g = rng.gamma(heterogeneity, 1.0 / heterogeneity, n) if heterogeneity else np.ones(n)
    tok_sent = np.repeat(np.arange(n_s), lengths)
    first_tok = np.cumsum(lengths) - lengths
    tok_pos = np.arange(len(tok_sent)) - first_tok[tok_sent]
    tok_outlet = story_outlets[sent_doc[tok_sent]]
    tok_voice = quoted[tok_sent].astype(int)
    # rates[outlet, voice(0 author, 1 quoted), category] per word
    rates = np.array([[[sp.author_rates[c] for c in cats], [sp.quoted_rates[c] for c in cats]]
                      for sp in specs])
    total = rates.sum(axis=2)
    p_tok = np.minimum(total[tok_outlet, tok_voice] * g[sent_doc[tok_sent]], 1.0)
    loaded = np.flatnonzero(rng.random(len(tok_sent)) < p_tok)
    with np.errstate(invalid="ignore", divide="ignore"):
        cdf = np.cumsum(rates / total[..., None], axis=2)
    u = rng.random(len(loaded))
    cat = np.minimum((u[:, None] > cdf[tok_outlet[loaded], tok_voice[loaded]]).sum(1), len(cats) - 1)
    n_entries = np.array([len(categories[c]) for c in cats])
    entry_idx = (rng.random(len(loaded)) * n_entries[cat]).astype(int)
    entries = [categories[cats[c]][e] for c, e in zip(cat, entry_idx, strict=True)]
    scare = (~quoted[tok_sent[loaded]]) & (rng.random(len(loaded)) < scare_quote_share)
    ids = rng.choice(len(_FILLER), len(tok_sent), p=_FILLER_P)

    # mentions: each takes a random word slot of its sentence that is not a loaded
    # term or another mention (redrawn on collision; with no free slot left, dropped)
    mention_p = np.array([[sp.mentions[t] for t in tnames] for sp in specs])
    has = rng.random((n_s, len(tnames))) < mention_p[story_outlets[sent_doc]]
    m_sent, m_t = np.nonzero(has)
    taken = np.zeros(len(tok_sent), dtype=bool)
    taken[loaded] = True
    slot = np.full(len(m_sent), -1)
    pending = np.arange(len(m_sent))
    for _ in range(_MAX_SLOT_DRAWS):
        if not len(pending):
            break
        cand = first_tok[m_sent[pending]] + (
            rng.random(len(pending)) * lengths[m_sent[pending]]).astype(int)
        unique = np.zeros(len(cand), dtype=bool)
        unique[np.unique(cand, return_index=True)[1]] = True
        ok = unique & ~taken[cand]
        slot[pending[ok]] = cand[ok]
        taken[cand[ok]] = True
        pending = pending[~ok]
    ok = slot >= 0
    m_sent, m_t, slot = m_sent[ok], m_t[ok], slot[ok]
    n_alias = np.array([len(targets[t]) for t in tnames])
    alias_idx = (rng.random(len(m_sent)) * n_alias[m_t]).astype(int)
    aliases = [targets[tnames[t]][a] for t, a in zip(m_t, alias_idx, strict=True)]
    mu = np.array([[sp.stance[t] for t in tnames] for sp in specs])
    doc_mean = mu[story_outlets] + rng.uniform(-stance_doc_spread, stance_doc_spread,
                                              (n, len(tnames)))
    m = doc_mean[sent_doc[m_sent], m_t]
    score = 2.0 * rng.beta(STANCE_CONCENTRATION * (1 + m) / 2,
                           STANCE_CONCENTRATION * (1 - m) / 2) - 1.0

    # text: every word slot is rendered with its trailing separator; only slots that
    # differ from "filler + space" (first/last of a sentence, loaded terms, aliases)
    # are built one by one, then the whole story text is one join
    n_tok = len(tok_sent)
    raw_len = _FILLER_LEN[ids]
    raw_len[loaded] = [len(e) for e in entries]
    raw_len[slot] = [len(a) for a in aliases]
    special = np.zeros(n_tok, dtype=object)
    special[loaded] = entries
    special[slot] = aliases
    is_special = np.zeros(n_tok, dtype=bool)
    is_special[loaded] = is_special[slot] = True
    is_scare = np.zeros(n_tok, dtype=bool)
    is_scare[loaded[scare]] = True
    last_tok = first_tok + lengths - 1
    is_first = tok_pos == 0
    is_last = np.zeros(n_tok, dtype=bool)
    is_last[last_tok] = True
    tok_quoted = quoted[tok_sent]
    display = _FILLER_SPACED[ids]
    changed = np.flatnonzero(is_first | is_last | is_special)
    built = []
    words = np.where(is_special[changed], special[changed], _FILLER[ids[changed]]).tolist()
    for word, first, last, scare_i, q in zip(
        words, is_first[changed].tolist(), is_last[changed].tolist(),
        is_scare[changed].tolist(), tok_quoted[changed].tolist(), strict=True,
    ):
        if first:
            word = word[0].upper() + word[1:]
        if scare_i:
            word = f"\u201c{word}\u201d"
        if first and q:
            word = "\u201c" + word
        built.append(word + ((".\u201d" if q else ".") if last else " "))
    display[changed] = built
    disp_len = _FILLER_LEN[ids] + 1
    disp_len[changed] = [len(w) for w in built]
    excl = np.cumsum(disp_len) - disp_len
    sent_start = excl[first_tok]
    sent_end = excl[last_tok] + disp_len[last_tok]
    rel = excl - sent_start[tok_sent] + (is_first & tok_quoted)
    rel_hit = rel + is_scare
    story_text = "".join(display.tolist())
    texts = [story_text[a:b] for a, b in zip(sent_start.tolist(), sent_end.tolist(), strict=True)]
    hit_voice = np.where(quoted[tok_sent[loaded]], "quoted",
                         np.where(scare, "scare_quote", "author"))
    return {
        "n_sent": n_sent, "sent_text": texts, "sent_quoted": quoted,
        "sent_speaker": np.array(_SPEAKERS, dtype=object)[rng.integers(len(_SPEAKERS), size=n_s)],
        "sent_ntok": lengths,
        "hit_sent": tok_sent[loaded], "hit_start": rel_hit[loaded],
        "hit_end": rel_hit[loaded] + raw_len[loaded], "hit_entry": np.array(entries, dtype=object),
        "hit_cat": np.array(cats, dtype=object)[cat], "hit_voice": hit_voice,
        "men_sent": tok_sent[slot], "men_start": rel[slot], "men_end": rel[slot] + raw_len[slot],
        "men_target": np.array(tnames, dtype=object)[m_t],
        "men_alias": np.array(aliases, dtype=object), "men_score": score,
    }


def _expand(owner_sorted: np.ndarray, occurrences: np.ndarray):
    """For each occurrence of a sentence, the positions of that sentence's items.

    Returns (occurrence index per item, item index) for items sorted by sentence.
    """
    lo = np.searchsorted(owner_sorted, occurrences, side="left")
    hi = np.searchsorted(owner_sorted, occurrences, side="right")
    reps = hi - lo
    occ = np.repeat(np.arange(len(occurrences)), reps)
    item = np.repeat(lo, reps) + (np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps))
    return occ, item


def _publish(stories: dict, pubs: list[tuple]) -> tuple[pd.DataFrame, ...]:
    """Render published documents (story, outlet, date, cut, credit) into frames."""
    texts = list(stories["sent_text"])
    quoted = list(stories["sent_quoted"])
    speaker = list(stories["sent_speaker"])
    ntok = list(stories["sent_ntok"])
    story_first = np.cumsum(stories["n_sent"]) - stories["n_sent"]
    occ_sent, occ_doc = [], []
    for d, (story, _, _, cut, credit) in enumerate(pubs):
        idx = list(range(story_first[story], story_first[story] + cut))
        if credit:
            texts.append(credit)
            quoted.append(False)
            speaker.append(None)
            ntok.append(count_words(credit))
            idx.append(len(texts) - 1)
        occ_sent.extend(idx)
        occ_doc.extend([d] * len(idx))
    occ_sent, occ_doc = np.array(occ_sent), np.array(occ_doc)
    quoted, ntok = np.array(quoted, dtype=bool), np.array(ntok)
    n_docs = len(pubs)
    doc_first = np.searchsorted(occ_doc, np.arange(n_docs))
    k = np.arange(len(occ_sent)) - doc_first[occ_doc]
    sep = np.where(k == 0, 0, np.where(k % PARAGRAPH_SENTENCES == 0, 2, 1))
    text_len = np.array([len(t) for t in texts], dtype=np.int64)
    tlen = text_len[occ_sent]
    step = sep + tlen
    excl = np.cumsum(step) - step
    start = excl - excl[doc_first][occ_doc] + sep
    seps = ("", " ", "\n\n")
    pieces = [seps[j] + texts[i] for j, i in zip(sep.tolist(), occ_sent.tolist(), strict=True)]
    bounds = np.append(doc_first, len(occ_sent)).tolist()
    doc_text = ["".join(pieces[bounds[d]:bounds[d + 1]]) for d in range(n_docs)]
    doc_ids = np.array([hashlib.sha256(t.encode("utf-8")).hexdigest()[:16] for t in doc_text],
                       dtype=object)
    if len(set(doc_ids)) != len(doc_ids):  # pragma: no cover - random texts never coincide
        raise RuntimeError("simulated documents with identical text; change the seed")
    q_occ = quoted[occ_sent]
    quote_id = np.full(len(occ_sent), -1)
    qrank = pd.Series(q_occ.astype(int)).groupby(occ_doc).cumsum().to_numpy() - 1
    quote_id[q_occ] = qrank[q_occ]
    sentences = pd.DataFrame({
        "doc_id": doc_ids[occ_doc], "sent_id": k, "para_id": k // PARAGRAPH_SENTENCES,
        "start": start, "end": start + tlen, "text": [texts[s] for s in occ_sent],
        "voice": np.where(q_occ, "quoted", "author"),
        "speaker": [speaker[s] if quoted[s] else None for s in occ_sent],
        "quote_id": quote_id, "n_tokens": ntok[occ_sent],
        "n_quoted_tokens": np.where(q_occ, ntok[occ_sent], 0),
    }, columns=SENTENCE_COLUMNS)
    occ, item = _expand(stories["hit_sent"], occ_sent)
    h_start = start[occ] + stories["hit_start"][item]
    h_end = start[occ] + stories["hit_end"][item]
    h_voice = stories["hit_voice"][item]
    hits = pd.DataFrame({
        "doc_id": doc_ids[occ_doc[occ]], "sent_id": k[occ], "start": h_start, "end": h_end,
        "match": [doc_text[d][a:b] for d, a, b in zip(occ_doc[occ], h_start, h_end, strict=True)],
        "entry": stories["hit_entry"][item], "category": stories["hit_cat"][item],
        "weight": 1.0, "lexicon": "simulated@1", "voice": h_voice,
        "speaker": [speaker[s] if v == "quoted" else None
                    for s, v in zip(occ_sent[occ], h_voice, strict=True)],
        "negated": False,
    }, columns=HIT_COLUMNS)
    occ, item = _expand(stories["men_sent"], occ_sent)
    score = stories["men_score"][item]
    m_quoted = q_occ[occ]
    stance = pd.DataFrame({
        "doc_id": doc_ids[occ_doc[occ]], "sent_id": k[occ], "target": stories["men_target"][item],
        "alias": stories["men_alias"][item], "start": start[occ] + stories["men_start"][item],
        "end": start[occ] + stories["men_end"][item], "score": score,
        "label": np.where(score < -NEUTRAL_BAND, "against",
                          np.where(score > NEUTRAL_BAND, "favor", "neutral")),
        "method": "simulated", "voice": np.where(m_quoted, "quoted", "author"),
        "speaker": [speaker[s] if q else None for s, q in zip(occ_sent[occ], m_quoted, strict=True)],
    }, columns=STANCE_COLUMNS)
    documents = pd.DataFrame({
        "doc_id": doc_ids, "outlet": [p[1] for p in pubs],
        "title": [f"Story {p[0]}" for p in pubs], "author": None,
        "date": pd.to_datetime(pd.Series([p[2] for p in pubs], dtype=object)),
        "url": None, "text": doc_text,
        "source": [f"simulated:{d + 1}" for d in range(n_docs)],
    })
    return documents, sentences, hits, stance


def _shingles(text: str) -> set:
    words = text.lower().split()
    return {tuple(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def simulate_corpus(
    *,
    outlets: int | Sequence[str] = 3,
    n_docs: int | Sequence[int] | Mapping[str, int] = 40,
    sentences_per_doc: float = 20.0,
    words_per_sentence: float = 18.0,
    quoted_share: float = 0.2,
    rate_per_1000: float = 10.0,
    quoted_rate_per_1000: float | None = None,
    rate_ratio: Mapping[str, float | Mapping[str, float]] | None = None,
    heterogeneity: float | None = 2.0,
    categories: Mapping[str, Sequence[str]] | None = None,
    targets: Mapping[str, Sequence[str]] | None = None,
    mention_rate: float | Mapping[str, Mapping[str, float]] = 0.1,
    stance_mean: Mapping[str, Mapping[str, float]] | None = None,
    stance_doc_spread: float = 0.2,
    scare_quote_share: float = 0.1,
    n_wire_stories: int = 0,
    copies_per_story: int = 2,
    undated_share: float = 0.0,
    start: str = "2024-01-01",
    days: int = 365,
    seed: int = 0,
) -> SimulatedCorpus:
    """Generate a synthetic corpus with planted outlet differences and wire copies.

    Parameters
    ----------
    outlets : int or sequence of str
        Outlet names, or how many (named ``outlet_00``, ``outlet_01``, ...); a bare
        string is refused (it is not read as one outlet per character).
    n_docs : int, sequence or mapping
        Own documents per outlet (wire copies come on top); a mapping gives 0 to
        the outlets it does not name.
    sentences_per_doc, words_per_sentence : float
        Mean document and sentence length.
    quoted_share : float
        Probability that a sentence is a quotation (voice ``quoted``).
    rate_per_1000 : float
        Loaded terms per 1,000 words in the outlets' own voice, before ``rate_ratio``
        (0 to 1,000).
    quoted_rate_per_1000 : float, optional
        Rate inside quotations, the same in every outlet (default ``rate_per_1000``).
    rate_ratio : mapping outlet -> float or mapping category -> float, optional
        Planted multipliers (>= 0) of the author-voice rate (all categories, or
        per category); the resulting rate must stay at most 1,000 per 1,000 words.
    heterogeneity : float or None
        Gamma shape (> 0) of the per-document rate factor (smaller: documents
        differ more); None for none (Poisson-like counts).
    categories : mapping category -> entries, optional
        The synthetic lexicon (default :data:`DEFAULT_CATEGORIES`), each with a
        list of one or more entries.
    targets : mapping target -> aliases, optional
        Stance targets (default :data:`DEFAULT_TARGETS`; ``{}``: none).
    mention_rate : float or mapping outlet -> (float or mapping target -> float)
        Probability (0 to 1) that a sentence mentions a target; outlets and
        targets a mapping does not name get 0.
    stance_mean : mapping outlet -> target -> float, optional
        Planted mean stance score (default 0).
    stance_doc_spread : float
        Half-width of the uniform per-document deviation from the mean stance
        (0 to below 1; ``|stance_mean| + stance_doc_spread`` must stay below 1).
    scare_quote_share : float
        Share of author-voice hits written in scare quotes (voice ``scare_quote``).
    n_wire_stories, copies_per_story : int
        Wire stories and how many other outlets republish each.
    undated_share : float
        Share of documents without a date (NaT).
    start, days : str, int
        Dates are uniform over ``days`` days from ``start``.
    seed : int
        Random seed.

    Returns
    -------
    SimulatedCorpus
        ``documents, sentences, hits, stance`` frames and the :class:`SimulationTruth`.

    Raises
    ------
    ParameterError
        Before anything is drawn, naming the parameter and the fix: an outlet,
        target or category key of ``n_docs``, ``rate_ratio``, ``stance_mean`` or
        ``mention_rate`` that the corpus does not have (it would silently plant
        nothing, and the truth would not describe the data), a rate below 0 or
        above 1,000 per 1,000 words, a probability outside [0, 1], a
        ``heterogeneity`` of 0 or less, no document at all, a negative count, a
        ``start`` that is not a date.
    """
    params = dict(locals())
    names = _outlet_names(outlets)
    sizes = _doc_counts(n_docs, names)
    n_wire_stories = check_whole_number("n_wire_stories", n_wire_stories, minimum=0,
                                  hint="e.g. n_wire_stories=10, or 0 for no wire copies")
    if sum(sizes) + n_wire_stories == 0:
        raise ParameterError("n_docs and n_wire_stories give no document at all", field="n_docs",
                             hint="give at least one document, e.g. n_docs=40")
    for name, value in (("quoted_share", quoted_share), ("scare_quote_share", scare_quote_share),
                        ("undated_share", undated_share)):
        _check_fraction(name, value)
    if not _is_number(sentences_per_doc) or sentences_per_doc < 1:
        raise ParameterError(f"sentences_per_doc must be a number >= 1, got {sentences_per_doc!r}",
                             field="sentences_per_doc", hint="e.g. sentences_per_doc=20")
    if not _is_number(words_per_sentence) or words_per_sentence < MIN_SENTENCE_WORDS:
        raise ParameterError(
            f"words_per_sentence must be a number >= {MIN_SENTENCE_WORDS}, got {words_per_sentence!r}",
            field="words_per_sentence", hint="e.g. words_per_sentence=18")
    cap = f"a rate per 1,000 words from 0 to {_PER_THOUSAND:g}, e.g. 10"
    _check_number("rate_per_1000", rate_per_1000, maximum=_PER_THOUSAND, hint=cap)
    if quoted_rate_per_1000 is not None:
        _check_number("quoted_rate_per_1000", quoted_rate_per_1000, maximum=_PER_THOUSAND,
                      hint=cap + ", or None for rate_per_1000")
    if heterogeneity is not None:
        _check_number("heterogeneity", heterogeneity, above=True,
                      hint="e.g. heterogeneity=2.0 (a Gamma shape; smaller values make documents "
                           "differ more), or None for no per-document factor")
    _check_fraction("stance_doc_spread", stance_doc_spread, upper_open=True)
    if n_wire_stories and not 1 <= copies_per_story < len(names):
        raise ParameterError("copies_per_story must be between 1 and the number of outlets - 1",
                             field="copies_per_story", hint="add outlets or lower the copies")
    check_whole_number("days", days, minimum=1, hint="e.g. days=365")
    t0 = _start_day(start)
    categories = _name_lists("categories", DEFAULT_CATEGORIES if categories is None else categories,
                             "entries", minimum=1)
    targets = _name_lists("targets", DEFAULT_TARGETS if targets is None else targets, "aliases")
    q_rate = rate_per_1000 if quoted_rate_per_1000 is None else quoted_rate_per_1000
    _check_outlet_maps(names, targets, categories, rate_per_1000, rate_ratio, stance_mean,
                       stance_doc_spread, mention_rate)
    specs = _outlets(names, rate_per_1000, q_rate, rate_ratio, categories, stance_mean,
                     mention_rate, targets)
    rng = np.random.default_rng(seed)
    own = np.repeat(np.arange(len(names)), sizes)
    wire_src = rng.integers(len(names), size=n_wire_stories)
    stories = _generate(
        rng, np.concatenate([own, wire_src]).astype(int), specs, categories=categories,
        targets=targets, sentences_per_doc=sentences_per_doc,
        words_per_sentence=words_per_sentence, quoted_share=quoted_share,
        heterogeneity=heterogeneity, stance_doc_spread=stance_doc_spread,
        scare_quote_share=scare_quote_share)
    n_stories = len(own) + n_wire_stories
    dates = [pd.Timestamp(t0 + int(o)) for o in rng.integers(max(days, 1), size=n_stories)]
    undated = rng.random(n_stories) < undated_share
    dates = [pd.NaT if u else d for d, u in zip(dates, undated, strict=True)]
    # publications: (story, outlet, date, cut, credit); wire: (is_copy, source pub, cluster)
    pubs = [(i, names[own[i]], dates[i], stories["n_sent"][i], None) for i in range(len(own))]
    wire = [(False, -1, -1)] * len(own)
    for w, src in enumerate(wire_src):
        story = len(own) + w
        first = len(pubs)
        n_s = int(stories["n_sent"][story])
        pubs.append((story, names[src], dates[story], n_s, None))
        wire.append((False, -1, w))
        others = [i for i in range(len(names)) if i != src]
        for i in rng.choice(others, copies_per_story, replace=False):
            cut = n_s
            if cut > PARAGRAPH_SENTENCES and rng.random() < 0.5:
                cut = (cut - 1) // PARAGRAPH_SENTENCES * PARAGRAPH_SENTENCES
            date = dates[story]
            if not pd.isna(date):
                date = date + pd.Timedelta(days=int(rng.integers(2)))
            pubs.append((story, names[i], date, cut, _CREDIT.format(outlet=names[i])))
            wire.append((True, first, w))
    documents, sentences, hits, stance = _publish(stories, pubs)
    truth = SimulationTruth(
        rates=_truth_rates(specs, quoted_share),
        stance=pd.DataFrame(
            [(s.name, t, s.stance[t], s.mentions[t]) for s in specs for t in targets],
            columns=["outlet", "target", "mean_score", "coverage"]),
        duplicates=_truth_duplicates(wire, documents),
        params=params,
    )
    return SimulatedCorpus(documents, sentences, hits, stance, truth)


def _outlet_names(outlets: object) -> list[str]:
    """Outlet names from ``outlets`` (a count or a list of names)."""
    hint = "e.g. outlets=3 or outlets=['a', 'b']"
    if isinstance(outlets, str):
        raise ParameterError(f"outlets is the string {outlets!r}, which would be read as one "
                             "outlet per character", field="outlets",
                             hint=f"pass a list of names, e.g. outlets=[{outlets!r}], or a count")
    if isinstance(outlets, (int, np.integer)) and not isinstance(outlets, bool):
        names = [f"outlet_{i:02d}" for i in range(int(outlets))]
    elif isinstance(outlets, (Sequence, np.ndarray, pd.Index, pd.Series)):
        names = list(outlets)
    else:
        raise ParameterError(f"outlets must be a count or a list of names, got {outlets!r}",
                             field="outlets", hint=hint)
    if not names or len(set(names)) != len(names):
        raise ParameterError("outlets must name at least one outlet, without repeats",
                             field="outlets", hint=hint)
    bad = [n for n in names if not isinstance(n, str) or not n.strip()]
    if bad:
        raise ParameterError(f"outlet names must be non-empty strings, got {bad[0]!r}",
                             field="outlets", hint=hint)
    return names


def _doc_counts(n_docs: object, names: list[str]) -> list[int]:
    """Own documents per outlet from ``n_docs`` (one count, a list, or outlet -> count)."""
    hint = "e.g. n_docs=40, a list with one count per outlet, or {outlet: count}"
    if isinstance(n_docs, Mapping):
        _check_keys("n_docs", n_docs, names, "outlet")
        given = [n_docs.get(o, 0) for o in names]
    elif isinstance(n_docs, (int, np.integer)) and not isinstance(n_docs, bool):
        given = [n_docs] * len(names)
    elif isinstance(n_docs, (Sequence, np.ndarray)) and not isinstance(n_docs, str):
        given = list(n_docs)
        if len(given) != len(names):
            raise ParameterError(f"n_docs gives {len(given)} counts for {len(names)} outlets",
                                 field="n_docs", hint=hint)
    else:
        raise ParameterError(f"n_docs must be a count, a list or a mapping, got {n_docs!r}",
                             field="n_docs", hint=hint)
    return [check_whole_number("n_docs", n, minimum=0, hint=hint) for n in given]


def _start_day(start: object) -> np.datetime64:
    """The first day of the date range, or :class:`ParameterError` naming ``start``."""
    try:
        day = pd.Timestamp(start)
    except (TypeError, ValueError) as exc:  # pandas' DateParseError is a ValueError
        raise ParameterError(f"start {start!r} is not a date ({exc})", field="start",
                             hint="an ISO date, e.g. start='2024-01-01'") from None
    if pd.isna(day):
        raise ParameterError(f"start {start!r} is not a date", field="start",
                             hint="an ISO date, e.g. start='2024-01-01'")
    return np.datetime64(day.to_datetime64(), "D")


def _name_lists(field: str, value: object, what: str, minimum: int = 0) -> dict[str, tuple[str, ...]]:
    """``categories`` / ``targets`` as name -> tuple of non-empty strings (at least one each)."""
    if not isinstance(value, Mapping) or len(value) < minimum:
        raise ParameterError(f"{field} must map at least {minimum} name(s) to their {what}, "
                             f"got {value!r}", field=field,
                             hint=f"e.g. {field}={{'name': ('word', 'other')}}, or None for the defaults")
    out = {}
    for name, items in value.items():
        listed = isinstance(items, (Sequence, np.ndarray)) and not isinstance(items, str)
        items = tuple(items) if listed else items
        if not listed or not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise ParameterError(f"{field}[{name!r}] must be a list of one or more non-empty "
                                 f"{what}, got {items!r}", field=field,
                                 hint=f"e.g. {field}={{{str(name)!r}: ('word', 'other')}}")
        out[name] = items
    return out


def _truth_rates(specs: list[_Outlet], quoted_share: float) -> pd.DataFrame:
    rows = []
    for s in specs:
        for c in [None, *s.author_rates]:
            a = sum(s.author_rates.values()) if c is None else s.author_rates[c]
            q = sum(s.quoted_rates.values()) if c is None else s.quoted_rates[c]
            for voice, r in (("all", (1 - quoted_share) * a + quoted_share * q),
                             ("author", a), ("quoted", q)):
                rows.append((s.name, c or "all", voice, 1000.0 * r))
    return pd.DataFrame(rows, columns=["outlet", "category", "voice", "rate_per_1000"])


def _truth_duplicates(wire: list[tuple], documents: pd.DataFrame) -> pd.DataFrame:
    columns = ["doc_id", "outlet", "cluster_id", "similarity", "is_first", "n_outlets",
               "is_copy", "source_doc_id"]
    rows = [i for i, w in enumerate(wire) if w[2] >= 0]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    ids = documents["doc_id"].to_numpy()
    frame = pd.DataFrame({
        "doc_id": ids[rows],
        "outlet": documents["outlet"].to_numpy()[rows],
        "cluster_id": [wire[i][2] for i in rows],
        "date": documents["date"].to_numpy()[rows],
        "is_copy": [wire[i][0] for i in rows],
        "source_doc_id": [ids[wire[i][1]] if wire[i][0] else None for i in rows],
    })
    frame = frame.sort_values(["cluster_id", "date", "doc_id"], na_position="last")
    frame["is_first"] = ~frame["cluster_id"].duplicated()
    text = dict(zip(documents["doc_id"], documents["text"], strict=True))
    first_id = frame.groupby("cluster_id")["doc_id"].transform("first")
    sims = []
    for doc, first in zip(frame["doc_id"], first_id, strict=True):
        a, b = _shingles(text[doc]), _shingles(text[first])
        sims.append(len(a & b) / len(a | b))
    frame["similarity"] = sims
    frame["n_outlets"] = frame.groupby("cluster_id")["outlet"].transform("nunique")
    return frame[columns].reset_index(drop=True)
