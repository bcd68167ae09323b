"""Reader of the NewsMTSC target-sentiment format and evaluation helpers.

NewsMTSC (Hamborg and Donnay, EACL 2021; MIT licence) stores one sentence per
JSON line: ``sentence_normalized`` and ``targets``, each target with ``from``,
``to`` (0-based, ``to`` exclusive), ``mention`` and ``polarity`` (2 negative,
4 neutral, 6 positive).  Polarity maps to the stance labels against / neutral /
favor.  It must be a JSON number equal to 2, 4 or 6: the published files write
2.0 / 4.0 / 6.0, so an integral float counts as the integer; a string ("4.0"),
a boolean, null, 4.5 or NaN is a rejected row naming the field.

Bad rows are not fatal: a line that is not JSON or has no sentence, and a target
with missing fields, a bad polarity or offsets outside the sentence, are collected
in ``rejected`` with line number and reason; everything else is kept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import MissingFileError

__all__ = [
    "LABELS",
    "POLARITY_LABELS",
    "NEWSMTSC_COLUMNS",
    "NewsMTSCData",
    "StanceEvaluation",
    "read_newsmtsc",
    "evaluate_labels",
    "predict_lexicon",
]

#: Stance labels in a fixed order (confusion matrices use it).
LABELS = ("against", "neutral", "favor")
#: NewsMTSC polarity -> stance label.
POLARITY_LABELS = {2.0: "against", 4.0: "neutral", 6.0: "favor"}
#: Columns of :attr:`NewsMTSCData.rows`: one row per (sentence, target).
#: ``line`` is the 1-based line in the file, ``target_index`` the target's index in
#: that line, ``others`` the ``(start, end)`` spans of the sentence's other targets.
NEWSMTSC_COLUMNS = ["line", "target_index", "gid", "text", "start", "end", "mention",
                    "label", "others"]
REJECT_COLUMNS = ["line", "target_index", "reason"]


@dataclass(frozen=True)
class NewsMTSCData:
    """Rows read from a NewsMTSC file and the rows rejected with reasons."""

    rows: pd.DataFrame
    rejected: pd.DataFrame
    path: str
    sha256: str

    @property
    def X(self) -> pd.DataFrame:
        """Features for :class:`framing.stance_model.StanceClassifier` (text, start, end, others)."""
        return self.rows[["text", "start", "end", "others"]]

    @property
    def y(self) -> np.ndarray:
        """Gold labels (against / neutral / favor)."""
        return self.rows["label"].to_numpy(dtype=object)


def read_newsmtsc(path: str | Path) -> NewsMTSCData:
    """Read a NewsMTSC JSONL file.

    Parameters
    ----------
    path : str or Path
        The JSONL file.

    Returns
    -------
    NewsMTSCData
        ``rows`` (:data:`NEWSMTSC_COLUMNS`) and ``rejected`` (``line``,
        ``target_index`` (-1 for the whole line), ``reason``).

    Raises
    ------
    MissingFileError
        If the file does not exist.
    """
    import hashlib

    path = Path(path)
    if not path.is_file():
        raise MissingFileError("NewsMTSC file not found", path=str(path),
                               hint="give the path of a .jsonl file")
    data = path.read_bytes()
    rows: list[dict] = []
    rejected: list[dict] = []
    # lines split on "\n" only: str.splitlines() would also split on U+2028 and U+0085,
    # which JSON strings may hold unescaped
    for lineno, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8").removesuffix("\r")
        except UnicodeDecodeError as err:
            rejected.append({"line": lineno, "target_index": -1,
                             "reason": f"not valid UTF-8 (byte {err.start + 1} of the line)"})
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            rejected.append({"line": lineno, "target_index": -1,
                             "reason": f"not valid JSON ({err.msg} at column {err.colno})"})
            continue
        if not isinstance(obj, dict):
            rejected.append({"line": lineno, "target_index": -1,
                             "reason": "a line must be a JSON object"})
            continue
        text = obj.get("sentence_normalized")
        targets = obj.get("targets")
        if not isinstance(text, str) or not text:
            rejected.append({"line": lineno, "target_index": -1,
                             "reason": "missing or empty 'sentence_normalized'"})
            continue
        if not isinstance(targets, list) or not targets:
            rejected.append({"line": lineno, "target_index": -1,
                             "reason": "missing or empty 'targets' list"})
            continue
        good: list[dict] = []
        for index, target in enumerate(targets):
            row, reason = _target_row(text, target)
            if reason:
                rejected.append({"line": lineno, "target_index": index, "reason": reason})
                continue
            row.update(line=lineno, target_index=index, text=text,
                       gid=str(target.get("Input.gid", obj.get("primary_gid", ""))))
            good.append(row)
        for row in good:
            row["others"] = tuple((o["start"], o["end"]) for o in good if o is not row)
        rows.extend(good)
    frame = pd.DataFrame(rows, columns=NEWSMTSC_COLUMNS)
    frame[["line", "target_index", "start", "end"]] = \
        frame[["line", "target_index", "start", "end"]].astype("int64")
    return NewsMTSCData(rows=frame, rejected=pd.DataFrame(rejected, columns=REJECT_COLUMNS),
                        path=str(path), sha256=hashlib.sha256(data).hexdigest())


def _target_row(text: str, target: object) -> tuple[dict, str]:
    if not isinstance(target, dict):
        return {}, "a target must be a JSON object"
    missing = [k for k in ("from", "to", "polarity") if k not in target]
    if missing:
        return {}, f"target is missing {', '.join(repr(k) for k in missing)}"
    start, end, polarity = target["from"], target["to"], target["polarity"]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool)
               and math.isfinite(v) for v in (start, end)) or int(start) != start \
            or int(end) != end:
        return {}, f"'from'/'to' must be whole numbers (got {start!r}, {end!r})"
    start, end = int(start), int(end)
    if not 0 <= start < end <= len(text):
        return {}, (f"offsets from={start} to={end} are outside the sentence "
                    f"(length {len(text)})")
    label, reason = _polarity_label(polarity)
    if reason:
        return {}, reason
    mention = target.get("mention")
    if mention is not None and mention != text[start:end]:
        return {}, (f"'mention' {mention!r} does not match the sentence at "
                    f"{start}:{end} ({text[start:end]!r})")
    return {"start": start, "end": end, "mention": text[start:end], "label": label}, ""


#: JSON's names for the Python types ``json.loads`` gives, for error messages.
_JSON_TYPES = {str: "a string", bool: "a boolean", type(None): "null", list: "an array", dict: "an object"}


def _polarity_label(polarity: object) -> tuple[str, str]:
    """``(label, "")`` for a JSON number equal to 2, 4 or 6, else ``("", reason)``.

    The published files write 2.0 / 4.0 / 6.0, so a float equal to one of them
    counts as that integer; anything else (4.5, NaN, the string "4.0", true) is
    refused rather than guessed at, since a label read wrongly changes every figure.
    """
    if isinstance(polarity, bool) or not isinstance(polarity, (int, float)):
        kind = _JSON_TYPES.get(type(polarity), type(polarity).__name__)
        shown = "null" if polarity is None else f"{kind} {json.dumps(polarity, ensure_ascii=False)}"
        return "", (f"field 'polarity' must be the number 2, 4 or 6, got {shown}"
                    + (" (write the number without quotes)" if _is_number(polarity) else ""))
    if polarity not in POLARITY_LABELS:  # NaN equals nothing: refused here too
        return "", (f"field 'polarity' must be 2 (negative), 4 (neutral) or 6 (positive), "
                    f"got {polarity!r}")
    return POLARITY_LABELS[polarity], ""


def _is_number(value: object) -> bool:
    """Whether ``value`` is a string holding a number (a quoted polarity)."""
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class StanceEvaluation:
    """Scores of predicted against gold stance labels.

    Attributes
    ----------
    macro_f1 : float
        Unweighted mean of the per-class F1 over :attr:`labels`; NaN with no pairs.
    accuracy : float
        NaN with no pairs.
    n : int
        Number of scored pairs.
    confusion : DataFrame
        Gold labels in rows, predictions in columns (order :data:`LABELS`).
    per_class : DataFrame
        precision, recall, f1 and support per label.  A label not in the gold
        data has no recall and, unless the caller fixed the labels, no F1 (NaN);
        its precision is 0 when it was predicted (every such prediction is wrong).
    absent : tuple of str
        Labels (of :data:`LABELS`, or of the caller's ``labels``) not in the gold data.
    labels : tuple of str
        The labels ``macro_f1`` averages over: those in the gold data, or the
        caller's ``labels``.
    fixed : bool
        Whether the caller fixed ``labels`` (then a label of them not in the gold
        data counts with an F1 of 0).
    """

    macro_f1: float
    accuracy: float
    n: int
    confusion: pd.DataFrame
    per_class: pd.DataFrame
    absent: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    fixed: bool = False

    def averaging_note(self) -> str:
        """One line saying which labels ``macro_f1`` averages over when that is
        not all of :data:`LABELS` ("" when it is, or with no pairs)."""
        if not self.n or (not self.absent and set(self.labels) >= set(LABELS)):
            return ""
        over = ", ".join(self.labels) or "no label"
        if self.fixed:
            text = f"macro-F1 is the mean over {over} (the labels asked for)"
            missing = [label for label in self.absent if label in self.labels]
            if missing:
                text += (f"; {_names(missing)} {_be(missing)} not in the gold labels and "
                         f"count{'s' if len(missing) == 1 else ''} as 0")
            return text
        text = f"macro-F1 is the mean over {over} (the labels in the gold data)"
        if self.absent:
            text += f"; {_names(self.absent)} {_be(self.absent)} not in the gold labels"
            stray = self.confusion[list(self.absent)].to_numpy().sum()
            text += (f" (predicted {stray} time{'s' if stray != 1 else ''}, all wrong)"
                     if stray else "")
            text += ": no F1"
        return text

    def summary(self) -> str:
        """Plain-text report (figures, the labels averaged over when not all three,
        confusion matrix, per-class scores)."""
        conf = self.confusion.copy()
        conf.index = [f"gold {i}" for i in conf.index]
        text = f"n={self.n}  macro-F1={self.macro_f1:.3f}  accuracy={self.accuracy:.3f}\n"
        note = self.averaging_note()
        if note:
            text += note + "\n"
        return (text + f"confusion (rows gold, columns predicted):\n{conf.to_string()}\n"
                f"per class:\n{self.per_class.to_string(float_format=lambda v: f'{v:.3f}')}")


def _names(labels: Sequence[str]) -> str:
    return ", ".join(labels)


def _be(labels: Sequence[str]) -> str:
    return "is" if len(labels) == 1 else "are"


def evaluate_labels(y_true: Sequence[str], y_pred: Sequence[str], *,
                    labels: Sequence[str] | None = None) -> StanceEvaluation:
    """Macro-F1, accuracy and confusion matrix of stance labels.

    Macro-F1 is the unweighted mean of the per-class F1 over the labels that
    occur in the gold data ``y_true`` (or over ``labels`` when given), the same
    as scikit-learn's ``f1_score(y_true, y_pred, labels=<those labels>,
    average="macro", zero_division=0)``.  So it does not depend on which labels a
    method happens to predict: a label predicted but not in the gold data is no
    term of the mean (it has no recall, hence no F1), and its predictions still
    cost the recall of the true labels they replace.  A label not in the gold
    data is named in ``absent`` and in the summary.  On files where all three
    labels occur (the NewsMTSC splits) this is the usual macro-F1.

    scikit-learn differs: without ``labels=`` its ``f1_score(average="macro")``
    averages over the labels in the gold data *or* the predictions, so one stray
    prediction of a label missing from the gold data adds an F1 of 0 to the mean
    (gold 80 neutral / 20 against: one stray 'favor' gives 0.665, ten missed
    'against' 0.804); with ``labels=`` it averages over exactly those, and a
    label without gold rows or predictions gets ``zero_division`` (0 by default,
    with a warning).  Pass ``labels=LABELS`` for that fixed three-label figure.

    Parameters
    ----------
    y_true, y_pred : sequence of str
        Gold and predicted labels (:data:`LABELS`), aligned.
    labels : sequence of str, optional
        Average over these labels instead (a label of them not in the gold data
        then counts with an F1 of 0): the same set for every sample or fold
        compared.

    Returns
    -------
    StanceEvaluation
        ``labels`` names the labels averaged over, ``absent`` those not in the gold data.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    y_true, y_pred = list(y_true), list(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} gold labels but {len(y_pred)} predictions")
    fixed = labels is not None
    if fixed:
        labels = list(dict.fromkeys(labels))
        if not labels:
            raise ValueError("labels must name at least one label")
    seen = set(y_true) | set(y_pred) | set(labels or ())
    table = list(LABELS) + sorted(str(label) for label in seen - set(LABELS))
    in_gold = set(y_true)
    averaged = tuple(labels) if fixed else tuple(label for label in table if label in in_gold)
    absent = tuple(label for label in (labels if fixed else LABELS) if label not in in_gold)
    if not y_true:  # scikit-learn refuses empty input: nothing to score
        zeros = np.zeros(len(table), dtype=int)
        return StanceEvaluation(
            macro_f1=math.nan, accuracy=math.nan, n=0, absent=absent, labels=averaged,
            fixed=fixed, confusion=pd.DataFrame(0, index=table, columns=table),
            per_class=pd.DataFrame({"precision": math.nan, "recall": math.nan, "f1": math.nan,
                                    "support": zeros}, index=table))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=table,
                                                 zero_division=0)
    conf = pd.DataFrame(confusion_matrix(y_true, y_pred, labels=table),
                        index=table, columns=table)
    per_class = pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s}, index=table)
    no_gold = [label for label in table if label not in in_gold]
    per_class.loc[no_gold, "recall"] = math.nan
    per_class.loc[[label for label in no_gold if not conf[label].any()], "precision"] = math.nan
    per_class.loc[[label for label in no_gold if label not in averaged], "f1"] = math.nan
    return StanceEvaluation(macro_f1=float(per_class.loc[list(averaged), "f1"].mean()),
                            accuracy=float(accuracy_score(y_true, y_pred)),
                            n=len(y_true), confusion=conf, per_class=per_class, absent=absent,
                            labels=averaged, fixed=fixed)


def predict_lexicon(rows: pd.DataFrame, scorer: object | None = None,
                    *, score_only: bool = False,
                    lexicons: Sequence[Any] | None = ("loaded_language",)) -> np.ndarray:
    """Lexicon stance for each NewsMTSC row, scoring each sentence once with all its targets.

    The method is scored as ``framing score`` runs it: the loaded-term hits of
    ``lexicons`` in the sentence count as it does there.

    Parameters
    ----------
    rows : DataFrame
        :attr:`NewsMTSCData.rows` (or any frame with ``text``, ``start``, ``end``
        and optional ``line``).
    scorer : LexiconStance, optional
        Default ``LexiconStance()``.
    score_only : bool
        Return scores in [-1, 1] instead of labels.
    lexicons : sequence of str or Lexicon, optional
        Loaded-term lexicons (built-in names or files); default ``framing score``'s,
        the built-in ``loaded_language``. ``None`` or empty: valence words only.

    Returns
    -------
    ndarray
        Labels (or scores) aligned with ``rows``.
    """
    from framing.matcher import Matcher
    from framing.stance import LexiconStance, label_from_score

    scorer = scorer or LexiconStance()
    score: Callable = scorer.score_spans  # type: ignore[attr-defined]
    matcher = Matcher(tuple(lexicons)) if lexicons else None
    keys = rows["line"] if "line" in rows else rows["text"]
    out = np.empty(len(rows), dtype=object)
    positions = {k: [] for k in dict.fromkeys(keys)}
    for pos, k in enumerate(keys):
        positions[k].append(pos)
    texts = rows["text"].to_numpy()
    starts = rows["start"].to_numpy()
    ends = rows["end"].to_numpy()
    for idx in positions.values():
        spans = [(f"t{p}", int(starts[p]), int(ends[p])) for p in idx]
        text = texts[idx[0]]
        scores = score(text, spans, matcher.find(text) if matcher is not None else None)
        for p in idx:
            value = scores.get(f"t{p}", 0.0)
            out[p] = value if score_only else label_from_score(value, scorer.threshold)
    return out
