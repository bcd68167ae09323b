"""Stance on NewsMTSC: lexicon method, baselines and the classifier, with timings.

Usage::

    python benchmarks/eval_stance.py [--data ../shared/data/newsmtsc] [--tune] [--cv 5]
                                     [--no-dev] [--embed [--embed-sentence]] [--fit-time N]

Trains only on ``train.jsonl``; reports macro-F1 and accuracy on
``splits/rw_dev.jsonl`` and ``splits/mt_dev.jsonl`` (any other file of the same
format can be given with ``--eval``).  ``--tune`` prints the grid search of the
lexicon method's parameters on train (how the defaults in framing.stance were
chosen); ``--cv K`` adds K-fold cross-validation of the classifier on train
(grouped by sentence), with figures on all of train and on its multi-target
proxy: train sentences with two or more targets that share no content word (the
dev slice ``mt`` holds sentences whose targets are different persons).
``--no-dev`` prints only the train figures (the way settings were chosen).
``--embed`` adds the classifier with sentence embeddings (``framing[embed]``) to
the CV and the dev table (``--embed-sentence``: also whole-sentence embeddings);
PyTorch runs on ``--torch-threads`` threads (default 1).  ``--fit-time N`` fits
the classifier(s) N times on all of train and prints the median time of the
whole ``fit`` (features and encoding included); run it under ``taskset -c 1``
for the one-core figure.
Exits 0 without output figures when the data is absent.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.base import clone

from framing.newsmtsc import evaluate_labels, predict_lexicon, read_newsmtsc
from framing.stance import LexiconStance, label_from_score
from framing.stance_model import StanceClassifier, cross_validate_stance
from framing.stance_words import vader_lexicon

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsmtsc"
#: VADER's conventional compound-score threshold for the whole-sentence baseline.
VADER_THRESHOLD = 0.05


def vader_sentence(rows) -> np.ndarray:
    """Baseline: VADER compound score of the whole sentence, ignoring the target."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    cache: dict[str, float] = {}
    out = []
    for text in rows["text"]:
        if text not in cache:
            cache[text] = sia.polarity_scores(text)["compound"]
        out.append(label_from_score(cache[text], VADER_THRESHOLD))
    return np.asarray(out, dtype=object)


def tfidf_baseline(train, evals):
    """Baseline: TF-IDF word 1-2 grams of the target-marked sentence + logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    def marked(rows):
        return [t[:s] + " TARGETX " + t[e:] for t, s, e in zip(rows.text, rows.start, rows.end,
                                                                strict=True)]
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                          LogisticRegression(max_iter=2000, class_weight="balanced"))
    model.fit(marked(train.rows), train.y)
    return [model.predict(marked(d.rows)) for d in evals]


_MENTION_STOP = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "president", "of", "and",
                           "s", "his", "her", "he", "she", "him", "it", "they", "them",
                           "their"})


def multi_target_proxy(rows) -> np.ndarray:
    """Rows of sentences with 2+ targets whose mentions share no content word.

    Train has many sentences whose two targets are one person ("Roger Ailes" and
    "Roger", a pronoun and a name); NewsMTSC's ``mt`` slices hold targets that are
    different persons.  Pronoun-only mentions are left out (they may corefer).
    """
    import re

    out = np.zeros(len(rows), dtype=bool)
    for _, group in rows.groupby("line"):
        if len(group) < 2:
            continue
        words = [{w for w in re.findall(r"\w+", m.lower()) if w not in _MENTION_STOP}
                 for m in group["mention"]]
        if all(words) and not any(words[i] & words[j] for i in range(len(words))
                                  for j in range(i + 1, len(words))):
            out[rows.index.get_indexer(group.index)] = True
    return out


def tune_lexicon(train) -> None:
    """Grid search of the window parameters, then one-at-a-time sweeps of the rule factors."""
    grid = {"window": [15, 30], "decay": [0.85, 0.9, 0.95], "cross_clause": [0.35, 1.0],
            "competing": [0.7, 1.0], "speaker": [0.0, 0.1], "min_valence": [0.5, 0.8]}
    thresholds = [0.01, 0.02, 0.03, 0.05, 0.08]
    best = (0.0, None)
    for values in itertools.product(*grid.values()):
        params = dict(zip(grid, values, strict=True))
        scores = predict_lexicon(train.rows, LexiconStance(**params), score_only=True)
        for th in thresholds:
            f1 = evaluate_labels(train.y, [label_from_score(v, th) for v in scores]).macro_f1
            if f1 > best[0]:
                best = (f1, {**params, "threshold": th})
        print(f"tune {params}: best so far {best[0]:.4f} {best[1]}", flush=True)
    print(f"best on train: macro-F1 {best[0]:.4f} with {best[1]}")
    sweeps = {"non_agent": [0.0, 0.3, 0.5, 0.7, 1.0], "place": [0.0, 0.1, 0.3, 1.0],
              "quoted_phrase": [0.0, 0.5, 1.0], "opposed": [0.0, 0.5, 1.0, 2.0]}
    for name, values in sweeps.items():
        cells = []
        for value in values:
            pred = predict_lexicon(train.rows, LexiconStance(**{name: value}))
            cells.append(f"{value:g}: {evaluate_labels(train.y, pred).macro_f1:.4f}")
        print(f"sweep {name} (others at their defaults): " + ", ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--eval", nargs="*", type=Path, default=None,
                        help="files to report on (default: the two dev slices)")
    parser.add_argument("--tune", action="store_true", help="grid-search the lexicon method")
    parser.add_argument("--cv", type=int, default=0, help="K-fold CV of the classifier on train")
    parser.add_argument("--no-dev", action="store_true",
                        help="train figures only (no dev slices)")
    parser.add_argument("--embed", action="store_true",
                        help="also the classifier with sentence embeddings (framing[embed])")
    parser.add_argument("--embed-sentence", action="store_true",
                        help="with --embed: also embed whole sentences (slower)")
    parser.add_argument("--torch-threads", type=int, default=1,
                        help="PyTorch threads for --embed (default 1: one core)")
    parser.add_argument("--fit-time", type=int, default=0, metavar="N",
                        help="time N fits on all of train (median; no dev figures)")
    args = parser.parse_args(argv)
    if args.embed:
        import torch

        torch.set_num_threads(args.torch_threads)
    embedded_model = StanceClassifier(embeddings=True, embed_sentence=args.embed_sentence)
    # the classifiers cross-validated and timed (features and encoding included in fit)
    models = {"classifier": StanceClassifier()}
    if args.embed:
        window = f"{embedded_model.embed_window}-word window" + (", sentence" if args.embed_sentence else "")
        models[f"classifier + embeddings ({window})"] = embedded_model
    train_path = args.data / "train.jsonl"
    if not train_path.is_file():
        print(f"skipped: {train_path} not found")
        return 0
    evals_paths = args.eval or [args.data / "splits" / "rw_dev.jsonl",
                                args.data / "splits" / "mt_dev.jsonl"]
    train = read_newsmtsc(train_path)
    evals = [read_newsmtsc(p) for p in evals_paths]
    if args.tune:
        tune_lexicon(train)
    vader_lexicon()  # load once outside the timings

    if args.cv:
        proxy = multi_target_proxy(train.rows)
        lex = predict_lexicon(train.rows)
        ev_all, ev_mt = evaluate_labels(train.y, lex), evaluate_labels(train.y[proxy],
                                                                       lex[proxy])
        print(f"lexicon on train: macro-F1 {ev_all.macro_f1:.3f} (acc {ev_all.accuracy:.3f}); "
              f"multi-target proxy ({proxy.sum()} targets) {ev_mt.macro_f1:.3f}")
        for name, estimator in models.items():
            result = cross_validate_stance(estimator, train.X, train.y, cv=args.cv,
                                           subsets={"mt_proxy": proxy})
            folds = result.folds
            print(f"{name} {args.cv}-fold CV on train (grouped by sentence): pooled out-of-fold "
                  f"macro-F1 {result.macro_f1:.3f}, multi-target proxy "
                  f"{result.subsets['mt_proxy'].macro_f1:.3f}; per-fold mean macro-F1 "
                  f"{folds.macro_f1.mean():.3f} +- {folds.macro_f1.std():.3f}, accuracy "
                  f"{folds.accuracy.mean():.3f}; multi-target proxy macro-F1 "
                  f"{folds.macro_f1_mt_proxy.mean():.3f} +- {folds.macro_f1_mt_proxy.std():.3f}; "
                  f"fit {folds.fit_seconds.median():.1f} s per fold (median)")
    if args.fit_time:
        for name, estimator in models.items():
            walls, cpus = [], []
            for _ in range(args.fit_time):
                started, cpu = time.perf_counter(), time.process_time()
                clone(estimator).fit(train.X, train.y)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
            print(f"{name}: fit on all of train ({len(train.rows)} targets) "
                  f"{np.median(walls):.1f} s wall, {np.median(cpus):.1f} s CPU (median of "
                  f"{args.fit_time}; runs {', '.join(f'{w:.1f}' for w in walls)} s)")
    if args.no_dev or args.fit_time:
        return 0

    results: dict[str, list] = {}
    started = time.perf_counter()
    results["lexicon (framing default)"] = [predict_lexicon(d.rows) for d in evals]
    lex_seconds = time.perf_counter() - started
    results["VADER whole sentence"] = [vader_sentence(d.rows) for d in evals]
    results["TF-IDF 1-2 + LR (target marked)"] = tfidf_baseline(train, evals)
    started = time.process_time()
    wall = time.perf_counter()
    model = StanceClassifier().fit(train.X, train.y)
    fit_cpu, fit_wall = time.process_time() - started, time.perf_counter() - wall
    results["StanceClassifier (framing)"] = [model.predict(d.X) for d in evals]
    if args.embed:
        started = time.process_time()
        embedded = clone(embedded_model).fit(train.X, train.y)
        embed_cpu = time.process_time() - started
        results["StanceClassifier + MiniLM (embed)"] = [embedded.predict(d.X) for d in evals]

    names = [p.name for p in evals_paths]
    print(f"train: {train_path} ({len(train.rows)} targets); classifier fit {fit_cpu:.1f} s CPU "
          f"({fit_wall:.1f} s wall, one core); lexicon scored all eval rows in "
          f"{lex_seconds:.2f} s")
    if args.embed:
        print(f"classifier with embeddings: fit {embed_cpu:.1f} s CPU")
    print(f"{'method':34s} " + "  ".join(f"{n + ' F1m':>16s} {'acc':>6s}" for n in names))
    for method, preds in results.items():
        cells = []
        for data, pred in zip(evals, preds, strict=True):
            ev = evaluate_labels(data.y, pred)
            cells.append(f"{ev.macro_f1:16.3f} {ev.accuracy:6.3f}")
        print(f"{method:34s} " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
