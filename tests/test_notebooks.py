"""The report notebooks: committed clean, well declared, and executable on a tiny corpus."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from framing.corpus import load_corpus
from framing.errors import MissingFileError, ParameterError
from framing.report import run_report
from framing.report_html import external_references
from framing.report_notebook import (
    DOC_TAG,
    PACKAGE_NOTEBOOKS,
    PARAMETERS_TAG,
    find_notebook,
    list_notebooks,
    notebook_problems,
)
from framing.report_params import OUTPUT_DIR_PARAMETER, notebook_parameters, resolve_parameters
from tests.test_report import FIXTURE_CORPUS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]
#: Modules the set-up cell may import; every other cell only calls what it imported.
ALLOWED_IMPORTS = {"warnings", "typing", "IPython.display", "pandas", "framing"}
#: Small resampling for fast test runs (the statistics are tested elsewhere).
FAST = {"n_boot": "100", "cache": "false"}


def test_the_three_reports_exist():
    assert {"outlet_comparison", "term_report", "explore"} <= set(NAMES)


def test_package_ships_the_same_notebooks(tmp_path, monkeypatch):
    """framing/notebooks (package data, in the wheel) is the top-level notebooks/, not a copy."""
    assert sorted(p.name for p in PACKAGE_NOTEBOOKS.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        assert (PACKAGE_NOTEBOOKS / path.name).resolve() == path.resolve()
    monkeypatch.chdir(tmp_path)  # no ./notebooks here: names are found in the package
    assert find_notebook("outlet_comparison") == NOTEBOOKS[NAMES.index("outlet_comparison")].resolve()
    assert set(NAMES) <= set(list_notebooks())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_without_outputs_with_tag_and_kernel(path):
    assert notebook_problems(path) == []
    nb = nbformat.read(str(path), as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "papermill" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_parameters_are_typed_commented_and_valid(path):
    params = notebook_parameters(path)
    assert params[OUTPUT_DIR_PARAMETER].default == ""
    for name, p in params.items():
        assert p.comment, f"{path.name}: parameter {name} has no comment"
    assert (path.parent / params["corpus"].default).exists()  # defaults work when run in place


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_cells_only_call_framing(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup, rest = code[0], code[1:]
    assert PARAMETERS_TAG in code[1].metadata.get("tags", [])
    for node in ast.walk(ast.parse(setup.source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                assert name.split(".")[0] in ALLOWED_IMPORTS or name in ALLOWED_IMPORTS, name
    for cell in rest:
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.ClassDef), \
                f"{path.name}: logic belongs in framing, not in cell {cell.source[:40]!r}"
    warnings_filters = [n for n in ast.walk(ast.parse(setup.source))
                        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") in ("filterwarnings", "simplefilter")]
    for call in warnings_filters:  # only targeted filters: never a blanket "ignore"
        assert getattr(call.func, "attr", "") == "filterwarnings"
        assert any(k.arg == "message" for k in call.keywords)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_the_set_up_imports_only_what_the_notebook_uses(path):
    """ruff does not read notebooks: an import left over from a copied set-up cell is found here."""
    nb = nbformat.read(str(path), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    imported = {}
    for node in ast.walk(ast.parse(code[0])):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                imported[(alias.asname or alias.name).split(".")[0]] = alias.name
    used = {node.id for source in code for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    unused = sorted(set(imported) - used)
    assert not unused, f"{path.name}: the set-up cell imports {unused}, which no cell uses"


def _score_call(path: Path) -> ast.Call:
    nb = nbformat.read(str(path), as_version=4)
    calls = [node for cell in nb.cells if cell.cell_type == "code" for node in ast.walk(ast.parse(cell.source))
             if isinstance(node, ast.Call) and ast.unparse(node.func) == "framing.score_corpus"]
    assert len(calls) == 1, f"{path.name}: one framing.score_corpus call expected"
    return calls[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_a_notebook_that_scores_stance_takes_a_stance_model(path, model_like):
    """Every notebook that scores stance offers the trained-model choice as
    outlet_comparison declares it, passes it on, and names the method it used.
    score_corpus scores stance unless targets=None is passed (its default is "sample"):
    a notebook not passing targets scores stance too."""
    keywords = {k.arg: ast.unparse(k.value) for k in _score_call(path).keywords}
    if keywords.get("targets") == "None":
        return
    reference = notebook_parameters(NOTEBOOKS[NAMES.index("outlet_comparison")])["stance_model"]
    params = notebook_parameters(path)
    declared = params.get("stance_model")
    assert declared is not None, f"{path.name}: scores stance but has no stance_model parameter"
    assert (declared.type, declared.default, declared.comment) == (reference.type, reference.default,
                                                                   reference.comment)
    assert keywords.get("stance_model") == "stance_model or None"
    assert "fr.stance_method_text(scores.metadata)" in path.read_text("utf-8")
    # the same checks before the run (framing.report_params): a missing file, a model without targets
    if "cache" in params:  # the model file decides cached scores as the other inputs do
        assert "stance model" in params["cache"].comment
    with pytest.raises(MissingFileError, match=r"\[stance_model\]: stance model file not found"):
        resolve_parameters(params, {"corpus": str(FIXTURE_CORPUS), "stance_model": "no/such.skops"},
                           notebook=path)
    with pytest.raises(ParameterError, match="targets is empty"):
        resolve_parameters(params, {"corpus": str(FIXTURE_CORPUS), "stance_model": str(model_like),
                                    "targets": ""}, notebook=path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_time_series_captions_say_whether_bands_are_drawn(path):
    """Each time-series figure's caption ends with fr.band_note (which knows whether any
    period had the articles a band needs); no text promises bands unconditionally."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert "bands are" not in cell.source.lower(), cell.source
        elif "_over_time(" in cell.source:
            assert cell.source.count("fr.band_note(") == cell.source.count("fr.show_figure("), cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_report_notebooks_have_a_parameter_table_slot(path):
    nb = nbformat.read(str(path), as_version=4)
    slots = [c for c in nb.cells if DOC_TAG in c.metadata.get("tags", [])]
    assert len(slots) <= 1


# ------------------------------------------------------------------ execution

NASTY_OUTLET = "<script>alert('outlet')</script> & Co"


@pytest.fixture(scope="module")
def table_corpus(tmp_path_factory) -> Path:
    """The fixture corpus as JSONL with other column names and an outlet name holding HTML."""
    documents = load_corpus(FIXTURE_CORPUS).documents
    rows = [{"body": d.text, "source": NASTY_OUTLET if d.outlet == "steppe_courier" else d.outlet,
             "headline": d.title, "published": d.date.strftime("%Y-%m-%d")}
            for d in documents.itertuples()]
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def comparison(table_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "comparison"
    columns = '{"text": "body", "outlet": "source", "title": "headline", "date": "published"}'
    result = run_report("outlet_comparison", out, {"corpus": str(table_corpus), "columns": columns,
                                                   "title": "Fixture <comparison>", **FAST})
    return result, out


@pytest.mark.slow
def test_outlet_comparison_tables(comparison):
    result, out = comparison
    assert result.status == "ok"
    rates = pd.read_csv(out / "tables" / "loaded_rates.csv")
    for column in ("outlet", "category", "voice", "n_docs", "n_words", "hits", "rate_per_1000", "ci_low", "ci_high"):
        assert column in rates.columns
    assert set(rates["outlet"]) == {"harbour_herald", "meridian_post", NASTY_OUTLET}
    assert {"all", "author", "quoted"} <= set(rates["voice"])
    assert ((rates["category"] == "all") & (rates["voice"] == "all")).sum() == 3
    assert not rates.duplicated(["outlet", "category", "voice"]).any()
    assert (rates["n_docs"] == 2).all()
    stance = pd.read_csv(out / "tables" / "stance.csv")
    assert {"outlet", "target", "voice", "coverage", "mean_score", "ci_low", "ci_high"} <= set(stance.columns)
    assert {"Russia", "Ukraine"} <= set(stance["target"])
    assert len(pd.read_csv(out / "tables" / "corpus_overview.csv")) == 4  # 3 outlets and the total
    speakers = pd.read_csv(out / "tables" / "speakers.csv")
    assert "French minister" in set(speakers["speaker"])  # "information manipulation", quoted


@pytest.mark.slow
def test_outlet_comparison_outputs_and_provenance(comparison):
    _, out = comparison
    figures = {p.name for p in (out / "figures").glob("*.png")}
    assert {"loaded_rates.png", "category_heatmap.png", "stance.png", "rates_over_time.png"} <= figures
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "ok" and run["parameters"]["n_boot"] == 100
    analysis = run["analysis"]
    assert len(analysis["hashes"]["manifest"]) == 64
    assert any(k.startswith("lexicon loaded_language@") for k in analysis["hashes"])
    assert analysis["seed"] == 20240404 and analysis["packages"]["pandas"]


@pytest.mark.slow
def test_outlet_comparison_html_reads_clean(comparison):
    _, out = comparison
    page = (out / "outlet_comparison.html").read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    assert external_references(page) == []
    assert "<script>alert('outlet')</script>" not in page
    assert "&lt;script&gt;alert(" in body  # the outlet name shown as text
    assert "Fixture &lt;comparison&gt;" in body
    for debris in ("Traceback", "Warning:", "it/s]", "%|"):  # warnings, progress bars
        assert debris not in body, debris
    for section in ("Corpus overview", "Loaded language by outlet", "Distinctive terms per outlet",
                    "Who is quoted using loaded terms", "Stance toward the targets", "Over time",
                    "Example sentences", "Method notes", "Provenance", "Parameters"):
        assert f">{section}</a>" in body, section  # listed in the contents
    assert "kwic-match" in body
    assert "Stance method: the transparent lexicon rules" in body  # the default, named


@pytest.mark.slow
def test_outlet_comparison_with_a_trained_stance_model(tmp_path):
    """stance_model reaches score_corpus; the report and its records name the model."""
    from framing.newsmtsc import read_newsmtsc
    from framing.provenance import sha256_file
    from framing.stance_model import StanceClassifier, save_model

    data = read_newsmtsc(Path(__file__).parent / "fixtures" / "newsmtsc_tiny.jsonl")
    model = StanceClassifier(C=50.0).fit(data.X, data.y)
    path = tmp_path / "stance.skops"
    save_model(model, path)
    out = tmp_path / "report"
    result = run_report("outlet_comparison", out, {"corpus": str(FIXTURE_CORPUS), "stance_model": str(path),
                                                   **FAST})
    assert result.status == "ok"
    method = f"model:{model.model_id_}"
    run = json.loads((out / "run.json").read_text())
    assert run["parameters"]["stance_model"] == str(path.resolve())
    assert run["provenance"]["files"]["stance_model"]["sha256"] == sha256_file(path)
    assert run["analysis"]["hashes"][f"stance model {model.model_id_}"] == sha256_file(path)
    assert run["analysis"]["extra"]["stance_method"] == method
    page = (out / "outlet_comparison.html").read_text(encoding="utf-8")
    assert f"Stance method: a trained classifier, {method}" in page
    assert "transparent lexicon rules" not in page
    assert len(pd.read_csv(out / "tables" / "stance.csv"))


@pytest.mark.slow
def test_term_report_runs(tmp_path):
    out = tmp_path / "term"
    result = run_report("term_report", out, {"corpus": str(FIXTURE_CORPUS), "term": "propaganda", **FAST})
    assert result.status == "ok"
    rates = pd.read_csv(out / "tables" / "term_rates.csv")
    by_outlet = rates[rates["voice"] == "all"].set_index("outlet")["hits"].to_dict()
    assert by_outlet == {"harbour_herald": 0, "meridian_post": 2, "steppe_courier": 1}
    kwic = pd.read_csv(out / "tables" / "kwic.csv")
    assert list(kwic["match"].str.lower()) == ["propaganda"] * 3
    page = (out / "term_report.html").read_text(encoding="utf-8")
    assert "“propaganda” across outlets" in page
    assert "Stance method: the transparent lexicon rules" in page  # scored for the shared cache, named


@pytest.mark.slow
def test_explore_runs_and_escapes_article_titles(tmp_path):
    documents = load_corpus(FIXTURE_CORPUS).documents
    index = int(documents.index[documents["title"].str.contains("<script>", regex=False)][0])
    out = tmp_path / "explore"
    result = run_report("explore", out, {"corpus": str(FIXTURE_CORPUS), "article": str(index),
                                         "term": "grain route", "cache": "false"})
    assert result.status == "ok"
    page = (out / "explore.html").read_text(encoding="utf-8")
    assert '<script>alert("propaganda")</script>' not in page
    assert "&lt;script&gt;alert(" in page
    kwic = pd.read_csv(out / "tables" / "kwic.csv")  # a phrase no lexicon entry has: text search
    assert list(kwic["match"]) == ["grain route"] * 3 and set(kwic["voice"]) == {"author"}
    assert "Stance method: the transparent lexicon rules" in page


@pytest.mark.slow
@pytest.mark.parametrize("name, extra", [("term_report", {"term": "propaganda", **FAST}),
                                         ("explore", {"cache": "false"})])
def test_other_reports_score_with_a_trained_stance_model(tmp_path, name, extra):
    """term_report and explore score stance too: stance_model reaches score_corpus, the run
    records the file, and the page names the model (as outlet_comparison's does)."""
    from framing.newsmtsc import read_newsmtsc
    from framing.provenance import sha256_file
    from framing.stance_model import StanceClassifier, save_model

    data = read_newsmtsc(Path(__file__).parent / "fixtures" / "newsmtsc_tiny.jsonl")
    model = StanceClassifier(C=50.0).fit(data.X, data.y)
    path = tmp_path / "stance.skops"
    save_model(model, path)
    out = tmp_path / "report"
    result = run_report(name, out, {"corpus": str(FIXTURE_CORPUS), "stance_model": str(path), **extra})
    assert result.status == "ok"
    run = json.loads((out / "run.json").read_text())
    assert run["parameters"]["stance_model"] == str(path.resolve())
    assert run["provenance"]["files"]["stance_model"]["sha256"] == sha256_file(path)
    page = (out / f"{name}.html").read_text(encoding="utf-8")
    assert f"Stance method: a trained classifier, model:{model.model_id_}" in page
    assert "transparent lexicon rules" not in page
    # the analysis record names the model (explore had none: only the file's hash)
    assert run["analysis"]["extra"]["stance_method"] == f"model:{model.model_id_}"
    assert run["analysis"]["hashes"][f"stance model {model.model_id_}"] == sha256_file(path)


@pytest.mark.slow
def test_outlet_comparison_on_an_empty_date_window_fails_saying_why(tmp_path):
    """A date window without articles gave a report 'ok' with empty sections whose captions
    blamed other causes (reviewer rev16a, finding 5): now the run fails, exit code 2."""
    from framing.errors import EXIT_USAGE, ReportError

    out = tmp_path / "y2023"
    with pytest.raises(ReportError) as info:
        run_report("outlet_comparison", out, {"corpus": str(FIXTURE_CORPUS), "date_from": "2023-01-01",
                                              "date_to": "2023-12-31", **FAST})
    assert info.value.exit_code == EXIT_USAGE
    assert "date_from/date_to (2023-01-01 to 2023-12-31) kept 0 of 6" in str(info.value)
    assert "the dated articles run from 2024-04-03 to 2024-04-18" in str(info.value)
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "failed" and run["error"]["ename"] == "ParameterError"
    assert not (out / "outlet_comparison.html").exists()
