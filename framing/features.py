"""Loaded-term counts as a scikit-learn transformer.

:class:`LoadedTermCounter` turns a list of texts into per-category (or per-entry)
counts of lexicon hits, optionally per 1,000 words, for use in a
:class:`sklearn.pipeline.Pipeline` next to other features.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from framing.clean import normalize_unicode
from framing.errors import ParameterError
from framing.lexicon import EXCLUDE_CATEGORY, Lexicon, as_lexicons
from framing.matcher import Matcher
from framing.text import count_words

__all__ = ["LoadedTermCounter", "PER_WORDS"]

#: Denominator of ``normalize="per_1000_words"`` (rates per 1,000 words, the usual
#: unit of dictionary-based content analysis, as in LIWC's percentages x 10).
PER_WORDS = 1000

Normalize = Literal["per_1000_words"] | None
By = Literal["category", "entry"]
_NORMALIZE = ("per_1000_words", None)
_BY = ("category", "entry")


class LoadedTermCounter(TransformerMixin, BaseEstimator):
    """Count lexicon hits in each text, by category or by entry.

    Parameters
    ----------
    lexicons : sequence of str, Path or Lexicon, default ("loaded_language",)
        Built-in names, lexicon file paths or :class:`~framing.lexicon.Lexicon` objects.
    normalize : {"per_1000_words", None}, default "per_1000_words"
        Divide counts by the number of words (:func:`framing.text.count_words`) and
        multiply by :data:`PER_WORDS`; ``None`` gives raw counts.  Empty texts give 0.
    by : {"category", "entry"}, default "category"
        One column per ``lexicon:category`` or per ``lexicon:pattern``.  A LIWC
        entry listed under several categories counts once in its entry column and
        once in each of its category columns.
    weighted : bool, default False
        Sum hit weights instead of counting hits (with ``by="entry"``, the weight
        of the first of an entry's categories, in the matcher's order).
    include_negated : bool, default True
        Count hits in the scope of a negator (a negated loaded word is still loaded).

    Attributes
    ----------
    lexicons_ : tuple of Lexicon
        The loaded lexicons.
    feature_names_out_ : ndarray of str
        Column names, ``"<lexicon name>:<category>"`` or ``"<lexicon name>:<pattern>"``;
        ``"<name>@<version>:..."`` for lexicons that share a name (two versions of one
        lexicon), so names are unique.
    matcher_ : Matcher
        The compiled matcher.

    Notes
    -----
    ``transform`` returns a dense ``float64`` array for ``by="category"`` and a
    CSR sparse matrix for ``by="entry"`` (mostly zeros).
    """

    def __init__(self, *, lexicons: Sequence[str | Lexicon] = ("loaded_language",),
                 normalize: Normalize = "per_1000_words", by: By = "category",
                 weighted: bool = False, include_negated: bool = True) -> None:
        self.lexicons = lexicons
        self.normalize = normalize
        self.by = by
        self.weighted = weighted
        self.include_negated = include_negated

    def fit(self, X: Iterable[str] | None = None, y=None) -> LoadedTermCounter:
        """Load the lexicons and fix the feature names (the texts are not used).

        Parameters
        ----------
        X : iterable of str, ignored
        y : ignored

        Returns
        -------
        self
        """
        if self.normalize not in _NORMALIZE:
            raise ParameterError(f"normalize={self.normalize!r} is not supported",
                                 field="normalize", hint="use 'per_1000_words' or None")
        if self.by not in _BY:
            raise ParameterError(f"by={self.by!r} is not supported", field="by",
                                 hint="use 'category' or 'entry'")
        self.lexicons_ = as_lexicons(self.lexicons)
        names: list[str] = []
        index: dict[tuple[str, str], int] = {}
        lex_names = [lex.name for lex in self.lexicons_]
        for lex in self.lexicons_:
            # two versions of one lexicon (compared side by side) are told apart by version
            prefix = lex.id if lex_names.count(lex.name) > 1 else lex.name
            keys = (lex.category_names if self.by == "category"
                    else dict.fromkeys(e.pattern for e in lex.entries
                                       if e.category != EXCLUDE_CATEGORY))
            for key in keys:
                if key == EXCLUDE_CATEGORY:
                    continue
                index[(lex.id, key)] = len(names)
                names.append(f"{prefix}:{key}")
        self._index = index
        self.feature_names_out_ = np.asarray(names, dtype=object)
        self.matcher_ = Matcher(self.lexicons_)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray | sp.csr_matrix:
        """Count hits in each text.

        Parameters
        ----------
        X : iterable of str
            Texts (a list, a pandas Series...); each is Unicode-normalised first
            (:func:`framing.clean.normalize_unicode`: NFC, soft hyphens and
            zero-width characters removed), as corpus texts are.

        Returns
        -------
        ndarray or scipy.sparse.csr_matrix of shape (n_texts, n_features)
        """
        check_is_fitted(self, ("matcher_", "feature_names_out_"))
        if isinstance(X, str):
            raise ParameterError("X must be a list of texts, not a single string",
                                 field="X", hint="wrap the text in a list: [text]")
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        n = 0
        for i, text in enumerate(X):
            n = i + 1
            if not isinstance(text, str):
                raise ParameterError(f"X[{i}] is {type(text).__name__}, not text", field="X",
                                     hint="give a list of strings (fill missing texts with '')")
            text = normalize_unicode(text)  # patterns are NFC without invisibles (lexicon.py)
            found: dict[int, float] = {}
            seen: set[tuple[int, int]] = set()
            for hit in self.matcher_.find(text):
                if hit.negated and not self.include_negated:
                    continue
                key = (hit.lexicon, hit.category if self.by == "category" else hit.entry)
                j = self._index[key]
                if (j, hit.start) in seen:
                    # a LIWC entry with several categories gives one hit per category:
                    # one occurrence of the entry, however many categories it has
                    continue
                seen.add((j, hit.start))
                found[j] = found.get(j, 0.0) + (hit.weight if self.weighted else 1.0)
            if found and self.normalize == "per_1000_words":
                words = count_words(text)
                scale = PER_WORDS / words if words else 0.0
                found = {j: v * scale for j, v in found.items()}
            for j, v in found.items():
                rows.append(i)
                cols.append(j)
                vals.append(v)
        shape = (n, len(self.feature_names_out_))
        matrix = sp.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float64)
        return matrix if self.by == "entry" else matrix.toarray()

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Column names: ``"<lexicon name>:<category>"`` or ``"<lexicon name>:<pattern>"``
        (``name@version`` for lexicons that share a name)."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
