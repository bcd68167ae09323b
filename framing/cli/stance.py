"""``framing stance``: train and evaluate stance methods, explain a sentence's scores.

* ``framing stance train --format newsmtsc FILE --out MODEL [--cv K]``
* ``framing stance eval --format newsmtsc FILE [FILE ...] [--model MODEL]``
  (without ``--model`` the lexicon method is scored)
* ``framing stance explain "SENTENCE" [--targets FILE] [--lexicon NAME|FILE]``
"""

from __future__ import annotations

import argparse
import sys
import time

from framing.cli.common import DEFAULT_LEXICONS
from framing.errors import EXIT_OK, EXIT_PROBLEMS, FramingError, InputError, ParameterError

#: Rejected rows listed one by one before the rest is summarised as a count.
MAX_REJECTS_SHOWN = 20
FORMATS = ("newsmtsc",)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``stance`` command and its subcommands."""
    parser = subparsers.add_parser(
        "stance", help="train, evaluate and explain stance toward targets",
        description="Stance toward targets: the lexicon method (default) and a "
                    "supervised classifier trained on labelled sentences.")
    sub = parser.add_subparsers(dest="stance_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: _help(parser))

    train = sub.add_parser("train", help="train a stance classifier on labelled data")
    train.add_argument("file", help="labelled data (NewsMTSC JSONL)")
    train.add_argument("--format", choices=FORMATS, default="newsmtsc",
                       help="format of FILE (default: newsmtsc)")
    train.add_argument("--out", required=True, help="where to save the model")
    train.add_argument("--cv", type=int, default=0, metavar="K",
                       help="also report K-fold cross-validation on FILE (folds grouped by sentence)")
    train.add_argument("--C", type=float, default=None,
                       help="inverse regularisation strength, 1e-4 to 1e4 (default: the tuned value, 1)")
    train.add_argument("--embeddings", action="store_true",
                       help="add MiniLM embeddings of the target's window (optional extra "
                            "framing[embed]; more accurate, slower to train: docs/stance.md)")
    train.set_defaults(func=_train)

    ev = sub.add_parser("eval", help="score a stance method against gold labels")
    ev.add_argument("files", nargs="+", metavar="FILE", help="gold data (NewsMTSC JSONL)")
    ev.add_argument("--format", choices=FORMATS, default="newsmtsc",
                    help="format of FILE (default: newsmtsc)")
    ev.add_argument("--model", default=None,
                    help="a model from 'framing stance train' (default: the lexicon method)")
    ev.add_argument("--lexicon", action="append", default=None, metavar="NAME|FILE",
                    help="lexicon method: loaded-term lexicon whose hits count as in 'framing "
                         "score' (repeatable; default: loaded_language; 'none' for valence "
                         "words only)")
    ev.set_defaults(func=_eval)

    ex = sub.add_parser("explain", help="show which words move each target's score in a sentence")
    ex.add_argument("sentence", help="the sentence (quote it)")
    ex.add_argument("--targets", default=None,
                    help="targets YAML file or built-in name (default: sample)")
    ex.add_argument("--lexicon", action="append", default=None, metavar="NAME|FILE",
                    help="loaded-term lexicon whose hits count against the target they attach "
                         "to, as in 'framing score' (repeatable; default: loaded_language; "
                         "'none' for valence words only)")
    ex.set_defaults(func=_explain)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _read(path: str, fmt: str):
    from framing.newsmtsc import read_newsmtsc

    data = read_newsmtsc(path)
    rejected = data.rejected
    if len(rejected):
        for row in rejected.head(MAX_REJECTS_SHOWN).itertuples(index=False):
            where = f"{path}:{row.line}" + ("" if row.target_index < 0
                                             else f" target {row.target_index}")
            # row rejections are part of the run's report (stdout); stderr is for errors
            print(f"rejected {where}: {row.reason}")
        if len(rejected) > MAX_REJECTS_SHOWN:
            print(f"... and {len(rejected) - MAX_REJECTS_SHOWN} more")
    print(f"{path}: {len(data.rows)} rows read, {len(rejected)} rejected")
    return data


def _train(args: argparse.Namespace) -> int:
    from framing.stance_model import StanceClassifier, check_C, cross_validate_stance, save_model

    if args.cv and args.cv < 2:
        raise ParameterError(f"--cv must be 0 (off) or at least 2 folds, got {args.cv}", field="--cv",
                             hint="use e.g. --cv 5")
    if args.C is not None:  # before reading the data: a C out of range can stall for minutes
        check_C(args.C, field="--C")
    data = _read(args.file, args.format)
    if data.rows.empty:
        raise InputError("no usable rows to train on (every row was rejected; see the reasons above)",
                         path=args.file, hint="check the file's format (--format) and its rows")
    labels = sorted(set(data.y))
    if len(labels) < 2:
        raise InputError(f"every usable row has the label {labels[0]!r}: a classifier needs "
                         "at least two labels", path=args.file,
                         hint="add rows with other labels (against / neutral / favor)")
    sentences = data.rows["text"].nunique()  # cross-validation folds are groups of sentences
    if args.cv > sentences:
        raise ParameterError(f"--cv {args.cv} is more folds than the {sentences} sentences "
                             "of the file", field="--cv", hint=f"use at most --cv {sentences}")
    params = {} if args.C is None else {"C": args.C}
    model = StanceClassifier(**params, embeddings=args.embeddings)
    started = time.perf_counter()
    try:
        if args.cv:
            result = cross_validate_stance(model, data.X, data.y, cv=args.cv)
            print(f"cross-validation ({args.cv} folds, grouped by sentence): {result.summary()}")
            started = time.perf_counter()
        model.fit(data.X, data.y)
    except FramingError:  # its own message and fix (the embed extra missing): not a data problem
        raise
    except ValueError as err:  # scikit-learn's, e.g. no word left after min_df on tiny data
        raise InputError(f"cannot train on this data: {err}", path=args.file,
                         hint="give more labelled rows (a few dozen per label at least)") from None
    seconds = time.perf_counter() - started
    meta = save_model(model, args.out, data_source=args.file)
    print(f"trained model:{meta['model_id']} on {meta['n_train']} rows in {seconds:.1f} s "
          f"(labels {', '.join(meta['labels'])}; data sha256 {meta['data_sha256'][:12]})")
    print(f"saved {args.out}")
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from framing.newsmtsc import evaluate_labels, predict_lexicon

    model = None
    if args.model:
        from framing.stance_model import load_model

        model = load_model(args.model)
        method = model.method
    else:
        method = "lexicon"
    status = EXIT_OK
    for path in args.files:
        data = _read(path, args.format)
        if data.rows.empty:
            print(f"{path}: no usable rows (the file is empty or every row was rejected, "
                  "see above); fix: check the file's format (--format) and its rows",
                  file=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        pred = (model.predict(data.X) if model is not None
                else predict_lexicon(data.rows, lexicons=_lexicons(args)))
        ev = evaluate_labels(data.y, pred)
        print(f"method {method} on {path}")
        print(ev.summary())
    return status


def _lexicons(args: argparse.Namespace) -> list[str]:
    """The --lexicon values (default framing score's), without 'none'."""
    return [x for x in (args.lexicon or DEFAULT_LEXICONS) if x.lower() != "none"]


def _explain(args: argparse.Namespace) -> int:
    import pandas as pd

    from framing.matcher import Matcher
    from framing.stance import LexiconStance
    from framing.targets import find_mentions, load_targets

    targets = load_targets(args.targets) if args.targets else load_targets()
    text = args.sentence
    mentions = find_mentions(text, 0, len(text), targets)
    if not mentions:
        print(f"no target of {targets.id} is mentioned")
        return EXIT_OK
    # the loaded-term hits 'framing score' would pass, so the scores are the pipeline's
    lexicons = _lexicons(args)
    hits = Matcher(tuple(lexicons)).find(text) if lexicons else []
    scorer = LexiconStance()
    rows = scorer.score_sentence(text, 0, len(text), mentions, hits)
    table = scorer.explain(text, 0, len(text), mentions, hits)
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.max_colwidth", 60):
        for row in rows:
            print(f"{row['target']} ({row['alias']!r} at {row['start']}): "
                  f"score {row['score']:+.3f} -> {row['label']}")
            part = table[table.target == row["target"]]
            if len(part):
                print(part.drop(columns=["target"]).to_string(index=False,
                                                                float_format="{:.3f}".format))
    return EXIT_OK
