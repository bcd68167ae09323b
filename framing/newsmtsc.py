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
        Unweighted mean of per-class F1 over the labels (against / neutral /
        favor) present in the gold labels or the predictions; NaN with no pairs.
    accuracy : float
        NaN with no pairs.
    n : int
        Number of scored pairs.
    confusion : DataFrame
        Gold labels in rows, predictions in columns (order :data:`LABELS`).
    per_class : DataFrame
        precision, recall, f1 and support per label (NaN scores for an absent label).
    absent : tuple of str
        Labels found in neither the gold labels nor the predictions, left out of ``macro_f1``.
    """

    macro_f1: float
    accuracy: float
    n: int
    confusion: pd.DataFrame
    per_class: pd.DataFrame
    absent: tuple[str, ...] = ()

    def summary(self) -> str:
        """Plain-text report (figures, confusion matrix, per-class scores, absent labels)."""
        conf = self.confusion.copy()
        conf.index = [f"gold {i}" for i in conf.index]
        text = f"n={self.n}  macro-F1={self.macro_f1:.3f}  accuracy={self.accuracy:.3f}\n"
        if self.absent:
            present = [label for label in self.per_class.index if label not in self.absent]
            text += (f"macro-F1 is the mean over {', '.join(present) or 'no class'} only: "
                     f"{', '.join(self.absent)} {'is' if len(self.absent) == 1 else 'are'} absent "
                     "from gold and predictions\n")
        return (text + f"confusion (rows gold, columns predicted):\n{conf.to_string()}\n"
                f"per class:\n{self.per_class.to_string(float_format=lambda v: f'{v:.3f}')}")


def evaluate_labels(y_true: Sequence[str], y_pred: Sequence[str]) -> StanceEvaluation:
    """Macro-F1, accuracy and confusion matrix over the three stance labels.

    Macro-F1 averages the per-class F1 over the labels present in ``y_true`` or
    ``y_pred``.  A label in neither has no F1 at all (no pair is or is predicted
    so), and counting it as 0, scikit-learn's default, would cap the mean at 2/3
    on a sample without, say, favourable targets.  A label that is only gold or
    only predicted keeps its F1 of 0.  On files where all three labels occur
    (the NewsMTSC splits) this is the usual macro-F1.

    Parameters
    ----------
    y_true, y_pred : sequence of str
        Gold and predicted labels (:data:`LABELS`), aligned.

    Returns
    -------
    StanceEvaluation
        ``absent`` names the labels left out of ``macro_f1``; its summary says so.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    y_true, y_pred = list(y_true), list(y_pred)
    labels = list(LABELS)
    present = set(y_true) | set(y_pred)
    absent = tuple(label for label in labels if label not in present)
    if not y_true and not y_pred:  # scikit-learn refuses empty input: nothing to score
        zeros = np.zeros(len(labels), dtype=int)
        return StanceEvaluation(
            macro_f1=math.nan, accuracy=math.nan, n=0, absent=absent,
            confusion=pd.DataFrame(0, index=labels, columns=labels),
            per_class=pd.DataFrame({"precision": math.nan, "recall": math.nan, "f1": math.nan,
                                    "support": zeros}, index=labels))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels,
                                                 zero_division=0)
    conf = pd.DataFrame(confusion_matrix(y_true, y_pred, labels=labels),
                        index=labels, columns=labels)
    per_class = pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s}, index=labels)
    per_class.loc[list(absent), ["precision", "recall", "f1"]] = math.nan
    present_f1 = per_class["f1"].dropna()
    return StanceEvaluation(macro_f1=float(present_f1.mean()) if len(present_f1) else math.nan,
                            accuracy=float(accuracy_score(y_true, y_pred)),
                            n=len(y_true), confusion=conf, per_class=per_class, absent=absent)


def predict_lexicon(rows: pd.DataFrame, scorer: object | None = None,
                    *, score_only: bool = False) -> np.ndarray:
    """Lexicon stance for each NewsMTSC row, scoring each sentence once with all its targets.

    Parameters
    ----------
    rows : DataFrame
        :attr:`NewsMTSCData.rows` (or any frame with ``text``, ``start``, ``end``
        and optional ``line``).
    scorer : LexiconStance, optional
        Default ``LexiconStance()``.
    score_only : bool
        Return scores in [-1, 1] instead of labels.

    Returns
    -------
    ndarray
        Labels (or scores) aligned with ``rows``.
    """
    from framing.stance import LexiconStance, label_from_score

    scorer = scorer or LexiconStance()
    score: Callable = scorer.score_spans  # type: ignore[attr-defined]
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
        scores = score(texts[idx[0]], spans)
        for p in idx:
            value = scores.get(f"t{p}", 0.0)
            out[p] = value if score_only else label_from_score(value, scorer.threshold)
    return out
