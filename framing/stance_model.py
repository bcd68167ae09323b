"""Supervised stance: a scikit-learn classifier of (sentence, target span) pairs.

Features (all scikit-learn, CPU, no download; computed in
:mod:`framing.stance_features`):

* the sentence with the target span replaced by a marker token (``TARGETX``) and
  other targets by ``OTHERX``: word 1-2 gram TF-IDF (character n-grams optional);
* the words in a window left and right of the target, as prefixed tokens
  (``l_rejected``, ``r_talks``) so the side of a word is a feature, plus
  "near" tokens and bigrams for the 3 words on each side;
* separate word 1-2 gram vocabularies for the left window, the right window and
  the target's clause;
* numeric features: the lexicon stance of :mod:`framing.stance` for the target
  (score, positive, negative and role parts), the sentence's VADER valence,
  valence near the target, in its clause and nearer to it than to any other
  target, and the target's position.

One-vs-rest logistic regressions (liblinear) with balanced class weights learn
from these; ``predict_proba`` normalises their outputs.
Models are saved with their training metadata and a format version in the
skops format (a zip of JSON and arrays, not a pickle): :func:`load_model` builds
only scikit-learn, NumPy and SciPy objects and :class:`StanceClassifier`, so
loading a model file someone sent you cannot run code.  It refuses files of
another format version.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import time
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from framing.errors import ModelError, ParameterError
from framing.io import atomic_path
from framing.model_file import (
    MODEL_FORMAT,
    MODEL_FORMAT_VERSION,
    TRUSTED_TYPES,
    check_model_id,
    model_id,
    read_model_bytes,
)
from framing.schema import STANCE_COLUMNS
from framing.stance_features import (  # noqa: F401  (markers re-exported)
    EMBED_DIM,
    EMBED_WINDOW,
    NUMERIC_FEATURES,
    OTHER_TOKEN,
    TARGET_TOKEN,
    embed_texts,
    embedding_windows,
    target_features,
)
from framing.targets import Mention

if TYPE_CHECKING:
    from framing.newsmtsc import StanceEvaluation

__all__ = [
    "StanceClassifier",
    "ModelStance",
    "MODEL_FORMAT",
    "MODEL_FORMAT_VERSION",
    "C_RANGE",
    "check_C",
    "save_model",
    "load_model",
    "cross_validate_stance",
    "CrossValidation",
    "load_stance_model",
    "as_stance_input",
]

logger = logging.getLogger(__name__)

#: Inverse regularisation strength of the logistic regression; tuned by 5-fold
#: cross-validation on NewsMTSC train.jsonl (benchmarks/eval_stance.py --tune-model).
C_DEFAULT = 1.0
#: Accepted range of ``C``.  CV on train is flat between 0.5 and 2; far outside,
#: liblinear stops being usable: ``C=1e-200`` runs for minutes without ending (on
#: the 34-row test fixture too: the solver's quantities underflow), while the ends
#: of this range still train on NewsMTSC train (8,739 rows, loaded machine):
#: C=1e-4 in 6 s, C=1 in 33 s, C=1e4 in 66 s.  Bounding the iterations would not
#: help: max_iter is already 3,000 and the stall is inside one.
C_RANGE = (1e-4, 1e4)
#: Words left/right of the target used as side-marked context features; tuned by CV on train.
CONTEXT_WINDOW = 8
#: Iteration cap for the solver (converges well below it on NewsMTSC).
MAX_ITER = 3000
_INPUT_COLUMNS = ("text", "start", "end")
#: Numeric features (framing.stance_features): the lexicon method's score and parts,
#: VADER valence near the target, in its clause and nearer to it than to other
#: targets, and the target's position.  (The other targets' lexicon scores were
#: tried and dropped in an earlier version: +0.003 in CV on train.)
LEXICON_FEATURES = NUMERIC_FEATURES
#: Columns of the optional embeddings (all-MiniLM-L6-v2, 384 dimensions each): the
#: target-centred window and (``embed_sentence=True``) the whole sentence.
EMBED_WINDOW_COLUMNS = [f"emb_window_{i}" for i in range(EMBED_DIM)]
EMBED_SENTENCE_COLUMNS = [f"emb_sentence_{i}" for i in range(EMBED_DIM)]


def as_stance_input(X: Any) -> pd.DataFrame:
    """Normalise classifier input to a frame with ``text, start, end, others``.

    Parameters
    ----------
    X : DataFrame or sequence
        A frame with ``text``, ``start``, ``end`` (and optional ``others``, a tuple
        of ``(start, end)`` spans of other targets in the sentence), or a sequence
        of tuples ``(text, start, end)`` / ``(text, start, end, others)``.

    Returns
    -------
    DataFrame

    Raises
    ------
    ParameterError
        If columns are missing or a span is outside its text.
    """
    if isinstance(X, pd.DataFrame):
        missing = [c for c in _INPUT_COLUMNS if c not in X.columns]
        if missing:
            raise ParameterError(f"input frame lacks columns {missing}", field="X",
                                 hint="give columns text, start, end (and optional others)")
        frame = X.loc[:, [c for c in (*_INPUT_COLUMNS, "others") if c in X.columns]]
    else:
        rows = list(X)
        if rows and not all(isinstance(r, (tuple, list)) and len(r) in (3, 4) for r in rows):
            raise ParameterError("input rows must be (text, start, end[, others]) tuples",
                                 field="X")
        frame = pd.DataFrame([tuple(r) + ((),) * (4 - len(r)) for r in rows],
                             columns=[*_INPUT_COLUMNS, "others"])
    frame = frame.reset_index(drop=True)
    if "others" not in frame:
        frame = frame.assign(others=[()] * len(frame))
    lengths = frame["text"].str.len()
    bad = ~((frame["start"] >= 0) & (frame["start"] < frame["end"]) & (frame["end"] <= lengths))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ParameterError(f"row {i}: target span {frame['start'][i]}:{frame['end'][i]} is "
                             "outside its text", field="X", hint="check the offsets")
    return frame


def check_C(C: float, field: str = "C") -> float:
    """Refuse a regularisation strength outside :data:`C_RANGE` (or not a number).

    Parameters
    ----------
    C : float
        Inverse regularisation strength.
    field : str
        The name to give in the error (``--C`` on the command line).

    Returns
    -------
    float

    Raises
    ------
    ParameterError
        If ``C`` is not a number in ``C_RANGE`` (NaN and infinity included).
    """
    low, high = C_RANGE
    if isinstance(C, bool) or not isinstance(C, (int, float, np.floating, np.integer)) \
            or not low <= C <= high:  # NaN fails the comparison too
        raise ParameterError(f"C must be a number from {low:g} to {high:g}, got {C!r}", field=field,
                             hint=f"leave it out for the tuned value ({C_DEFAULT:g}); outside this "
                                  "range the solver underflows or barely converges (docs/stance.md)")
    return float(C)


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Target-dependent stance classifier (TF-IDF + context + lexicon features, logistic regression).

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression, in
        :data:`C_RANGE` (checked in ``fit``).
    context_window : int
        Words left and right of the target used as side-marked features.
    word_ngrams : tuple of int
        n-gram range of the word TF-IDF over the target-marked sentence.
    char_ngrams : tuple of int or None
        n-gram range of a character TF-IDF over the marked sentence (default ``None``:
        left out; (2, 5) gave no gain in CV on NewsMTSC train and triples training time).
    target_ngrams : bool
        Add separate word 1-2 gram vocabularies for the words left of the target,
        right of it, and its clause.
    use_lexicon : bool
        Add the numeric features (lexicon stance, VADER valence around the target,
        the target's position).
    lexicons : tuple of str
        Loaded-term lexicons (built-in names or files) whose hits the lexicon-stance
        features count, as the lexicon method does in ``framing score`` (default the
        built-in ``loaded_language``; 5-fold CV on NewsMTSC train 0.666 -> 0.676).
        Their ids and content hashes are recorded in ``training_info_``.
    embeddings : bool
        Add the all-MiniLM-L6-v2 embedding of the target-centred window (optional
        extra ``framing[embed]``; needs PyTorch; off by default).
    embed_window : int
        Words on each side of the target in the embedded window (6: chosen by CV).
    embed_sentence : bool
        With ``embeddings``, also embed each whole sentence (better in CV on NewsMTSC
        train, but it more than doubles the encoding time; off by default).
    class_weight : str, dict or None
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    max_iter : int
        Solver iteration cap.

    Attributes
    ----------
    classes_ : ndarray
        Labels seen in ``fit``.
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted feature union and logistic regression.
    training_info_ : dict
        ``data_sha256``, ``n_train``, ``labels``, ``fit_seconds``, ``sklearn_version``,
        ``lexicons`` (id and sha256 of each).
    model_id_ : str
        12 hex digits identifying parameters and training data; the pipeline records
        ``method="model:<model_id_>"``.

    Examples
    --------
    >>> clf = StanceClassifier().fit(X, y)  # doctest: +SKIP
    >>> clf.predict([("France rejected the offer.", 0, 6)])  # doctest: +SKIP
    """

    def __init__(self, *, C: float = C_DEFAULT, context_window: int = CONTEXT_WINDOW,
                 word_ngrams: tuple[int, int] = (1, 2),
                 char_ngrams: tuple[int, int] | None = None, target_ngrams: bool = True,
                 use_lexicon: bool = True, lexicons: tuple[str, ...] = ("loaded_language",),
                 embeddings: bool = False,
                 embed_window: int = EMBED_WINDOW, embed_sentence: bool = False,
                 class_weight: str | dict | None = "balanced", max_iter: int = MAX_ITER) -> None:
        self.C = C
        self.context_window = context_window
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.target_ngrams = target_ngrams
        self.embeddings = embeddings
        self.embed_window = embed_window
        self.embed_sentence = embed_sentence
        self.use_lexicon = use_lexicon
        self.lexicons = lexicons
        self.class_weight = class_weight
        self.max_iter = max_iter

    def _build(self):
        from sklearn.compose import ColumnTransformer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        parts: list[tuple[str, Any, Any]] = [
            ("word", TfidfVectorizer(ngram_range=tuple(self.word_ngrams), sublinear_tf=True,
                                     min_df=2, token_pattern=r"(?u)\b\w+\b"), "marked"),
            ("context", TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+",
                                        lowercase=False), "context"),
        ]
        if self.target_ngrams:
            for column in ("left", "right", "clause"):
                parts.append((column, TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                                                      min_df=2, token_pattern=r"\S+",
                                                      lowercase=False), column))
        if self.char_ngrams is not None:
            parts.append(("char", TfidfVectorizer(analyzer="char_wb", sublinear_tf=True,
                                                  ngram_range=tuple(self.char_ngrams), min_df=3,
                                                  max_features=200_000), "marked"))
        if self.use_lexicon:
            parts.append(("lexicon", StandardScaler(), LEXICON_FEATURES))
        if self.embeddings:
            parts.append(("embedding", "passthrough", self._embed_columns()))
        return Pipeline([
            ("features", ColumnTransformer(parts)),
            ("clf", OneVsRestClassifier(LogisticRegression(
                C=self.C, class_weight=self.class_weight, solver="liblinear",
                max_iter=self.max_iter))),
        ])

    def _embed_columns(self) -> list[str]:
        return EMBED_WINDOW_COLUMNS + (EMBED_SENTENCE_COLUMNS if self.embed_sentence else [])

    def _matcher(self) -> Any:
        """The loaded-term matcher of ``lexicons`` (None without lexicons), built once."""
        key = tuple(str(x) for x in self.lexicons or ())
        cached = self.__dict__.get("_matcher_cache")
        if cached is None or cached[0] != key:
            from framing.matcher import Matcher

            cached = (key, Matcher(key) if key else None)
            self.__dict__["_matcher_cache"] = cached
        return cached[1]

    def _features(self, frame: pd.DataFrame) -> pd.DataFrame:
        feats = target_features(frame, self.context_window, self._matcher())
        if self.embeddings:
            blocks = [embed_texts(embedding_windows(frame, self.embed_window))]
            if self.embed_sentence:
                unique = list(dict.fromkeys(frame["text"]))
                position = {text: i for i, text in enumerate(unique)}
                blocks.append(embed_texts(unique)[[position[t] for t in frame["text"]]])
            feats = pd.concat([feats, pd.DataFrame(np.hstack(blocks),
                                                   columns=self._embed_columns())], axis=1)
        return feats

    def fit(self, X: Any, y: Sequence[str]) -> StanceClassifier:
        """Learn from ``(sentence, target span)`` rows and their labels.

        Parameters
        ----------
        X : DataFrame or sequence
            See :func:`as_stance_input`.
        y : sequence of str
            Labels (normally against / neutral / favor).

        Returns
        -------
        self
        """
        import sklearn

        check_C(self.C)
        frame = as_stance_input(X)
        y = np.asarray(list(y), dtype=object)
        if len(y) != len(frame):
            raise ParameterError(f"X has {len(frame)} rows but y has {len(y)} labels",
                                 field="y")
        if len(set(y)) < 2:
            raise ParameterError("need at least two different labels to train", field="y")
        started = time.perf_counter()
        feats = self._features(frame)
        pipeline = self._build()
        pipeline.fit(feats, y)
        digest = hashlib.sha256()
        for text, start, end, label in zip(frame["text"], frame["start"], frame["end"], y,
                                           strict=True):
            digest.update(f"{text}\x1f{start}\x1f{end}\x1f{label}\x1e".encode())
        data_sha = digest.hexdigest()
        self.pipeline_ = pipeline
        self.classes_ = pipeline.classes_
        self.training_info_ = {
            "data_sha256": data_sha,
            "n_train": int(len(y)),
            "labels": [str(c) for c in self.classes_],
            "fit_seconds": time.perf_counter() - started,
            "sklearn_version": sklearn.__version__,
            "lexicons": [{"id": lex.id, "sha256": lex.sha256}
                         for lex in (self._matcher().lexicons if self._matcher() else ())],
        }
        self.model_id_ = model_id(self.get_params(), data_sha)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(self._features(as_stance_input(X)))

    def predict(self, X: Any) -> np.ndarray:
        """Predicted labels."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def score(self, X: Any, y: Sequence[str], sample_weight: Any = None) -> float:
        """Macro-F1 over the labels in ``y`` (the figure the project reports, defined
        as in :func:`framing.newsmtsc.evaluate_labels`, which also gives accuracy):
        a label predicted but absent from ``y`` is no term of the mean, whereas
        scikit-learn's default would add an F1 of 0 for it."""
        from sklearn.metrics import f1_score

        from framing.newsmtsc import LABELS

        y = list(y)
        gold = set(y)
        labels = [label for label in LABELS if label in gold] + sorted(gold - set(LABELS), key=str)
        return float(f1_score(y, self.predict(X), labels=labels, average="macro",
                              sample_weight=sample_weight, zero_division=0))

    def __getstate__(self) -> dict[str, Any]:
        # Vocabularies as arrays of terms in column order: a saved model then holds
        # a few arrays instead of ~136,000 dict entries, each of which skops
        # would write and check as a node of its own (7 s to load instead of 0.x).
        state = dict(super().__getstate__())  # on Python 3.11+ that is self.__dict__ itself
        state.pop("_matcher_cache", None)  # rebuilt from ``lexicons`` on use
        if state.get("pipeline_") is not None:
            state["pipeline_"] = pipeline = copy.deepcopy(state["pipeline_"])
            for vectorizer in _vectorizers(pipeline):
                vocabulary = vectorizer.vocabulary_
                vectorizer.vocabulary_ = np.array(sorted(vocabulary, key=vocabulary.__getitem__),
                                                  dtype=str)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        for vectorizer in _vectorizers(self.__dict__.get("pipeline_")):
            if isinstance(vectorizer.vocabulary_, np.ndarray):
                vectorizer.vocabulary_ = {str(t): i for i, t in enumerate(vectorizer.vocabulary_)}

    @property
    def method(self) -> str:
        """``model:<model_id_>``, the ``method`` value of stance rows."""
        check_is_fitted(self, "pipeline_")
        return f"model:{self.model_id_}"


def _vectorizers(pipeline: Any) -> list[Any]:
    """The fitted TF-IDF vectorizers of a classifier's pipeline (none if not fitted)."""
    if pipeline is None:
        return []
    return [t for _, t, _ in pipeline.named_steps["features"].transformers_
            if hasattr(t, "vocabulary_")]


class ModelStance:
    """Per-sentence adapter of a fitted :class:`StanceClassifier` for the pipeline.

    ``score_sentence`` has the same signature as
    :meth:`framing.stance.LexiconStance.score_sentence`.  The score is
    ``P(favor) - P(against)``; the label is the most probable class.  For a target
    with several mentions in a sentence the first mention is the target span and
    the other targets' mentions are marked as others.

    Parameters
    ----------
    model : StanceClassifier or str or Path
        A fitted model or the path of a saved one.
    """

    def __init__(self, model: StanceClassifier | str | Path) -> None:
        self.model = model if isinstance(model, StanceClassifier) else load_model(model)
        check_is_fitted(self.model, "pipeline_")
        self.method = self.model.method

    def score_sentence(self, text: str, sent_start: int, sent_end: int,
                       mentions: Sequence[Mention], hits: Any = None, *,
                       doc_id: str | None = None, sent_id: int | None = None) -> list[dict]:
        """Score every target mentioned in one sentence (see :class:`LexiconStance`)."""
        return self.score_sentences(text, [(sent_id, sent_start, sent_end, mentions, hits)],
                                    doc_id=doc_id)

    def score_sentences(self, text: str, sentences: Sequence[tuple], *,
                        doc_id: str | None = None) -> list[dict]:
        """Score the targets of several sentences of ``text`` with one prediction.

        Parameters
        ----------
        text : str
            The document text.
        sentences : sequence of tuple
            ``(sent_id, start, end, mentions, hits)`` per sentence (hits are not used).
        doc_id : str, optional
            Copied into the rows.

        Returns
        -------
        list of dict
            Rows as :meth:`score_sentence` gives them, sentence by sentence.
        """
        pairs, rows_in = [], []
        for sent_id, sent_start, sent_end, mentions, _ in sentences:
            inside = sorted((m for m in mentions if sent_start <= m.start and m.end <= sent_end),
                            key=lambda m: (m.start, m.end))
            groups: dict[str, list[Mention]] = {}
            for m in inside:
                groups.setdefault(m.target, []).append(m)
            sentence = text[sent_start:sent_end]
            for target, group in groups.items():
                others = tuple((m.start - sent_start, m.end - sent_start)
                               for m in inside if m.target != target)
                first = group[0]
                rows_in.append((sentence, first.start - sent_start, first.end - sent_start, others))
                pairs.append((sent_id, target, group))
        if not pairs:
            return []
        # one call for the whole document: feature extraction and the model have a
        # fixed cost per call that dominated when sentences were scored one by one
        proba = self.model.predict_proba(rows_in)
        classes = list(self.model.classes_)
        out = []
        for (sent_id, target, group), p in zip(pairs, proba, strict=True):
            favor = p[classes.index("favor")] if "favor" in classes else 0.0
            against = p[classes.index("against")] if "against" in classes else 0.0
            voices = {m.voice for m in group}
            row = {"doc_id": doc_id, "sent_id": sent_id, "target": target,
                   "alias": group[0].alias, "start": group[0].start, "end": group[0].end,
                   "score": float(favor - against), "label": str(classes[int(np.argmax(p))]),
                   "method": self.method,
                   "voice": voices.pop() if len(voices) == 1 else "mixed",
                   "speaker": next((m.speaker for m in group if m.speaker), None)}
            out.append({c: row[c] for c in STANCE_COLUMNS})
        return out


def save_model(model: StanceClassifier, path: str | Path, *,
               data_source: str | None = None) -> dict[str, Any]:
    """Save a fitted classifier with its training metadata.

    Parameters
    ----------
    model : StanceClassifier
        A fitted model.
    path : str or Path
        Output file (a skops archive; ``.skops`` is the usual suffix).
    data_source : str, optional
        Where the training data came from (recorded in the metadata).

    Returns
    -------
    dict
        The metadata written next to the model.
    """
    import sklearn
    import skops.io as sio  # imported here: it costs about 1 s

    from framing import __version__

    check_is_fitted(model, "pipeline_")
    meta = {
        "format": MODEL_FORMAT,
        "format_version": MODEL_FORMAT_VERSION,
        "framing_version": __version__,
        "sklearn_version": sklearn.__version__,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model_id": model.model_id_,
        "params": json.loads(json.dumps(model.get_params(), default=str)),
        "data_source": data_source,
        **{k: v for k, v in model.training_info_.items() if k != "sklearn_version"},
    }
    # skops writes the vocabularies as verbose JSON: deflate shrinks it about 20x
    with atomic_path(path) as tmp:
        sio.dump({"meta": meta, "model": model}, tmp, compression=zipfile.ZIP_DEFLATED)
    return meta


def load_model(path: str | Path, *, sha256: str | None = None) -> StanceClassifier:
    """Load a classifier saved by :func:`save_model`.

    Parameters
    ----------
    path : str or Path
        The model file.
    sha256 : str, optional
        The file's hash recorded earlier (:func:`framing.model_file.model_file_sha256`);
        the bytes loaded must still have it.

    Raises
    ------
    MissingFileError
        If the file does not exist.
    ModelError
        If the file is not a framing stance model, is corrupt, was written with
        another format version, no longer has ``sha256``, or its stored model id
        is not the one its parameters and training data give (an edited file).
        A different scikit-learn version only warns.
    """
    path = Path(path)
    data = read_model_bytes(path, sha256)  # missing, folder, pickle, not a zip: no import needed
    import sklearn
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # skops checks every type in the file before it builds anything
        payload = sio.loads(data, trusted=list(TRUSTED_TYPES))
    except UntrustedTypesFoundException as err:
        raise ModelError(f"model file holds types framing does not load ({err})",
                         path=str(path), hint="load only files written by 'framing stance train "
                         "--out'; list a file's types with skops.io.get_untrusted_types") from None
    except Exception as err:  # a damaged archive can fail in many ways
        raise ModelError(f"cannot read model file ({type(err).__name__}: {err})",
                         path=str(path), hint="retrain with 'framing stance train'") from None
    meta = payload.get("meta") if isinstance(payload, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise ModelError("not a framing stance model file", path=str(path),
                         hint="give a file written by 'framing stance train --out'")
    if meta.get("format_version") != MODEL_FORMAT_VERSION:
        raise ModelError(
            f"model format version {meta.get('format_version')!r} is not supported "
            f"(this framing reads version {MODEL_FORMAT_VERSION})", path=str(path),
            field="format_version", hint="retrain the model with this version of framing")
    if meta.get("sklearn_version") != sklearn.__version__:
        warnings.warn(f"{path}: model was trained with scikit-learn {meta.get('sklearn_version')}"
                      f", running {sklearn.__version__}; predictions may differ",
                      stacklevel=2)
    model = payload.get("model")
    if not isinstance(model, StanceClassifier):
        raise ModelError("model file holds no StanceClassifier", path=str(path))
    # the id a run records must be the model's, whether read from here or from the file
    check_model_id(meta, path, model_id_=getattr(model, "model_id_", None),
                   params=model.get_params())
    model.metadata_ = meta
    return model


@dataclass(frozen=True)
class CrossValidation:
    """Result of :func:`cross_validate_stance`.

    Attributes
    ----------
    pooled : StanceEvaluation
        The headline: the out-of-fold predictions of all folds together (every row
        predicted once, by the model that did not see it) scored against ``y``, so
        macro-F1 averages over all the labels of ``y`` whatever a fold holds.
    folds : DataFrame
        One row per fold: ``fold, n_train, n_test, macro_f1, accuracy, fit_seconds,
        labels`` (the labels the fold's macro-F1 averages over: those among its test
        rows), and per subset ``n_<name>, macro_f1_<name>, labels_<name>`` (NaN and
        "" in a fold without test rows of the subset).
    subsets : dict of str to StanceEvaluation
        Each subset's pooled out-of-fold evaluation.
    notes : tuple of str
        Folds whose test rows lack a label of ``y`` (their macro-F1 is over fewer
        labels) and subsets without test rows in some folds.
    """

    pooled: StanceEvaluation
    folds: pd.DataFrame
    subsets: dict[str, StanceEvaluation]
    notes: tuple[str, ...]

    @property
    def macro_f1(self) -> float:
        """Pooled out-of-fold macro-F1."""
        return self.pooled.macro_f1

    def summary(self) -> str:
        """Pooled figures first, then the per-fold mean and spread, subsets and notes."""
        k = len(self.folds)
        f1 = self.folds["macro_f1"]
        lines = [f"macro-F1 {self.pooled.macro_f1:.3f}, accuracy {self.pooled.accuracy:.3f} "
                 f"on the pooled out-of-fold predictions of {self.pooled.n} rows; "
                 f"per fold macro-F1 {f1.mean():.3f} (sd {f1.std():.3f})"]
        for name, ev in self.subsets.items():
            column = self.folds[f"macro_f1_{name}"]
            counted = int(column.notna().sum())
            lines.append(f"subset {name}: macro-F1 {ev.macro_f1:.3f} on the pooled out-of-fold "
                         f"predictions of its {ev.n} rows; per fold {column.mean():.3f} "
                         f"(sd {column.std():.3f}, {counted} of {k} folds)")
            note = ev.averaging_note()
            if note:
                lines.append(f"subset {name}: {note}")
        return "\n".join(lines + [f"note: {note}" for note in self.notes])


def _label_list(labels: Sequence[str]) -> str:
    return ", ".join(labels)


def cross_validate_stance(estimator: StanceClassifier, X: Any, y: Sequence[str], *,
                          cv: int = 5, random_state: int = 0,
                          subsets: dict[str, Any] | None = None) -> CrossValidation:
    """Cross-validate a stance classifier with folds grouped by sentence.

    Rows of one sentence (several targets) always fall in the same fold, so the
    text of a test sentence is never seen in training.  The headline figure is
    the pooled one: every row's out-of-fold prediction scored together, macro-F1
    over all the labels of ``y``.  A fold's own macro-F1 averages over the labels
    among its test rows (:func:`framing.newsmtsc.evaluate_labels`), so a fold
    without a rare label is averaged over fewer labels: the ``labels`` column
    says which, and ``notes`` names such folds.

    Parameters
    ----------
    estimator : StanceClassifier
        Unfitted estimator (cloned for every fold).
    X, y
        As in :meth:`StanceClassifier.fit`.
    cv : int
        Number of folds.
    random_state : int
        Seed of the fold assignment.
    subsets : dict of str to boolean array, optional
        Named row masks (aligned with ``X``); each adds a pooled evaluation and the
        columns ``n_<name>, macro_f1_<name>, labels_<name>`` per fold.

    Returns
    -------
    CrossValidation
        ``pooled`` (the headline), ``folds`` (one row per fold), ``subsets``, ``notes``.
    """
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedGroupKFold

    from framing.newsmtsc import evaluate_labels

    frame = as_stance_input(X)
    y = np.asarray(list(y), dtype=object)
    masks = {name: np.asarray(mask, dtype=bool) for name, mask in (subsets or {}).items()}
    for name, mask in masks.items():
        if mask.shape != y.shape:
            raise ParameterError(f"subset {name!r} has {mask.size} entries for {len(y)} rows",
                                 field="subsets")
    groups = pd.factorize(frame["text"])[0]
    folds = StratifiedGroupKFold(n_splits=cv, shuffle=True, random_state=random_state)
    all_labels = evaluate_labels(y, y).labels
    out_of_fold = np.empty(len(y), dtype=object)
    rows, notes = [], []
    for fold, (train, test) in enumerate(folds.split(frame, y, groups)):
        model = clone(estimator)
        started = time.perf_counter()
        model.fit(frame.iloc[train], y[train])
        seconds = time.perf_counter() - started
        pred = model.predict(frame.iloc[test])
        out_of_fold[test] = pred
        ev = evaluate_labels(y[test], pred)
        row = {"fold": fold, "n_train": len(train), "n_test": len(test),
               "macro_f1": ev.macro_f1, "accuracy": ev.accuracy, "fit_seconds": seconds,
               "labels": _label_list(ev.labels)}
        missing = [label for label in all_labels if label not in ev.labels]
        if missing:
            notes.append(f"fold {fold} has no {_label_list(missing)} among its {len(test)} test "
                         f"rows: its macro-F1 is the mean over {_label_list(ev.labels)}")
        for name, mask in masks.items():
            keep = mask[test]
            sub = evaluate_labels(y[test][keep], pred[keep])
            row.update({f"n_{name}": sub.n, f"macro_f1_{name}": sub.macro_f1,
                        f"labels_{name}": _label_list(sub.labels) if sub.n else ""})
        rows.append(row)
        logger.info("fold %d: macro-F1 %.3f over %s", fold, ev.macro_f1, row["labels"])
    table = pd.DataFrame(rows)
    for name in masks:
        empty = table.loc[table[f"n_{name}"] == 0, "fold"].tolist()
        if empty:
            notes.append(f"subset {name} has no test rows in fold{'s' if len(empty) > 1 else ''} "
                         f"{', '.join(map(str, empty))}: macro_f1_{name} is NaN there and "
                         f"its per-fold mean is over {len(table) - len(empty)} of {len(table)} "
                         "folds")
    return CrossValidation(
        pooled=evaluate_labels(y, out_of_fold), folds=table,
        subsets={name: evaluate_labels(y[mask], out_of_fold[mask]) for name, mask in masks.items()},
        notes=tuple(notes))


def load_stance_model(path: str | Path, *, sha256: str | None = None) -> ModelStance:
    """Load a saved classifier wrapped for the pipeline (``score_sentences`` per document).

    Parameters
    ----------
    path : str or Path
        A file written by :func:`save_model` (``framing stance train --out``).
    sha256 : str, optional
        The file's hash recorded earlier; see :func:`load_model`.

    Returns
    -------
    ModelStance
        ``method`` is ``"model:<id>"``.
    """
    return ModelStance(load_model(path, sha256=sha256))
