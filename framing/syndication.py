"""Syndication control: find near-duplicate documents (wire copy) across outlets.

Wire copy republished by several outlets must not count as each outlet's own
framing.  :func:`find_duplicates` finds clusters of near-duplicate documents;
:func:`exclusion_set` and :func:`doc_weights` turn them into what the statistics
accept (documents to drop, or per-document weights).

Method
------
1. Each document's ``text`` is lower-cased and split into words (runs of
   letters, digits and underscores; punctuation, apostrophes and hyphens
   separate words), so punctuation, quote-mark and spacing changes do not
   matter.  Every run of :data:`SHINGLE_SIZE` consecutive words (a shingle) is
   hashed to a 64-bit integer, vectorised in numpy over chunks of documents.
2. MinHash signatures of :data:`NUM_PERM` entries by one-permutation hashing
   with rotation densification (Li, Owen and Zhang 2012; Shrivastava and Li
   2014): one hash per shingle instead of one per shingle and permutation.
3. Locality-sensitive hashing by banding (Leskovec, Rajaraman and Ullman,
   *Mining of Massive Datasets*, ch. 3): the signature is cut into bands
   (chosen from the threshold, see :data:`CANDIDATE_RECALL`); documents that
   agree on a whole band become candidate pairs.  Only candidates are
   compared, never all pairs.
4. Every candidate pair is verified with the *exact* Jaccard similarity of its
   shingle sets (recomputed for candidate documents only, so memory stays
   bounded); pairs at or above ``threshold`` are joined with union-find into
   clusters.

Boilerplate and quotations
--------------------------
Text that an outlet repeats in many of its own articles (a republishing or
donation footer, a newsletter plug, a standing background paragraph) is not
evidence that two articles are copies, yet a long footer under short articles
makes distinct articles share most of their shingles.  So, before signatures:

* **Outlet boilerplate.**  A shingle present in at least
  :data:`BOILERPLATE_MIN_DOCS` (5) documents of one outlet is boilerplate and is
  left out of every document's shingle set (of every outlet: another outlet
  republishing the article with its footer loses the footer too).  Genuine
  syndication is unaffected: a wire story appears once in each outlet that runs
  it, so its shingles recur across outlets, not within one.  A document of which
  at least :data:`BOILERPLATE_FALLBACK_SHARE` (90%) of the distinct shingles are
  boilerplate is compared on all its shingles instead: it has (almost) no text of
  its own, which is what an outlet's reposts of one story run five times or more
  look like (the story's shingles then recur in five documents of the outlet),
  and those must still be found.
* **Copies of another outlet's repeated text.**  When an outlet runs one story
  five times or more with a new top each time (updates), the story itself is that
  outlet's "boilerplate" by count, so its versions are compared on their new tops
  only.  Another outlet that runs the story verbatim is then a document made (90%
  or more) of *another* outlet's boilerplate: the repeated text is the story they
  share, not a footer.  Such a copy is compared on whole texts (boilerplate kept)
  with the documents of other outlets, candidates coming from whole-text
  signatures of the copies and of the documents that lost shingles to the rule;
  its cluster then holds the copy and the versions it matches, each version's
  ``similarity`` to the first being that of whole texts.  An outlet's own
  briefs under its footer are never such copies (the footer is its own
  outlet's), so they stay apart.  The extra work is done only when a copy exists
  (none among the AllSides articles).

  ``boilerplate_min_docs=None`` turns the rule off.  The rule costs one more
  pass over the shingles (about 0.1 s on the 1,300 AllSides articles).
* **Quotations** (optional).  With ``quotes=`` (the ``quotes`` frame of
  :func:`framing.score_corpus`) the text of speech quotations is left out before
  shingling, so two outlets' own articles around the same long quoted statement
  are not copies of each other.  It is optional because finding quotations costs
  about 7 times the whole duplicate search (3.4 s vs 0.5 s on AllSides) when the
  quotes frame is not already at hand.  Without it, two articles that are mostly
  one shared quotation (at least about two thirds of each) are clustered.

Limitations: similarity is Jaccard, so a copy cut to less than about half of
the original (an outlet running only the first paragraphs of a wire story) is
not found; documents with no word (or only quoted words, with ``quotes=``) are
never duplicates.  A document that is at least 90% outlet boilerplate (a
five-word brief under an 85-word footer) is compared whole, so such briefs still
cluster.  Reposts by one outlet of one story five times or more, each with more
than 10% text of its own (substantial updates), are compared on their own text
only and are not found, unless another outlet ran the story verbatim (see above).
A document that is 90% or more another outlet's footer (a five-word brief
republished with that outlet's footer) is compared whole with that outlet's
documents and may cluster with its short briefs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from framing.docset import document_dates, int_values, require_columns
from framing.errors import InputError, ParameterError, check_whole_number

__all__ = [
    "DEFAULT_THRESHOLD",
    "SHINGLE_SIZE",
    "NUM_PERM",
    "CANDIDATE_RECALL",
    "BOILERPLATE_MIN_DOCS",
    "BOILERPLATE_FALLBACK_SHARE",
    "DUPLICATE_COLUMNS",
    "find_duplicates",
    "exclusion_set",
    "doc_weights",
]

logger = logging.getLogger(__name__)

#: Words per shingle.  Word 5-grams are long enough that two independent
#: articles about the same event share few of them (set phrases and short
#: quotations aside) and short enough that one changed word destroys only 5.
SHINGLE_SIZE = 5

#: Jaccard similarity of word 5-shingle sets at or above which two documents are
#: near-duplicates.  Reasoning: a copy with a changed headline (the headline is
#: not in ``text``), a sentence of s words added to an n-word story, or a few
#: words edited keeps most shingles (n = 600, s = 25 gives 596 / 625 = 0.95;
#: ten scattered one-word edits about 0.85).  On the 1,300 AllSides test
#: articles (845,000 pairs, computed exhaustively) 99.99% of pairs are below
#: 0.042; the highest pairs below the threshold (0.22-0.30) are same-event
#: stories from different outlets that reuse some wire passages (containment
#: about 0.5), and the two pairs above it are an AP story republished by CBN
#: (0.94) and two BBC versions of one story (0.51).  0.5 keeps clear copies and
#: leaves partial reuse to the reader.
DEFAULT_THRESHOLD = 0.5

#: MinHash signature length (bins of one-permutation hashing; a power of two).
NUM_PERM = 64

#: Wanted probability that a pair exactly at ``threshold`` becomes an LSH
#: candidate.  The banding (rows per band r, bands b = NUM_PERM // r) is the one
#: with the most rows (fewest false candidates) whose candidate probability
#: 1 - (1 - t**r) ** b at the threshold t reaches this; pairs above the
#: threshold are found more often still.  For t = 0.5 that is r = 3, b = 21:
#: P(candidate) is 0.94 at Jaccard 0.5, 0.994 at 0.6, 0.99998 at 0.8, and 0.44 at
#: 0.3, 0.02 at 0.1 (candidates are verified exactly, so a false candidate costs
#: time, not accuracy).
CANDIDATE_RECALL = 0.9

#: A shingle in at least this many documents of one outlet is that outlet's
#: boilerplate (footer, newsletter plug, standing background paragraph) and is
#: left out before comparing (see the module docstring).  An outlet's footer is in
#: nearly all its articles, so any outlet with five or more articles is covered;
#: an outlet rerunning one story up to four times (updates) keeps those versions
#: comparable on their whole text.  Wire copy appears once per outlet and is never
#: affected.  (Five briefs under one 85-word footer reached Jaccard 0.55-0.57
#: without the rule, 0.0 with it.)
BOILERPLATE_MIN_DOCS = 5

#: A document of which at least this share of distinct shingles is boilerplate is
#: compared on all its shingles: it has almost no text of its own, i.e. it is one
#: of an outlet's many reposts of one story (each lightly edited version keeps a
#: few percent of shingles of its own) or a page of boilerplate only.  A 27-word
#: brief under an 85-word footer is 79% boilerplate and is compared on its own
#: text; 0.9 leaves room for a dozen one-word edits in a 600-word repost.
BOILERPLATE_FALLBACK_SHARE = 0.9

#: Buckets (documents agreeing on a whole band) larger than this are linked as a
#: chain and a star around their first member instead of all pairs, so a
#: thousand copies of one boilerplate text cannot make the work quadratic.
MAX_BUCKET_PAIRS = 50

#: Characters of text processed per numpy chunk (bounds memory: about 60 bytes
#: per character at one time, so 2 million characters use about 120 MB).
_CHUNK_CHARS = 2_000_000

#: Seed of the hash permutations (fixed so results are reproducible).
_SEED = 20240404

#: Columns of the ``duplicates`` frame (see ``docs`` and the statistics contract).
DUPLICATE_COLUMNS = ["doc_id", "outlet", "cluster_id", "similarity", "is_first", "n_outlets"]

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_P = 0x100000001B3  # odd multiplier of the polynomial word hash (FNV-64 prime)
_P_INV = pow(_P, -1, 2**64)
_BIN_BITS = 6  # 2**6 = 64 = NUM_PERM bins of one-permutation hashing
_VALUE_BITS = 64 - _BIN_BITS
_VALUE_MASK = np.uint64((1 << _VALUE_BITS) - 1)
_EMPTY = np.iinfo(np.uint64).max


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (a bijection of uint64 with good avalanche)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


@lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """Word-character flags (``\\w``: letters, digits, underscore) and lower-case
    code points for the Basic Multilingual Plane."""
    chars = [chr(c) for c in range(0x10000)]
    is_word = np.fromiter((c.isalnum() or c == "_" for c in chars), dtype=bool, count=0x10000)
    lower = np.fromiter((ord(c.lower()[0]) for c in chars), dtype=np.uint64, count=0x10000)
    return is_word, lower


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``P**j`` and ``P**-j`` (mod 2**64) for j < n."""
    pw = np.full(n, _P, dtype=np.uint64)
    pw[0] = 1
    inv = np.full(n, _P_INV, dtype=np.uint64)
    inv[0] = 1
    return np.multiply.accumulate(pw), np.multiply.accumulate(inv)


def _shingle_hashes(texts: Sequence[str], k: int = SHINGLE_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the word k-shingles of ``texts`` (with repeats) and their text index.

    Vectorised: the texts are joined, words found with a code-point table
    (\\w+ semantics: punctuation, apostrophes and hyphens separate words) and hashed
    with a polynomial rolling hash; a text with fewer than k words has one shingle
    made of all its words.
    """
    is_word_t, lower_t = _char_tables()
    joined = "\n".join(texts)  # "\n" is not a word character: no word spans two texts
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    text_starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    bmp = cp < 0x10000
    idx = np.where(bmp, cp, 0)
    is_word = is_word_t[idx] & bmp
    edges = np.diff(is_word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if len(starts) == 0:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    pw, inv = _powers(len(cp) + 1)
    prefix = np.concatenate([[np.uint64(0)], np.cumsum(lower_t[idx] * pw[: len(cp)])])
    words = _mix((prefix[ends] - prefix[starts]) * inv[starts] + _GOLDEN)
    word_text = np.searchsorted(text_starts, starts, side="right") - 1
    n = len(words)
    counts = np.bincount(word_text, minlength=len(texts))
    out_h, out_t = [], []
    if n >= k:
        h = np.zeros(n - k + 1, dtype=np.uint64)
        for i in range(k):  # order-sensitive combination, mixed after each word
            h = _mix(h ^ words[i : n - k + 1 + i])
        ok = word_text[k - 1 :] == word_text[: n - k + 1]
        out_h.append(h[ok])
        out_t.append(word_text[: n - k + 1][ok])
    short = np.flatnonzero((counts > 0) & (counts < k))
    if len(short):
        first_word = np.concatenate([[0], np.cumsum(counts)[:-1]])
        hs = np.empty(len(short), dtype=np.uint64)
        for m, t in enumerate(short):
            acc = np.zeros(1, dtype=np.uint64)
            for w in words[first_word[t] : first_word[t] + counts[t]]:
                acc = _mix(acc ^ w)
            hs[m] = acc[0]
        out_h.append(hs)
        out_t.append(short.astype(np.int64))
    return np.concatenate(out_h), np.concatenate(out_t).astype(np.int64)


def _chunks(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, stop) runs of texts of at most _CHUNK_CHARS characters (one text at least)."""
    start = 0
    while start < len(texts):
        stop, total = start, 0
        while stop < len(texts) and (stop == start or total + len(texts[stop]) <= _CHUNK_CHARS):
            total += len(texts[stop]) + 1
            stop += 1
        yield start, stop
        start = stop


def _is_in(sh: np.ndarray, hashes: np.ndarray | None) -> np.ndarray:
    """True where ``sh`` is in the sorted array ``hashes``."""
    if hashes is None or not len(hashes):
        return np.zeros(len(sh), dtype=bool)
    pos = np.minimum(np.searchsorted(hashes, sh), len(hashes) - 1)
    return hashes[pos] == sh


class _Boilerplate:
    """Outlet boilerplate: the shingles in at least ``min_docs`` documents of one
    outlet, with the outlets they belong to.

    ``hashes`` (sorted) are the boilerplate shingles of any outlet and ``n_owners``
    how many outlets each belongs to; ``keys`` (sorted) hold one key per
    (shingle, owning outlet), so a text's shingle can be told apart as its own
    outlet's boilerplate or another outlet's (see :meth:`classify`).
    """

    def __init__(self, hashes: np.ndarray, owners: np.ndarray) -> None:
        self.hashes, self.n_owners = np.unique(hashes, return_counts=True)
        self.keys = np.unique(_owner_key(hashes, owners))

    def __len__(self) -> int:
        return len(self.hashes)

    def classify(self, sh: np.ndarray, outlet: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For shingles ``sh`` of texts of outlet codes ``outlet`` (one per shingle):
        whether each is some outlet's boilerplate, and whether it is boilerplate of
        an outlet other than the text's own."""
        if not len(self.hashes):
            none = np.zeros(len(sh), dtype=bool)
            return none, none
        pos = np.minimum(np.searchsorted(self.hashes, sh), len(self.hashes) - 1)
        is_b = self.hashes[pos] == sh
        foreign = is_b.copy()
        b = np.flatnonzero(is_b)  # only boilerplate shingles need their owners looked up
        foreign[b] = self.n_owners[pos[b]] > _is_in(_owner_key(sh[b], outlet[b]), self.keys)
        return is_b, foreign


def _owner_key(sh: np.ndarray, outlet: np.ndarray) -> np.ndarray:
    """One 64-bit key per (shingle hash, outlet code)."""
    return _mix(sh ^ _mix(outlet.astype(np.uint64) * _M1 + _GOLDEN))


def _boilerplate(texts: Sequence[str], outlets: np.ndarray, min_docs: int) -> _Boilerplate:
    """The shingles in at least ``min_docs`` texts of one outlet, with their outlets.

    ``outlets`` holds an integer outlet code per text.  Counting is done outlet by
    outlet (only outlets with ``min_docs`` texts or more), so memory is bounded by
    the shingles of the largest outlet, not of the corpus.
    """
    found: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    n_docs = np.bincount(outlets) if len(texts) else np.empty(0, dtype=np.int64)
    for code in np.flatnonzero(n_docs >= min_docs):
        sub = [texts[i] for i in np.flatnonzero(outlets == code)]
        parts = []
        for start, stop in _chunks(sub):
            sh, t = _shingle_hashes(sub[start:stop])
            key = _mix(sh ^ _mix(t.astype(np.uint64) + _GOLDEN))  # one per (shingle, text)
            order = np.argsort(key)
            skey = key[order]
            first = np.ones(len(skey), dtype=bool)
            first[1:] = skey[1:] != skey[:-1]
            parts.append(sh[order[first]])
        if parts:
            hashes, counts = np.unique(np.concatenate(parts), return_counts=True)
            found.append(hashes[counts >= min_docs])
            owners.append(np.full(len(found[-1]), code, dtype=np.int64))
    if not found:
        return _Boilerplate(np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64))
    return _Boilerplate(np.concatenate(found), np.concatenate(owners))


def _dropped(sh: np.ndarray, t: np.ndarray, outlet: np.ndarray, n: int,
             boilerplate: _Boilerplate | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which of the shingles ``sh`` (of texts ``t`` < n, of outlet codes ``outlet``
    per text) to leave out; which texts are filtered (below
    :data:`BOILERPLATE_FALLBACK_SHARE` boilerplate, counted with repeats; the other
    texts keep every shingle); and which texts are copies of another outlet's
    repeated text (at least that share is boilerplate of outlets other than their own)."""
    if boilerplate is None or not len(boilerplate):
        return np.zeros(len(sh), dtype=bool), np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    is_b, foreign = boilerplate.classify(sh, outlet[t])
    total = np.bincount(t, minlength=n)

    def share(mask: np.ndarray) -> np.ndarray:
        return np.divide(np.bincount(t[mask], minlength=n), total, out=np.zeros(n), where=total > 0)

    filtered = share(is_b) < BOILERPLATE_FALLBACK_SHARE
    copies = share(foreign) >= BOILERPLATE_FALLBACK_SHARE
    return is_b & filtered[t], filtered, copies


def _signatures(texts: Sequence[str], outlets: np.ndarray,
                boilerplate: _Boilerplate | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One-permutation MinHash signatures with rotation densification.

    Each shingle is hashed once; the top :data:`_BIN_BITS` bits pick one of
    :data:`NUM_PERM` bins and the minimum of the remaining bits in each bin is the
    signature entry (Li, Owen and Zhang 2012).  Empty bins borrow the value of the
    next non-empty bin to the right, offset by the distance (Shrivastava and Li
    2014), so two documents agree on a bin with probability close to their
    Jaccard similarity.  Texts without words keep all-empty rows.  The
    ``boilerplate`` shingles are left out (see :func:`_dropped`).

    Returns the signatures; which texts the boilerplate is left out of
    (``filtered``); which texts lost shingles that way; and which texts are copies
    of another outlet's repeated text.
    """
    n = len(texts)
    filtered = np.ones(n, dtype=bool)
    copies = np.zeros(n, dtype=bool)
    lost = np.zeros(n, dtype=bool)
    sig = np.full(n * NUM_PERM, _EMPTY, dtype=np.uint64)
    seed = np.uint64(_SEED)
    for start, stop in _chunks(texts):
        sh, t = _shingle_hashes(texts[start:stop])
        drop, filtered[start:stop], copies[start:stop] = _dropped(
            sh, t, outlets[start:stop], stop - start, boilerplate)
        lost[start:stop] = np.bincount(t[drop], minlength=stop - start) > 0
        sh, t = sh[~drop], t[~drop]
        v = _mix(sh ^ seed)
        bins = (v >> np.uint64(_VALUE_BITS)).astype(np.int64)
        np.minimum.at(sig, (t + start) * NUM_PERM + bins, v & _VALUE_MASK)
    return _densify(sig.reshape(n, NUM_PERM)), filtered, lost, copies


def _densify(sig: np.ndarray) -> np.ndarray:
    """Rotation densification of the empty bins of partly empty rows (in place)."""
    empty = sig == _EMPTY
    partial = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(partial):
        sub = sig[partial]
        full = np.concatenate([~empty[partial], ~empty[partial]], axis=1)
        cols = np.where(full, np.arange(2 * NUM_PERM), 2 * NUM_PERM)
        nxt = np.minimum.accumulate(cols[:, ::-1], axis=1)[:, ::-1][:, :NUM_PERM]
        dist = (nxt - np.arange(NUM_PERM)).astype(np.uint64)
        borrowed = np.take_along_axis(sub, nxt % NUM_PERM, axis=1) + (dist << np.uint64(_VALUE_BITS))
        sig[partial] = np.where(empty[partial], borrowed, sub)
    return sig


def banding(threshold: float) -> tuple[int, int]:
    """Rows per band and number of bands for ``threshold`` (see :data:`CANDIDATE_RECALL`)."""
    for r in range(NUM_PERM, 0, -1):
        b = NUM_PERM // r
        if 1.0 - (1.0 - threshold**r) ** b >= CANDIDATE_RECALL:
            return r, b
    return 1, NUM_PERM


def _band_buckets(sig: np.ndarray, rows: np.ndarray, threshold: float) -> Iterator[np.ndarray]:
    """For each LSH band, the groups (two or more, ``rows`` order kept) of ``rows``
    whose signatures agree on every position of the band."""
    r, n_bands = banding(threshold)
    if len(rows) < 2:
        return
    for b in range(n_bands):
        key = np.zeros(len(rows), dtype=np.uint64)
        for c in range(r):
            key = _mix(key ^ sig[rows, b * r + c])
        order = np.argsort(key, kind="stable")
        boundaries = np.flatnonzero(np.diff(key[order])) + 1
        for members in np.split(rows[order], boundaries):
            if len(members) > 1:
                yield members


def _unique_pairs(pairs: list[np.ndarray]) -> np.ndarray:
    """The distinct pairs (i < j) among ``pairs`` (arrays of shape (n, 2))."""
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.sort(np.concatenate(pairs), axis=1), axis=0)


def _candidate_pairs(sig: np.ndarray, valid: np.ndarray, threshold: float) -> np.ndarray:
    """Pairs (i < j) of rows that agree on every row of at least one band."""
    pairs: list[np.ndarray] = []
    for members in _band_buckets(sig, np.flatnonzero(valid), threshold):
        n = len(members)
        if n <= MAX_BUCKET_PAIRS:
            i, j = np.triu_indices(n, k=1)
            pairs.append(np.stack([members[i], members[j]], axis=1))
        else:  # chain plus star: keeps the bucket connected in linear work
            pairs.append(np.stack([members[:-1], members[1:]], axis=1))
            pairs.append(np.stack(np.broadcast_arrays(members[0], members[2:]), axis=1))
    return _unique_pairs(pairs)


def _copy_pairs(full: np.ndarray, valid: np.ndarray, copies: np.ndarray, outlets: np.ndarray,
                threshold: float) -> np.ndarray:
    """Candidate pairs (i < j) of a copy of another outlet's repeated text (``copies``)
    and a document of another outlet, from the whole-text signatures ``full``.

    Banded as :func:`_candidate_pairs`; in a bucket, every copy is paired with every
    member of another outlet, or (more than :data:`MAX_BUCKET_PAIRS` squared over 2
    such pairs) with one of them, the first copy with all of them.
    """
    pairs: list[np.ndarray] = []
    for members in _band_buckets(full, np.flatnonzero(valid), threshold):
        cp = members[copies[members]]
        for k, i in enumerate(cp):
            others = members[outlets[members] != outlets[i]]
            if len(cp) * len(others) > MAX_BUCKET_PAIRS**2 // 2 and k > 0:
                others = others[:1]
            pairs.append(np.stack(np.broadcast_arrays(i, others), axis=1).reshape(-1, 2))
    return _unique_pairs(pairs)


def _shingle_sets(texts: Sequence[str], boilerplate: _Boilerplate | None = None,
                  filtered: np.ndarray | None = None) -> list[np.ndarray]:
    """Sorted unique shingle hashes of each text (for exact Jaccard), without the
    ``boilerplate`` shingles in the texts marked ``filtered``."""
    out: list[np.ndarray] = []
    for start, stop in _chunks(texts):
        sh, t = _shingle_hashes(texts[start:stop])
        if filtered is not None and boilerplate is not None:
            keep = ~(_is_in(sh, boilerplate.hashes) & filtered[start:stop][t])
            sh, t = sh[keep], t[keep]
        order = np.lexsort((sh, t))
        sh, t = sh[order], t[order]
        bounds = np.searchsorted(t, np.arange(stop - start + 1))
        out.extend(np.unique(sh[bounds[m] : bounds[m + 1]]) for m in range(stop - start))
    return out


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:  # path compression
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def find_duplicates(
    documents: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    column: str = "text",
    boilerplate_min_docs: int | None = BOILERPLATE_MIN_DOCS,
    quotes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Find clusters of near-duplicate documents (syndicated wire copy, reposts).

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` frame; uses ``doc_id``, ``outlet``, ``date`` (optional;
        missing or NaT dates sort last) and ``column``.
    threshold : float, default :data:`DEFAULT_THRESHOLD` (0.5)
        Minimum Jaccard similarity of word 5-shingle sets for two documents to be
        near-duplicates.  Clusters are the connected components of such pairs
        (union-find), so a member can be less similar than ``threshold`` to the
        cluster's first document through a chain of edits.  Boilerplate shingles
        (and, with ``quotes``, quoted text) are not counted.
    column : str, default "text"
        The text column to compare.
    boilerplate_min_docs : int or None, default :data:`BOILERPLATE_MIN_DOCS` (5)
        A shingle in at least this many documents of one outlet is boilerplate
        (footers and the like) and is left out of the comparison, except in
        documents that are at least :data:`BOILERPLATE_FALLBACK_SHARE` boilerplate,
        and a document that is that much *another* outlet's boilerplate (a story
        that outlet ran five times or more) is compared whole with other outlets'
        documents (see the module docstring).  ``None`` keeps every shingle.
    quotes : DataFrame, optional
        The ``quotes`` frame (``doc_id``, ``start``, ``end``, ``kind``; e.g.
        ``framing.score_corpus(...).quotes``).  When given, the text of speech
        quotations (``kind == "speech"``) is left out before comparing, so two
        articles quoting the same long statement are not copies for that reason.

    Returns
    -------
    DataFrame
        The ``duplicates`` frame: one row per document in a cluster of two or more,
        columns ``doc_id, outlet, cluster_id, similarity, is_first, n_outlets``.
        ``cluster_id`` numbers clusters from 0 in order of their first document;
        ``is_first`` marks the cluster's earliest document (earliest ``date``, then
        smallest ``doc_id``); ``similarity`` is the exact Jaccard similarity (of the
        shingles compared) to that first document (1.0 for the first itself); ``n_outlets`` counts distinct
        outlets in the cluster (1 for an outlet's own reposts).  Rows are sorted by
        ``cluster_id``, then first document first, then ``doc_id``.

    Raises
    ------
    InputError
        If a required column is missing, ``doc_id`` has repeated values, or a
        ``quotes`` row has a missing or non-integer ``start`` / ``end``.
    ParameterError
        If ``threshold`` is not in (0, 1] or ``boilerplate_min_docs`` is not an
        integer >= 2 or None.

    Examples
    --------
    >>> dups = find_duplicates(documents)                      # doctest: +SKIP
    >>> keep = documents[~documents.doc_id.isin(exclusion_set(dups))]  # doctest: +SKIP
    """
    if not (isinstance(threshold, (int, float)) and 0.0 < float(threshold) <= 1.0):
        raise ParameterError(
            f"threshold must be a number in (0, 1], got {threshold!r}",
            field="threshold",
            hint="use e.g. 0.5 (Jaccard similarity of word 5-shingles)",
        )
    check_whole_number("boilerplate_min_docs", boilerplate_min_docs, minimum=2, allow_none=True,
                       hint=f"use the default {BOILERPLATE_MIN_DOCS}, or None to keep every shingle")
    for col in ("doc_id", "outlet", column):
        if col not in documents.columns:
            raise InputError(
                f"documents frame has no {col!r} column",
                field=col,
                hint="pass the documents frame from framing.load_corpus()",
            )
    if documents["doc_id"].duplicated().any():
        dup = documents.loc[documents["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise InputError(
            f"doc_id {dup!r} appears more than once",
            field="doc_id",
            hint="documents must have one row per doc_id",
        )
    n = len(documents)
    texts = documents[column].fillna("").astype(str).tolist()
    if quotes is not None:
        texts = _mask_quotes(texts, documents["doc_id"].astype(str).tolist(), quotes)
    codes = pd.factorize(documents["outlet"].astype(str))[0].astype(np.int64)
    boilerplate = None
    if boilerplate_min_docs is not None:
        boilerplate = _boilerplate(texts, codes, int(boilerplate_min_docs))
        logger.info("syndication: %d boilerplate shingles", len(boilerplate))
    sig, filtered, lost, copies = _signatures(texts, codes, boilerplate)
    valid = ~(sig == _EMPTY).all(axis=1)
    cand = _candidate_pairs(sig, valid, float(threshold))
    whole = np.empty((0, 2), dtype=np.int64)
    if copies.any():  # whole-text signatures of the copies and the texts that lost shingles
        rows = np.flatnonzero(copies | lost)
        sub = _signatures([texts[i] for i in rows], codes[rows])[0]
        found = _copy_pairs(sub, ~(sub == _EMPTY).all(axis=1), copies[rows], codes[rows],
                            float(threshold))
        whole = np.sort(rows[found], axis=1) if len(found) else whole
        cand = np.unique(np.concatenate([cand, whole]), axis=0)
    logger.info("syndication: %d documents, %d candidate pairs (%d copies of another outlet's "
                "repeated text)", n, len(cand), int(copies.sum()))

    involved = np.unique(cand) if len(cand) else np.empty(0, dtype=np.int64)
    sets = dict(zip(involved.tolist(),
                    _shingle_sets([texts[i] for i in involved], boilerplate, filtered[involved]),
                    strict=True))
    # a copy of another outlet's repeated text is compared whole with that outlet's
    # documents: the repeated text is the story they share, not boilerplate
    in_whole = np.unique(whole) if len(whole) else np.empty(0, dtype=np.int64)
    whole_sets = dict(zip(in_whole.tolist(), _shingle_sets([texts[i] for i in in_whole]),
                          strict=True))

    def similarity(i: int, j: int) -> float:
        if (copies[i] or copies[j]) and codes[i] != codes[j] and i in whole_sets and j in whole_sets:
            return _jaccard(whole_sets[i], whole_sets[j])
        return _jaccard(sets[i], sets[j])

    uf = _UnionFind(n)
    sims: dict[tuple[int, int], float] = {}
    for i, j in cand.tolist():
        sim = similarity(i, j)
        if sim >= threshold:
            uf.union(i, j)
            sims[(i, j)] = sim
    if not sims:
        return _empty_duplicates()

    members: dict[int, list[int]] = {}
    for i in sorted({k for pair in sims for k in pair}):
        members.setdefault(uf.find(i), []).append(i)

    doc_ids = documents["doc_id"].astype(str).to_numpy()
    outlets = documents["outlet"].to_numpy()
    dates = document_dates(documents)  # all NaT without a date column: every key equal
    date_key = np.where(np.isnat(dates), np.iinfo(np.int64).max, dates.astype(np.int64))

    clusters = []
    for idx in members.values():
        idx = sorted(idx, key=lambda k: (date_key[k], doc_ids[k]))
        clusters.append(idx)
    clusters.sort(key=lambda idx: (date_key[idx[0]], doc_ids[idx[0]]))

    rows = []
    for cid, idx in enumerate(clusters):
        first = idx[0]
        n_out = len(pd.unique(outlets[idx]))
        # joined through a copy of an outlet's repeated text: versions of one story,
        # so their similarity to the first is that of their whole texts
        by_whole = bool(copies[idx].any())
        for rank, k in enumerate(idx):
            if rank == 0:
                sim = 1.0
            else:
                pair = (min(first, k), max(first, k))
                sim = sims.get(pair)
                if sim is None:
                    sim = similarity(*pair)
                if by_whole and first in whole_sets and k in whole_sets:
                    sim = max(sim, _jaccard(whole_sets[first], whole_sets[k]))
            rows.append((doc_ids[k], outlets[k], cid, float(sim), rank == 0, n_out))
    out = pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
    return out.astype(
        {"cluster_id": "int64", "similarity": "float64", "is_first": "bool", "n_outlets": "int64"}
    )


def _mask_quotes(texts: list[str], doc_ids: list[str], quotes: pd.DataFrame) -> list[str]:
    """``texts`` with the spans of speech quotations replaced by spaces."""
    require_columns(quotes, ("doc_id", "start", "end", "kind"), "quotes",
                    hint="pass the quotes frame of framing.score_corpus()")
    is_speech = (quotes["kind"] == "speech").to_numpy(dtype=bool, na_value=False)
    if not is_speech.any():
        return texts
    hint = ("pass the quotes frame of framing.score_corpus(), or drop the rows without "
            "character offsets (quotes.dropna(subset=['start', 'end']))")
    bounds = {col: int_values(quotes[col], col, "quotes", hint=hint) for col in ("start", "end")}
    speech = pd.DataFrame({"doc_id": quotes["doc_id"].to_numpy()[is_speech],
                           "start": bounds["start"][is_speech], "end": bounds["end"][is_speech]})
    pos = {d: i for i, d in enumerate(doc_ids)}
    out = list(texts)
    for doc_id, g in speech.groupby(speech["doc_id"].astype(str), sort=False):
        i = pos.get(doc_id)
        if i is None:
            continue
        chars = list(out[i])
        n = len(chars)
        for a, b in zip(g["start"].astype(int), g["end"].astype(int), strict=True):
            a, b = min(max(a, 0), n), min(max(b, 0), n)
            chars[a:b] = " " * (b - a)
        out[i] = "".join(chars)
    return out


def _empty_duplicates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.Series(dtype="object"),
            "outlet": pd.Series(dtype="object"),
            "cluster_id": pd.Series(dtype="int64"),
            "similarity": pd.Series(dtype="float64"),
            "is_first": pd.Series(dtype="bool"),
            "n_outlets": pd.Series(dtype="int64"),
        }
    )


def _check_duplicates(duplicates: pd.DataFrame) -> None:
    require_columns(duplicates, ("doc_id", "cluster_id", "is_first"), "duplicates",
                    hint="pass the frame returned by framing.find_duplicates()")


def exclusion_set(
    duplicates: pd.DataFrame, keep: Literal["first", "none"] = "first"
) -> set[str]:
    """Return the doc_ids to leave out of outlet comparisons.

    Parameters
    ----------
    duplicates : DataFrame
        The frame from :func:`find_duplicates`.
    keep : {"first", "none"}, default "first"
        ``"first"`` keeps each cluster's first document (earliest date) and
        excludes every other copy; ``"none"`` excludes every clustered document
        (when no outlet should be credited with wire copy).

    Returns
    -------
    set of str
        doc_ids to exclude.
    """
    _check_duplicates(duplicates)
    if keep == "first":
        mask = ~duplicates["is_first"].astype(bool)
    elif keep == "none":
        mask = pd.Series(True, index=duplicates.index)
    else:
        raise ParameterError(
            f"keep must be 'first' or 'none', got {keep!r}",
            field="keep",
            hint="use keep='first' to keep one copy per cluster",
        )
    return set(duplicates.loc[mask, "doc_id"].astype(str))


def doc_weights(
    duplicates: pd.DataFrame,
    documents: pd.DataFrame | Iterable[str] | None = None,
) -> pd.Series:
    """Per-document weights that count each near-duplicate cluster once in total.

    Parameters
    ----------
    duplicates : DataFrame
        The frame from :func:`find_duplicates`.
    documents : DataFrame or iterable of str, optional
        All documents (a frame with ``doc_id``, or the doc_ids).  When given, the
        result covers every document, with weight 1 for those in no cluster;
        otherwise only clustered documents are returned (the rest weigh 1).

    Returns
    -------
    Series
        Float weights named ``weight``, indexed by ``doc_id``: 1 / cluster size for
        clustered documents, 1 otherwise.
    """
    _check_duplicates(duplicates)
    size = duplicates.groupby("cluster_id")["doc_id"].transform("size")
    w = pd.Series(
        (1.0 / size).to_numpy(dtype=float),
        index=pd.Index(duplicates["doc_id"].astype(str), name="doc_id"),
        name="weight",
    )
    if documents is None:
        return w
    ids = documents["doc_id"] if isinstance(documents, pd.DataFrame) else list(documents)
    index = pd.Index([str(d) for d in ids], name="doc_id")
    return w.reindex(index, fill_value=1.0).astype(float)

