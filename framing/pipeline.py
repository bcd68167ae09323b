"""From documents to scores: sentences, quotations, loaded-term hits, target mentions, stance.

:meth:`Scorer.score` is the one pure scoring function (a documents frame in, the
score frames out, fixed schemas) that every engine calls: the local engine
(:func:`score_corpus` with ``jobs``), the Dask engine and the cache all run it
unchanged, so results never depend on how they were computed.

Per document, in order:

1. paragraphs and sentences (:mod:`framing.text`);
2. quotations with kind and speaker (:mod:`framing.quotes`); each sentence gets
   its ``voice`` (author / quoted / mixed) and the number of words inside speech;
3. loaded-term hits over the whole text (:mod:`framing.matcher`), each placed in
   its sentence and given the voice of the quotation it falls in (author /
   quoted / scare_quote) and the speaker;
4. target mentions (:mod:`framing.targets`) with their voice;
5. stance per (sentence, target) from the mentions and the sentence's hits
   (:mod:`framing.stance`, or a trained model).
"""

from __future__ import annotations

import hashlib
import logging
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.provenance import code_version
from framing.schema import (
    DOCUMENT_COLUMNS,
    HIT_COLUMNS,
    MANIFEST_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
)
from framing.text import count_word_starts, paragraph_spans, sentence_spans

__all__ = [
    "SCORER_VERSION", "SCORING_SOURCES", "ScoreSettings", "Scorer", "Scores", "score_documents", "frame_sha256",
    "typed_frames", "REQUIRED_DOCUMENT_COLUMNS", "documents_frame",
]

log = logging.getLogger(__name__)

#: The framing sources that decide a document's scores (modules and rule files)
#: and the packages whose behaviour enters them; tests/test_cache.py checks that
#: scoring imports no other framing module.
SCORING_SOURCES = (
    "pipeline.py", "schema.py", "text.py", "punkt.py", "memo.py", "quotes.py",
    "quote_tags.py", "speakers.py", "speaker_names.py", "lexicon.py", "lexicon_formats.py", "matcher.py",
    "targets.py", "stance.py", "stance_words.py", "stance_model.py", "stance_features.py",
    "model_file.py", "packaged.py", "data/*.yaml",
)
SCORING_PACKAGES = ("nltk", "vaderSentiment", "scikit-learn", "numpy")
#: Version of the scoring logic: a hash of :data:`SCORING_SOURCES` and the
#: versions of :data:`SCORING_PACKAGES` (:func:`framing.provenance.code_version`),
#: so cached results of other code are never reused.
SCORER_VERSION = code_version(SCORING_SOURCES, SCORING_PACKAGES)

#: What the manifest hash covers: each input item (its path relative to the corpus
#: root, so a copy of the corpus elsewhere hashes alike), its status, its document id
#: and the exact content of its document (:data:`DOCUMENT_HASH_COLUMNS`; the id alone
#: hashes case-folded text).
MANIFEST_HASH_COLUMNS = ["item", "status", "doc_id", "content_sha256"]
#: The document fields whose exact values a document's ``content_sha256`` covers (not
#: ``source``, which is where the corpus lies).
DOCUMENT_HASH_COLUMNS = ["outlet", "title", "author", "date", "url", "text", "source_id"]
#: The score frames, in the order they are stored, and their columns.
FRAME_COLUMNS: dict[str, list[str]] = {
    "sentences": SENTENCE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "hits": HIT_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "stance": STANCE_COLUMNS,
}


@dataclass(frozen=True)
class ScoreSettings:
    """What to score with.

    Parameters
    ----------
    lexicons : tuple of str or Lexicon
        Built-in lexicon names, lexicon file paths, or :class:`~framing.lexicon.Lexicon` objects.
    targets : str or None
        Built-in target list name (``"sample"``) or a targets YAML path; ``None``
        skips mentions and stance.
    stance_model : str or None
        Path of a trained stance model (``framing stance train``); ``None`` uses
        the transparent lexicon method.
    """

    lexicons: tuple[Any, ...] = ("loaded_language",)
    targets: str | None = "sample"
    stance_model: str | None = None

    def __post_init__(self) -> None:
        from framing.lexicon import Lexicon

        lexicons = (self.lexicons,) if isinstance(self.lexicons, (str, Path, Lexicon)) else self.lexicons
        object.__setattr__(self, "lexicons", tuple(x if isinstance(x, Lexicon) else str(x) for x in lexicons))
        for name in ("targets", "stance_model"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, str(value))


@dataclass
class Scores:
    """Everything :func:`framing.score_corpus` produces: tidy frames plus run metadata.

    Attributes
    ----------
    documents, manifest : DataFrame
        From :func:`framing.load_corpus` (documents that failed to score are moved
        to the manifest as rejected).
    sentences, quotes, hits, mentions, stance : DataFrame
        Columns in :mod:`framing.schema`.
    metadata : dict
        Lexicon, target and model ids and hashes, scorer version and settings.
    """

    documents: pd.DataFrame
    manifest: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    hits: pd.DataFrame
    mentions: pd.DataFrame
    stance: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        """All frames by name (``documents``, ``manifest``, ``sentences``, ...)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "metadata"}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(frame)}" for name, frame in self.frames().items())
        return f"Scores({sizes})"


class Scorer:
    """Compiled scoring components; :meth:`score` is pure and picklable across processes.

    Parameters
    ----------
    settings : ScoreSettings, optional
        Lexicons, targets and stance method (default: the built-ins).

    Examples
    --------
    >>> scorer = Scorer(ScoreSettings(lexicons=("loaded_language",)))   # doctest: +SKIP
    >>> frames = scorer.score(documents)                                # doctest: +SKIP
    """

    def __init__(self, settings: ScoreSettings | None = None) -> None:
        from framing.matcher import Matcher
        from framing.stance import LexiconStance
        from framing.targets import load_targets

        self.settings = settings or ScoreSettings()
        self.matcher = Matcher(self.settings.lexicons)
        self.targets = None if self.settings.targets is None else load_targets(self.settings.targets)
        self._stance: Any = None
        self._stance_model_sha256: str | None = None
        if self.targets is not None:
            if self.settings.stance_model is not None:
                from framing.model_file import model_file_sha256

                # hashed once, here, and loaded lazily (scikit-learn and skops take seconds
                # to import): a cache hit never loads it, and the load checks this hash, so
                # the key describes the model in memory even if the file is replaced meanwhile
                self._stance_model_sha256 = model_file_sha256(self.settings.stance_model)
            else:
                self._stance = LexiconStance()

    @property
    def stance(self) -> Any:
        """The stance scorer (``None`` without targets); a trained model is loaded on first use."""
        if self._stance is None and self._stance_model_sha256 is not None:
            from framing.stance_model import load_stance_model

            self._stance = load_stance_model(self.settings.stance_model,
                                             sha256=self._stance_model_sha256)
        return self._stance

    def prepare(self) -> Scorer:
        """Load what scoring needs and is loaded lazily (a trained stance model); return self.

        :meth:`score` calls it; call it before worker processes fork so they share the model.
        """
        _ = self.stance
        return self

    def _identity(self) -> dict[str, Any]:
        """What decides the scores, known without loading a model: the content of :attr:`key`."""
        meta: dict[str, Any] = {
            "scorer_version": SCORER_VERSION,
            "lexicons": [{"id": lex.id, "sha256": lex.sha256, "entries": len(lex.entries)}
                         for lex in self.matcher.lexicons],
            "targets": None,
            "stance_method": None,
        }
        if self.targets is not None:
            meta["targets"] = {"id": self.targets.id, "sha256": self.targets.sha256,
                               "names": list(self.targets.names)}
            if self._stance_model_sha256 is None:
                meta["stance_method"] = getattr(self._stance, "method", type(self._stance).__name__)
            else:
                # the file's bytes decide the model (its id is derived from them), not its
                # path: the same model given as ./m.skops or /abs/m.skops shares cache entries
                meta["stance_method"] = "model"
                meta["stance_model"] = {"sha256": self._stance_model_sha256}
        return meta

    @property
    def metadata(self) -> dict[str, Any]:
        """Ids and content hashes of everything that determines the scores.

        With a trained stance model, ``stance_method`` is ``model:<id>`` and
        ``stance_model`` holds the file's ``path`` and ``sha256``, the model ``id``
        and its ``training`` record (the metadata :func:`framing.stance_model.save_model`
        wrote: training data hash and size, labels, versions, parameters).  If no
        document was scored yet they are read from the file without loading the
        model (:func:`framing.model_file.read_model_metadata`), so a run whose
        batches all come from the cache never loads it.
        """
        meta = self._identity()
        if self._stance_model_sha256 is not None:
            model_id, training = self._model_record()
            meta["stance_method"] = f"model:{model_id}"
            meta["stance_model"] = {"path": self.settings.stance_model, **meta["stance_model"],
                                    "id": model_id, "training": training}
        return meta

    def _model_record(self) -> tuple[str, dict[str, Any]]:
        """The trained model's id and ``metadata_``: from the loaded model, else from the file."""
        if self._stance is None:
            from framing.model_file import read_model_metadata

            # checked against the hash, so it is the metadata of the model the key stands for;
            # save_model wrote the model's model_id_ into it
            stored = read_model_metadata(self.settings.stance_model, self._stance_model_sha256)
            if stored is not None:
                return stored["model_id"], stored
        model = self.stance.model
        return model.model_id_, dict(getattr(model, "metadata_", {}))

    @property
    def key(self) -> str:
        """A hash of what decides the scores: equal keys score every document identically.

        It is computed without loading a trained stance model: the model file's
        SHA-256 stands for it.
        """
        import json

        return hashlib.sha256(json.dumps(self._identity(), sort_keys=True).encode()).hexdigest()[:16]

    def score(self, documents: pd.DataFrame, *, strict: bool = False) -> dict[str, pd.DataFrame]:
        """Score a batch of documents.

        Parameters
        ----------
        documents : DataFrame
            With ``doc_id`` and ``text`` (the documents frame of :func:`framing.load_corpus`).
        strict : bool
            Re-raise an unexpected error on a document instead of recording it.

        Returns
        -------
        dict of str to DataFrame
            ``sentences``, ``quotes``, ``hits``, ``mentions``, ``stance`` (columns in
            :data:`FRAME_COLUMNS`), and ``failures`` (``doc_id``, ``reason``) for
            documents whose scoring raised: they are left out of the other frames.
        """
        _require_document_columns(documents, ("doc_id", "text"))  # what scoring reads
        out: dict[str, list[tuple]] = {name: [] for name in FRAME_COLUMNS}
        failures: list[tuple[str, str]] = []
        if len(documents):
            self.prepare()  # outside the per-document guard: a bad model file stops the run
        for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
            local: dict[str, list[tuple]] = {name: [] for name in FRAME_COLUMNS}
            try:
                self._score_document(doc_id, text, local)
            except Exception as err:  # one odd document must not stop a 200,000-article batch
                if strict:
                    raise
                log.exception("scoring failed for document %s", doc_id)
                failures.append((doc_id, f"scoring failed: {type(err).__name__}: {err}"))
                continue
            for name, rows in local.items():
                out[name].extend(rows)
        frames = {name: _frame(out[name], name) for name in FRAME_COLUMNS}
        frames["failures"] = pd.DataFrame(failures, columns=["doc_id", "reason"])
        return frames

    def _score_document(self, doc_id: str, text: str, out: dict[str, list[tuple]]) -> None:
        """Append the rows of one document to ``out`` (tuples in :data:`FRAME_COLUMNS` order)."""
        from framing.quotes import QuoteIndex, find_quotes

        paragraphs = paragraph_spans(text)
        sentences = [(para_id, s, e) for para_id, (ps, pe) in enumerate(paragraphs)
                     for s, e in sentence_spans(text, ps, pe)]
        starts = [s for _, s, _ in sentences]
        quotes = find_quotes(text, paragraphs)
        index = QuoteIndex(quotes, text)
        out["quotes"].extend((doc_id, q.quote_id, q.start, q.end, q.kind, q.speaker, q.speaker_start,
                              q.speaker_end, q.verb, q.text) for q in quotes)
        speech = index.quoted_spans()
        speech_starts = [a for a, _ in speech]
        rows = out["sentences"]
        for sent_id, (para_id, s, e) in enumerate(sentences):
            voice, speaker, quote_id = index.sentence_voice(s, e)
            words = count_word_starts(text, s, e)
            quoted = 0
            for a, b in speech[max(bisect_right(speech_starts, s) - 1, 0):]:
                if a >= e:
                    break
                if a <= s and e <= b:  # a sentence inside a quotation: all its words
                    quoted += words
                elif b > s:
                    quoted += count_word_starts(text, max(a, s), min(b, e))
            rows.append((doc_id, sent_id, para_id, s, e, text[s:e], voice, speaker, quote_id,
                         words, quoted))

        def sent_of(pos: int) -> int:
            return max(bisect_right(starts, pos) - 1, 0)

        hits_by_sentence: dict[int, list] = {}
        for hit in self.matcher.find(text):
            voice, speaker, _ = index.voice_of_span(hit.start, hit.end)
            sent_id = sent_of(hit.start)
            out["hits"].append((doc_id, sent_id, hit.start, hit.end, hit.match, hit.entry, hit.category,
                                hit.weight, hit.lexicon, voice, speaker, hit.negated))
            hits_by_sentence.setdefault(sent_id, []).append(hit)
        if self.targets is None:
            return

        def mention_voice(start: int, end: int) -> tuple[str, str | None]:
            voice, speaker, _ = index.voice_of_span(start, end)
            return ("quoted", speaker) if voice == "quoted" else ("author", None)

        by_sentence: dict[int, list] = {}
        for m in self.targets.matcher().find(text, voice=mention_voice):
            sent_id = sent_of(m.start)
            out["mentions"].append((doc_id, sent_id, m.target, m.alias, m.start, m.end, m.voice, m.speaker))
            by_sentence.setdefault(sent_id, []).append(m)
        # A mention belongs to the sentence it starts in.  One that runs past that
        # sentence's end (an alias with an abbreviation the splitter took for a full stop:
        # "Foreign Min. Lavrov") is scored there, over the sentence extended to the
        # mention's end: the scorers drop mentions outside the span they are given.
        batch = [(sent_id, sentences[sent_id][1], max(sentences[sent_id][2], *(m.end for m in mentions)),
                  mentions, hits_by_sentence.get(sent_id)) for sent_id, mentions in by_sentence.items()]
        for row in self.stance.score_sentences(text, batch, doc_id=doc_id):
            out["stance"].append(tuple(row[c] for c in STANCE_COLUMNS))


def _frame(rows: list[tuple], name: str) -> pd.DataFrame:
    """The frame ``name`` from row tuples, with the values and dtypes of :func:`_typed`.

    Columns are built directly from the rows when their value types are plain
    (ints, floats, bools, strings and ``None``); any other batch takes the general
    path of ``DataFrame`` inference followed by :func:`_typed`.
    """
    columns = FRAME_COLUMNS[name]
    if rows:
        arrays = [_column_array(column, list(map(itemgetter(i), rows)))
                  for i, column in enumerate(columns)]
        if all(a is not None for a in arrays):
            # Series with an explicit dtype: no string inference on object columns
            return pd.DataFrame({column: pd.Series(a, dtype=a.dtype, copy=False)
                                 for column, a in zip(columns, arrays, strict=True)}, copy=False)
    return _typed(pd.DataFrame(rows, columns=columns), name)


def _column_array(column: str, values: list) -> np.ndarray | None:
    """``values`` as :func:`_typed` types them after ``DataFrame`` inference, or None."""
    types = set(map(type, values))
    if column in _INT_COLUMNS:
        return np.array(values, dtype="int64") if types <= {int} else None
    if column in _FLOAT_COLUMNS:
        return np.array(values, dtype="float64") if types <= {float, int} else None
    if column == "negated":
        return np.array(values, dtype="bool") if types <= {bool} else None
    if not types <= {str, type(None)}:
        return None
    array = np.empty(len(values), dtype=object)
    array[:] = values
    if len(types) == 2:  # inferred as a string column: None becomes NaN
        array[array == None] = np.nan  # noqa: E711 (element-wise comparison)
    return array


_INT_COLUMNS = {"sent_id", "para_id", "start", "end", "quote_id", "n_tokens", "n_quoted_tokens",
                "speaker_start", "speaker_end"}
_FLOAT_COLUMNS = {"weight", "score"}


def _typed(frame: pd.DataFrame, name: str = "") -> pd.DataFrame:
    """Fixed dtypes, so empty and non-empty batches concatenate and hash identically."""
    frame = frame.copy()
    for column in frame.columns:
        if column in _INT_COLUMNS:
            frame[column] = frame[column].astype("int64")
        elif column in _FLOAT_COLUMNS:
            frame[column] = frame[column].astype("float64")
        elif column == "negated":
            frame[column] = frame[column].astype("bool")
        else:
            frame[column] = frame[column].astype("object")
    return frame


def typed_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Frames read back from Parquet (cache, Dask) with the dtypes :meth:`Scorer.score` gives.

    ``documents`` and ``manifest`` are left as read: Parquet keeps the dtypes
    ingestion gave them (string columns, a nullable integer ``line``).
    """
    return {name: frame if name in ("documents", "manifest") else _typed(frame, name)
            for name, frame in frames.items()}


def frame_sha256(frame: pd.DataFrame) -> str:
    """Content hash of a frame (values and column names, independent of the index)."""
    return FrameDigest(frame.columns).update(frame).hexdigest()


class FrameDigest:
    """:func:`frame_sha256` of a frame that arrives in row batches (a streamed manifest).

    Parameters
    ----------
    columns : sequence
        The frame's column names.
    """

    def __init__(self, columns: Sequence[Any]) -> None:
        self._digest = hashlib.sha256(",".join(map(str, columns)).encode())

    def update(self, rows: pd.DataFrame) -> FrameDigest:
        """Add the next rows (same columns, in order)."""
        self._digest.update(pd.util.hash_pandas_object(rows, index=False).to_numpy().tobytes())
        return self

    def hexdigest(self) -> str:
        """Hex SHA-256 of all rows added so far."""
        return self._digest.hexdigest()


def manifest_rows(manifest: pd.DataFrame, documents: pd.DataFrame,
                  root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The rows that :attr:`Scores.metadata` ``manifest_sha256`` hashes.

    Parameters
    ----------
    manifest : DataFrame
        Manifest rows (all statuses).
    documents : DataFrame
        The documents of those rows: each accepted row gets the hash of its
        document's :data:`DOCUMENT_HASH_COLUMNS`; other rows an empty one.
    root : path, optional
        The corpus path as given (a folder or a file): items under it are hashed
        by their path relative to it (a file's by its name), so the same corpus
        read from another folder or machine gets the same hash.

    Returns
    -------
    DataFrame
        :data:`MANIFEST_HASH_COLUMNS`, as strings.
    """
    items = manifest["item"].astype(str)
    if root is not None:
        base = Path(root).resolve()
        base = str(base.parent if base.is_file() else base).rstrip(os.sep) + os.sep
        items = items.map(lambda item: item[len(base):].replace(os.sep, "/")
                          if item.startswith(base) else item)
    present = [c for c in DOCUMENT_HASH_COLUMNS if c in documents.columns]
    values = documents[present].itertuples(index=False, name=None)
    hashes = {doc_id: hashlib.sha256("\0".join("" if pd.isna(v) else str(v) for v in row)
                                     .encode("utf-8", "surrogatepass")).hexdigest()
              for doc_id, row in zip(documents["doc_id"], values, strict=True)}
    accepted = manifest["status"] == "accepted"
    return pd.DataFrame({
        "item": items, "status": manifest["status"].astype(str), "doc_id": manifest["doc_id"].astype(str),
        "content_sha256": manifest["doc_id"].map(hashes).where(accepted, "").fillna("").astype(str),
    }, columns=MANIFEST_HASH_COLUMNS)


#: Columns a documents frame given to the scorer must have. The other columns of
#: :data:`framing.schema.DOCUMENT_COLUMNS` are optional, as for a table corpus
#: (docs/ingest.md): missing ones are filled with None (``date`` with NaT).
REQUIRED_DOCUMENT_COLUMNS = ("doc_id", "outlet", "text")
_COLUMN_HINTS = {
    "doc_id": ("add it: documents['doc_id'] = documents['text'].map(framing.corpus.make_doc_id) "
               "(the content-derived id framing.load_corpus gives), or read the corpus with "
               "framing.load_corpus"),
    "outlet": "add the outlet of each document, or rename the column that holds it "
              "(documents.rename(columns={'source_name': 'outlet'}))",
    "text": "rename the column that holds the article text (documents.rename(columns="
            "{'content': 'text'}))",
}


def _require_document_columns(documents: pd.DataFrame,
                              required: Sequence[str] = REQUIRED_DOCUMENT_COLUMNS) -> None:
    missing = [c for c in required if c not in documents.columns]
    if missing:
        optional = [c for c in DOCUMENT_COLUMNS if c not in REQUIRED_DOCUMENT_COLUMNS]
        raise InputError(
            f"the documents frame has no column {', '.join(map(repr, missing))} (its columns: "
            f"{', '.join(map(repr, map(str, documents.columns)))}; required: "
            f"{', '.join(REQUIRED_DOCUMENT_COLUMNS)}; optional, filled when missing: "
            f"{', '.join(optional)})",
            field=", ".join(missing), hint="; ".join(f"{c}: {_COLUMN_HINTS[c]}" for c in missing))


def documents_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """A documents frame with every column of :data:`framing.schema.DOCUMENT_COLUMNS`.

    Parameters
    ----------
    documents : DataFrame
        With at least :data:`REQUIRED_DOCUMENT_COLUMNS`; missing optional columns
        (``title``, ``author``, ``date``, ``url``, ``source``, ``source_id``) are
        added, None (``date``: NaT).

    Returns
    -------
    DataFrame
        ``documents`` itself when nothing is missing, else a copy with the columns added.

    Raises
    ------
    InputError
        Naming the missing required columns and how to add them.
    """
    _require_document_columns(documents)
    absent = [c for c in DOCUMENT_COLUMNS if c not in documents.columns]
    if not absent:
        return documents
    documents = documents.copy()
    for c in absent:
        documents[c] = pd.Series(pd.NaT, index=documents.index, dtype="datetime64[ns]") \
            if c == "date" else pd.Series(None, index=documents.index, dtype=object)
    return documents


def score_documents(
    documents: pd.DataFrame,
    *,
    settings: ScoreSettings | None = None,
    manifest: pd.DataFrame | None = None,
    strict: bool = False,
) -> Scores:
    """Score a documents frame in this process (see :func:`framing.score_corpus` for corpora).

    Parameters
    ----------
    documents : DataFrame
        The documents frame (:data:`framing.schema.DOCUMENT_COLUMNS`; only
        :data:`REQUIRED_DOCUMENT_COLUMNS` are required, see :func:`documents_frame`).
    settings : ScoreSettings, optional
        Lexicons, targets, stance method.
    manifest : DataFrame, optional
        The corpus manifest; documents that fail to score are marked rejected in it.
    strict : bool
        Raise on the first document that fails to score.

    Returns
    -------
    Scores
    """
    documents = documents_frame(documents)  # before scoring: a missing column is named now
    scorer = Scorer(settings)
    frames = scorer.score(documents, strict=strict)
    return assemble(documents, manifest, [frames], scorer.metadata)


def assemble(
    documents: pd.DataFrame,
    manifest: pd.DataFrame | None,
    parts: Sequence[dict[str, pd.DataFrame]],
    metadata: dict[str, Any] | None,
    root: str | os.PathLike[str] | None = None,
) -> Scores:
    """Concatenate per-batch frames into :class:`Scores` and account for failed documents.

    ``metadata`` gains the manifest's hash (:func:`manifest_rows`, items relative to
    the corpus path ``root``) and the document count; ``None`` for one batch of a
    streamed run, whose caller hashes the whole manifest as it streams.  Missing
    optional document columns are filled (:func:`documents_frame`).
    """
    documents = documents_frame(documents)
    frames = {}
    for name, columns in FRAME_COLUMNS.items():
        pieces = [p[name] for p in parts if len(p[name])]
        frames[name] = (pd.concat(pieces, ignore_index=True) if pieces
                        else _typed(pd.DataFrame({c: [] for c in columns}), name))
    failures = pd.concat([p["failures"] for p in parts], ignore_index=True) if parts else None
    if manifest is None:
        manifest = pd.DataFrame({"item": documents["source"], "path": documents["source"],
                                 "line": pd.array([None] * len(documents), dtype="Int64"),
                                 "outlet": documents["outlet"], "status": "accepted", "reason": "",
                                 "doc_id": documents["doc_id"]}, columns=MANIFEST_COLUMNS)
    if failures is not None and len(failures):
        reasons = dict(zip(failures["doc_id"], failures["reason"], strict=True))
        manifest = manifest.copy()
        failed = (manifest["status"] == "accepted") & manifest["doc_id"].isin(reasons.keys())
        manifest.loc[failed, "status"] = "rejected"
        manifest.loc[failed, "reason"] = manifest.loc[failed, "doc_id"].map(reasons)
        documents = documents[~documents["doc_id"].isin(reasons.keys())].reset_index(drop=True)
    if metadata is None:
        metadata = {}
    else:
        metadata = {**metadata, "manifest_sha256": frame_sha256(manifest_rows(manifest, documents, root)),
                    "n_documents": len(documents)}
    return Scores(documents=documents[DOCUMENT_COLUMNS], manifest=manifest, metadata=metadata, **frames)
