"""framing: media framing analysis for Jupyter, reports and scripts.

Loaded terms, voice (the outlet's own words versus the people it quotes),
stance toward targets, and outlet comparisons with honest uncertainty.

This module only re-exports the public API.  Names are imported lazily on
first use (PEP 562) so ``import framing`` and the ``framing`` command start fast.

No export shares its name with a submodule (tests/test_init.py checks it):
importing ``framing.<module>`` sets the package attribute of that name, which
would otherwise hide the export.  So ``framing.kwic`` is always the function
(defined in ``framing.keyword_context``) and ``framing.stance_summary`` the
function (in ``framing.stance_stats``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it (one line per name; keep sorted by module)
_EXPORTS: dict[str, str] = {
    # errors
    "FramingError": "framing.errors",
    "InputError": "framing.errors",
    "CorpusError": "framing.errors",
    "LexiconError": "framing.errors",
    "TargetsError": "framing.errors",
    "ParameterError": "framing.errors",
    "MissingFileError": "framing.errors",
    "ModelError": "framing.errors",
    "ReportError": "framing.errors",
    # text
    "segment": "framing.text",
    "count_words": "framing.text",
    # quotes and voice
    "find_quotes": "framing.quotes",
    "Quote": "framing.quotes",
    "QuoteIndex": "framing.quotes",
    "voice_of_span": "framing.quotes",
    "sentence_voice": "framing.quotes",
    "quotes_frame": "framing.quotes",
    "reporting_verbs": "framing.speakers",
    "fuller_names": "framing.speaker_names",
    # corpus
    "load_corpus": "framing.corpus",
    "iter_corpus": "framing.corpus",
    "Corpus": "framing.corpus",
    "CleaningOptions": "framing.clean",
    "clean_text": "framing.clean",
    # scoring
    "score_corpus": "framing.scoring",
    "write_scores": "framing.scoring",
    "score_documents": "framing.pipeline",
    "Scorer": "framing.pipeline",
    "ScoreSettings": "framing.pipeline",
    "Scores": "framing.pipeline",
    "ScoreCache": "framing.cache",
    # lexicons
    "Lexicon": "framing.lexicon",
    "LexiconEntry": "framing.lexicon",
    "load_lexicon": "framing.lexicon",
    "list_builtin_lexicons": "framing.lexicon",
    "Matcher": "framing.matcher",
    "Hit": "framing.matcher",
    "compile_matcher": "framing.matcher",
    "LoadedTermCounter": "framing.features",
    # reports
    "run_report": "framing.report",
    "notebook_parameters": "framing.report",
    "run_batch": "framing.report_batch",
    "run_metadata": "framing.provenance",
    # syndication, keyword in context, display
    "find_duplicates": "framing.syndication",
    "exclusion_set": "framing.syndication",
    "doc_weights": "framing.syndication",
    "kwic": "framing.keyword_context",
    "KwicFrame": "framing.keyword_context",
    "highlight": "framing.display",
    "show_document": "framing.display",
    "preview": "framing.display",
    # comparison statistics
    "loaded_rates": "framing.compare",
    "compare_outlets": "framing.compare",
    "split_half_null": "framing.compare",
    "distinctive_terms": "framing.distinctive",
    "benjamini_hochberg": "framing.resample",
    "doc_counts": "framing.doccounts",
    "simulate_corpus": "framing.simulate",
    "SimulatedCorpus": "framing.simulate",
    "stance_summary": "framing.stance_stats",
    "rates_over_time": "framing.timeseries",
    "stance_over_time": "framing.timeseries",
    "Target": "framing.targets", "TargetSet": "framing.targets", "Mention": "framing.targets", "TargetMatcher": "framing.targets", "load_targets": "framing.targets", "find_mentions": "framing.targets", "voice_from_quotes": "framing.targets", "mentions_frame": "framing.targets", "LexiconStance": "framing.stance", "stance_frame": "framing.stance", "StanceClassifier": "framing.stance_model", "ModelStance": "framing.stance_model", "save_model": "framing.stance_model", "load_model": "framing.stance_model", "load_stance_model": "framing.stance_model", "cross_validate_stance": "framing.stance_model", "CrossValidation": "framing.stance_model", "read_newsmtsc": "framing.newsmtsc", "evaluate_labels": "framing.newsmtsc", "StanceEvaluation": "framing.newsmtsc",  # stance
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # let type checkers and IDEs see the real objects
    from framing.cache import ScoreCache  # noqa: F401
    from framing.clean import CleaningOptions, clean_text  # noqa: F401
    from framing.corpus import Corpus, iter_corpus, load_corpus  # noqa: F401
    from framing.provenance import run_metadata  # noqa: F401
    from framing.report import notebook_parameters, run_report  # noqa: F401
    from framing.report_batch import run_batch  # noqa: F401
    from framing.pipeline import Scorer, Scores, ScoreSettings, score_documents  # noqa: F401
    from framing.scoring import score_corpus, write_scores  # noqa: F401
    from framing.errors import (  # noqa: F401
        CorpusError,
        FramingError,
        InputError,
        LexiconError,
        MissingFileError,
        ModelError,
        ParameterError,
        ReportError,
        TargetsError,
    )
    from framing.text import count_words, segment  # noqa: F401
    from framing.quotes import Quote, QuoteIndex, find_quotes, quotes_frame, sentence_voice, voice_of_span  # noqa: F401
    from framing.speakers import reporting_verbs  # noqa: F401
    from framing.speaker_names import fuller_names  # noqa: F401
    from framing.lexicon import Lexicon, LexiconEntry, list_builtin_lexicons, load_lexicon  # noqa: F401
    from framing.matcher import Hit, Matcher, compile_matcher  # noqa: F401
    from framing.features import LoadedTermCounter  # noqa: F401
    from framing.display import highlight, preview, show_document  # noqa: F401
    from framing.keyword_context import KwicFrame, kwic  # noqa: F401
    from framing.syndication import doc_weights, exclusion_set, find_duplicates  # noqa: F401
    from framing.compare import compare_outlets, loaded_rates, split_half_null  # noqa: F401
    from framing.distinctive import distinctive_terms  # noqa: F401
    from framing.doccounts import doc_counts; from framing.resample import benjamini_hochberg  # noqa: F401, E702, I001
    from framing.simulate import SimulatedCorpus, simulate_corpus  # noqa: F401
    from framing.stance_stats import stance_summary  # noqa: F401
    from framing.timeseries import rates_over_time, stance_over_time  # noqa: F401
    from framing.newsmtsc import StanceEvaluation, evaluate_labels, read_newsmtsc; from framing.stance import LexiconStance, stance_frame; from framing.stance_model import CrossValidation, ModelStance, StanceClassifier, cross_validate_stance, load_model, load_stance_model, save_model; from framing.targets import Mention, Target, TargetMatcher, TargetSet, find_mentions, load_targets, mentions_frame, voice_from_quotes  # noqa: F401, E702, I001
