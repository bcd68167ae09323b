"""The report runner: parameter declarations, conversion, validation, injection, HTML, lock, runs."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from framing.cli.main import main
from framing.errors import MissingFileError, ParameterError, ReportError
from framing.report import LOCK_NAME, prepare_notebook, report_lock, run_report
from framing.report_html import _add_toc, external_references
from framing.report_notebook import DOC_TAG, INJECTED_TAG, notebook_problems, strip_notebook
from framing.report_params import notebook_parameters, read_params_file, resolve_parameters

FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "report_corpus"

DUMMY_PARAMETERS = '''\
title: str = "Dummy report"  # report title
version: str = "1.0"  # a version string that must stay text
n: int = 3  # how many
# ratio of something
ratio: float = 0.5
flag: bool = False
items: list[str] = []  # some items
mapping: dict[str, str] = {}  # a mapping
maybe: Optional[str] = None  # optional text
voice: Literal["all", "author", "quoted"] = "all"  # whose words
fail: bool = False  # raise in a later cell
output_dir: str = ""  # report folder, set by the runner
'''

DUMMY_CELLS = [
    ("code", "from typing import Literal, Optional\n\nimport framing.report_tools as fr\nimport matplotlib.pyplot as plt\nimport pandas as pd"),
    ("params", DUMMY_PARAMETERS),
    ("code", "fr.show_title(title)"),
    ("doc", "Parameters are listed here in reports."),
    ("markdown", "## First section\n\nText of the first section."),
    ("code", "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 2, 3])\n"
             "fr.save_figure(fig, 'line', output_dir)\nprint('VERSION', repr(version), n, items, mapping)"),
    ("markdown", "### A subsection"),
    ("code", "frame = pd.DataFrame({'x': [1.234567], 'name': ['<b>bold</b>']})\n"
             "fr.save_table(frame, 'numbers', output_dir)\nfr.readable(frame)"),
    ("markdown", "## Second section"),
    ("code", "if fail:\n    raise ValueError('boom in cell')\nprint('done')"),
]


def make_notebook(path: Path, cells=DUMMY_CELLS, kernel: str = "python3") -> Path:
    """Write a small notebook: ("params", src) is the tagged parameters cell."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    for kind, source in cells:
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        elif kind == "doc":
            cell = nbformat.v4.new_markdown_cell(source)
            cell.metadata["tags"] = [DOC_TAG]
        else:
            cell = nbformat.v4.new_code_cell(source)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


@pytest.fixture(scope="module")
def dummy(tmp_path_factory) -> Path:
    return make_notebook(tmp_path_factory.mktemp("nb") / "dummy.ipynb")


# ----------------------------------------------------------------- declarations


def test_declarations_types_defaults_comments(dummy):
    params = notebook_parameters(dummy)
    assert list(params)[:4] == ["title", "version", "n", "ratio"]
    assert params["title"].default == "Dummy report" and params["title"].comment == "report title"
    assert params["ratio"].comment == "ratio of something"  # comment line above
    assert params["flag"].comment == ""  # the comment above belongs to nobody else
    assert str(params["items"].type) == "list[str]" and params["items"].type.kind == "list"
    assert params["mapping"].type.kind == "dict"
    assert params["maybe"].type.optional and params["maybe"].default is None
    assert params["voice"].type.kind == "literal"
    assert params["voice"].type.args == ("all", "author", "quoted")
    assert params["n"].line == 3


@pytest.mark.parametrize("source, message", [
    ("x: int = len('a')  # not a literal", "not a literal"),
    ("x: set = {1}", "unsupported parameter type"),
    ("x: int = 'three'", "is not a int"),
    ("import os", "only hold"),
])
def test_bad_declarations_are_errors_with_line(tmp_path, source, message):
    path = make_notebook(tmp_path / "bad.ipynb", [("params", "a: int = 1\n" + source)])
    with pytest.raises(ParameterError, match=message) as info:
        notebook_parameters(path)
    assert info.value.line == 2 and "bad.ipynb" in str(info.value)


def test_exactly_one_parameters_cell(tmp_path):
    path = make_notebook(tmp_path / "two.ipynb", [("params", "a: int = 1"), ("params", "b: int = 2")])
    with pytest.raises(ParameterError, match="one cell tagged 'parameters', found 2"):
        notebook_parameters(path)


# ------------------------------------------------------------------- conversion


def resolve(dummy, **given):
    return resolve_parameters(notebook_parameters(dummy), given, notebook=dummy)


def test_str_parameter_keeps_number_like_text(dummy):
    assert resolve(dummy, version="1.10")["version"] == "1.10"
    assert resolve(dummy, ratio="1.10")["ratio"] == 1.1


def test_values_converted_by_declared_type(dummy):
    values = resolve(dummy, n="12", flag="yes", items="a, b ,c", mapping='{"text": "content"}',
                     maybe="null", voice="author")
    assert values["n"] == 12 and values["flag"] is True
    assert values["items"] == ["a", "b", "c"]
    assert values["mapping"] == {"text": "content"}
    assert values["maybe"] is None and values["voice"] == "author"
    assert resolve(dummy, items="[x, 'y, z']")["items"] == ["x", "y, z"]
    assert resolve(dummy, items="")["items"] == []
    assert resolve(dummy, maybe="text")["maybe"] == "text"
    assert resolve(dummy)["title"] == "Dummy report"  # defaults fill the rest


@pytest.mark.parametrize("name, value, match", [
    ("n", "1.5", "expected int for parameter 'n'"),
    ("n", "many", "expected int"),
    ("ratio", "nan", "finite"),
    ("flag", "perhaps", "true or false"),
    ("voice", "autor", "did you mean 'author'"),
    ("mapping", "[1, 2]", "mapping"),
    ("version", 1.1, "quote the value"),  # a Python float for a str parameter
    ("title", None, "expected str"),
])
def test_wrong_types_are_rejected(dummy, name, value, match):
    with pytest.raises(ParameterError, match=match) as info:
        resolve(dummy, **{name: value})
    assert info.value.field == name


def test_unknown_name_lists_valid_names_and_suggests(dummy):
    with pytest.raises(ParameterError) as info:
        resolve(dummy, titel="x")
    text = str(info.value)
    assert "unknown parameter 'titel'" in text and "did you mean 'title'" in text
    assert "valid parameters: title, version, n," in text
    assert "output_dir" not in text  # set by the runner, not by users


def test_params_file_keeps_scalars_as_text(tmp_path, dummy):
    path = tmp_path / "p.yaml"
    path.write_text("version: 1.10\nratio: 1.10\nitems: [a, b]\nflag: true\n", encoding="utf-8")
    values = resolve(dummy, **read_params_file(path))
    assert values["version"] == "1.10" and values["ratio"] == 1.1
    assert values["items"] == ["a", "b"] and values["flag"] is True
    path.write_text("version: [1,\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="invalid YAML") as info:
        read_params_file(path)
    assert info.value.path == str(path)
    with pytest.raises(MissingFileError):
        read_params_file(tmp_path / "missing.yaml")


# ----------------------------------------------------------------- role checks

ROLE_PARAMETERS = '''\
corpus: str = "corpus"  # folder or file to analyse
outlets: list[str] = []  # outlets to include ([] = all)
reference: str = "rest"  # what each outlet is compared with
focus: str = ""  # outlet the report is about
lexicons: list[str] = ["loaded_language"]  # lexicon names or files
targets: str = "sample"  # targets file or built-in name
stance_model: str = ""  # trained stance model file ("" = lexicon method)
columns: dict[str, str] = {}  # field -> column for table files
date_from: str = ""  # first day (ISO)
date_to: str = ""  # last day (ISO)
'''


@pytest.fixture
def roles(tmp_path):
    return make_notebook(tmp_path / "nbs" / "roles.ipynb", [("params", ROLE_PARAMETERS)])


def test_default_paths_start_at_the_notebook_given_paths_at_cwd(tmp_path, roles, monkeypatch):
    (roles.parent / "corpus").mkdir()
    values = resolve_parameters(notebook_parameters(roles), {}, notebook=roles)
    assert values["corpus"] == str((roles.parent / "corpus").resolve())
    monkeypatch.chdir(FIXTURE_CORPUS.parent)
    values = resolve_parameters(notebook_parameters(roles), {"corpus": "report_corpus"}, notebook=roles)
    assert values["corpus"] == str(FIXTURE_CORPUS.resolve())


@pytest.mark.parametrize("given, match", [
    ({"n_boot": "0"}, r"\[n_boot\]: n_boot must be at least 1, got 0 \(fix: pass e.g. -p n_boot 1000"),
    ({"n_boot": "-5"}, r"n_boot must be at least 1, got -5"),
    ({"seed": "-1"}, r"\[seed\]: seed must be at least 0, got -1 \(fix: pass e.g. -p seed 7"),
    ({"max_outlets": "0"}, r"max_outlets must be at least 1, got 0 .*max_outlets: outlets shown"),
    ({"min_docs": "0"}, r"min_docs must be at least 1"),
    ({"top_terms": "0"}, r"top_terms must be at least 1"),
    ({"kwic_lines": "-1"}, r"kwic_lines must be at least 1"),
    ({"jobs": "0"}, r"jobs must be at least 1"),
])
def test_numbers_out_of_range_are_rejected_before_running(tmp_path, given, match):
    numbers = make_notebook(tmp_path / "numbers.ipynb", [("params", """\
n_boot: int = 1000  # bootstrap resamples
seed: int = 7  # random seed
max_outlets: int = 12  # outlets shown
min_docs: int = 1  # fewest articles
top_terms: int = 10  # terms per outlet
kwic_lines: int = 6  # lines per term
jobs: int = 1  # processes
""")])
    params = notebook_parameters(numbers)
    with pytest.raises(ParameterError, match=match):
        resolve_parameters(params, given, notebook=numbers)
    zero = resolve_parameters(params, {"seed": "0", "n_boot": "1"}, notebook=numbers, check=False)
    assert zero["seed"] == 0 and zero["n_boot"] == 1


@pytest.mark.parametrize("given, error, match", [
    ({"corpus": "no/such/corpus"}, MissingFileError, "corpus not found"),
    ({"targets": "no_such_targets.yaml"}, MissingFileError, "built-in list: sample"),
    ({"lexicons": "loaded_language,missing.yaml"}, MissingFileError, "lexicon not found"),
    ({"columns": '{"txt": "content"}'}, ParameterError, "unknown field"),
    ({"date_from": "04/01/2024"}, ParameterError, "ISO date"),
    ({"date_from": "2024-05-01", "date_to": "2024-04-01"}, ParameterError, "after date_to"),
    ({"outlets": "harbour_herald,meridain_post"}, ParameterError, "did you mean 'meridian_post'"),
    ({"reference": "nobody"}, ParameterError, "outlets in .*harbour_herald, meridian_post, steppe_courier"),
    ({"focus": "steppe"}, ParameterError, "unknown outlet 'steppe'"),
])
def test_bad_paths_and_outlets_are_rejected(roles, given, error, match):
    given = {"corpus": str(FIXTURE_CORPUS), **given}
    with pytest.raises(error, match=match):
        resolve_parameters(notebook_parameters(roles), given, notebook=roles)


@pytest.mark.parametrize("given, error, match", [
    ({"stance_model": "no/such/model.skops"}, MissingFileError,
     r"no/such/model.skops \[stance_model\]: stance model file not found"),
    ({"stance_model": "{models}"}, ParameterError, r"\[stance_model\]: a model file is needed, not a folder"),
    ({"stance_model": "{models}/notes.txt"}, ParameterError, r"\[stance_model\]: .*not a skops archive"),
    ({"stance_model": "{models}/arrays.npz"}, ParameterError,
     r"\[stance_model\]: not a framing stance model \(the archive holds no skops schema"),
    ({"stance_model": "{models}/stance.skops", "targets": ""}, ParameterError, "targets is empty"),
])
def test_a_bad_stance_model_is_rejected_before_running(roles, model_like, given, error, match):
    (model_like.parent / "notes.txt").write_text("not a model")
    given = {k: v.replace("{models}", str(model_like.parent)) for k, v in given.items()}
    with pytest.raises(error, match=match):
        resolve_parameters(notebook_parameters(roles), {"corpus": str(FIXTURE_CORPUS), **given},
                           notebook=roles)


def test_a_stance_model_given_relative_to_cwd_comes_back_absolute(roles, model_like, monkeypatch):
    monkeypatch.chdir(model_like.parent.parent)
    values = resolve_parameters(notebook_parameters(roles), {"corpus": str(FIXTURE_CORPUS),
                                "stance_model": "models/stance.skops"}, notebook=roles)
    assert values["stance_model"] == str(model_like.resolve())
    default = resolve_parameters(notebook_parameters(roles), {"corpus": str(FIXTURE_CORPUS)}, notebook=roles)
    assert default["stance_model"] == ""  # the lexicon method


def test_good_roles_pass(roles):
    values = resolve_parameters(
        notebook_parameters(roles),
        {"corpus": str(FIXTURE_CORPUS), "outlets": "meridian_post,steppe_courier",
         "reference": "steppe_courier", "focus": "meridian_post", "date_from": "2024-04-01"},
        notebook=roles)
    assert values["outlets"] == ["meridian_post", "steppe_courier"]
    assert values["lexicons"] == ["loaded_language"] and values["targets"] == "sample"


TERM_PARAMETERS = '''\
corpus: str = "corpus"  # folder or file to analyse
lexicons: list[str] = ["loaded_language"]  # lexicon names or files
term: str = "regime"  # a word or phrase
category: str = ""  # a lexicon category
article: int = 0  # a row of the documents table
'''


@pytest.mark.parametrize("given, match", [
    ({"category": "delegitimizing"}, r"\[category\]: category 'delegitimizing' is no category of the "
                                     r"lexicons \(did you mean 'delegitimising'\?\).*categories of "
                                     r"loaded_language@"),
    ({"category": "exclude"}, r"category 'exclude' lists exclusions, which are never counted"),
    ({"lexicons": "[]"}, r"\[lexicons\]: lexicons is empty.*built-in name: loaded_language"),
    ({"term": "", "category": " "}, r"\[term\]: term is empty and so is category \(fix: give a word"),
    ({"article": "999"}, r"\[article\]: article 999 is out of range: .* has 6 items \(fix: give a row "
                         r"of the documents table, 0 to 5\)"),
    ({"article": "-1"}, r"\[article\]: article must be at least 0, got -1"),
])
def test_empty_unknown_and_out_of_range_values_fail_validation(tmp_path, given, match):
    """These failed inside the executed notebook (exit 1, after the run started; in a
    batch, after others ran), or gave a report of a made-up category's "0 occurrences"
    (reviewer rev16a, findings 9 and 10)."""
    nb = make_notebook(tmp_path / "terms.ipynb", [("params", TERM_PARAMETERS)])
    with pytest.raises(ParameterError, match=match):
        resolve_parameters(notebook_parameters(nb), {"corpus": str(FIXTURE_CORPUS), **given}, notebook=nb)


def test_a_category_alone_and_a_row_in_range_pass(tmp_path):
    nb = make_notebook(tmp_path / "terms.ipynb", [("params", TERM_PARAMETERS)])
    values = resolve_parameters(notebook_parameters(nb), {"corpus": str(FIXTURE_CORPUS), "term": "",
                                "category": "delegitimising", "article": "5"}, notebook=nb)
    assert values["category"] == "delegitimising" and values["article"] == 5


# -------------------------------------------------------------------- injection

NASTY = 'A "quoted" title\nwith a newline, \'\'\'triple\'\'\' """quotes""" \\ and <script>alert(1)</script>'
INJECTION = '"; import os; os.system("echo pwned") #'


def test_injected_values_are_literals_that_round_trip(dummy):
    nb = nbformat.read(str(dummy), as_version=4)
    params = notebook_parameters(nb)
    values = resolve_parameters(params, {"title": NASTY, "version": INJECTION, "items": "a,b"},
                                notebook=dummy)
    prepared = prepare_notebook(nb, params, values)
    injected = [c for c in prepared.cells if INJECTED_TAG in c.metadata.get("tags", [])]
    assert len(injected) == 1
    tree = ast.parse(injected[0].source)
    read_back = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign)  # nothing but assignments of literals
        read_back[node.targets[0].id] = ast.literal_eval(node.value)
    assert read_back == values
    index = prepared.cells.index(injected[0])
    assert "parameters" in prepared.cells[index - 1].metadata["tags"]
    doc = [c for c in prepared.cells if DOC_TAG in c.metadata.get("tags", [])]
    assert len(doc) == 1 and "&lt;script&gt;" in doc[0].source and "<script>" not in doc[0].source
    assert "\n\n" not in doc[0].source  # a blank line would end the HTML block in markdown


# ------------------------------------------------------------ committed notebooks


def test_strip_notebook_removes_outputs_and_keeps_tags(tmp_path, dummy):
    nb = nbformat.read(str(dummy), as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi")]
    nb.cells[0].execution_count = 4
    path = tmp_path / "dirty.ipynb"
    nbformat.write(nb, str(path))
    assert any("outputs" in p for p in notebook_problems(path))
    assert strip_notebook(path) is True
    assert notebook_problems(path) == []
    assert strip_notebook(path) is False
    clean = nbformat.read(str(path), as_version=4)
    assert clean.cells[1].metadata["tags"] == ["parameters"]


def test_problems_name_missing_tag_and_kernel(tmp_path):
    path = make_notebook(tmp_path / "k.ipynb", [("code", "x = 1")], kernel="other")
    problems = " ".join(notebook_problems(path))
    assert "0 cells tagged 'parameters'" in problems and "kernelspec is not 'python3'" in problems


# ------------------------------------------------------------------------- HTML


def test_toc_lists_headings_with_anchors():
    page = ('<main><h1 id="title">T</h1><h2 id="A-b">A &amp; b<a class="anchor-link" href="#A-b">¶</a></h2>'
            '<p>x</p><h3>No id</h3><h2 id="A-b">Again</h2></main>')
    out = _add_toc(page)
    nav = out[out.index("<nav"): out.index("</nav>")]
    assert nav.count("<li") == 3 and 'href="#A-b">A &amp; b</a>' in nav
    assert 'id="no_id"' in out and 'href="#no_id"' in nav
    assert out.index("</h1>") < out.index("<nav")
    assert out.count('id="A-b"') == 1  # duplicate anchors are renamed


def test_external_references_found():
    assert external_references('<script src="https://cdn.x/require.js"></script>')
    assert external_references("<link rel=stylesheet href='//fonts.example/css'>")
    assert external_references('<style>@import url("https://x/y.css");</style>')
    assert not external_references('<a href="https://example.org">link</a><img src="data:image/png;base64,AA">')


# ------------------------------------------------------------------------- lock


def test_second_run_on_a_locked_folder_refuses(tmp_path, dummy):
    out = tmp_path / "report"
    with report_lock(out) as lock:
        assert lock == out / LOCK_NAME and lock.exists()
        with pytest.raises(ReportError) as info:
            run_report(dummy, out)
        text = str(info.value)
        assert str(out) in text and LOCK_NAME in text and f"pid {os.getpid()}" in text
        assert not (out / "run.json").exists()  # nothing started
    assert not (out / LOCK_NAME).exists()


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    import socket

    (tmp_path / LOCK_NAME).write_text(json.dumps({"pid": int(done.stdout), "host": socket.gethostname()}))
    with report_lock(tmp_path):
        assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()


# ------------------------------------------------------------------------- runs


@pytest.fixture(scope="module")
def report_run(dummy, tmp_path_factory):
    """One successful report through the CLI, in-process."""
    out = tmp_path_factory.mktemp("out") / "dummy_report"
    args = ["report", str(dummy), "--out", str(out), "-p", "title", NASTY, "-p", "version", "1.10",
            "-p", "items", "a,b", "-p", "mapping", '{"text": "content_original"}']
    import contextlib
    import io

    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = main(args)
    return code, stdout.getvalue(), out


def test_run_writes_every_output(report_run):
    code, stdout, out = report_run
    assert code == 0
    html_path = out / "dummy.html"
    assert str(html_path) in stdout
    assert (out / "dummy.ipynb").is_file() and (out / "figures" / "line.png").is_file()
    assert (out / "tables" / "numbers.csv").read_text().startswith("x,name\n1.234567,")  # full precision
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "ok" and run["error"] is None
    assert run["parameters"]["version"] == "1.10" and run["parameters"]["title"] == NASTY
    assert run["parameters"]["output_dir"] == str(out)
    assert run["outputs"]["figures"] == ["figures/line.png"] and run["outputs"]["html"] == "dummy.html"
    assert set(run["timings"]) == {"validate_s", "execute_s", "html_s", "total_s"}
    assert run["provenance"]["packages"]["papermill"] and run["provenance"]["framing_version"]
    assert len(run["notebook"]["sha256"]) == 64
    assert not (out / LOCK_NAME).exists()
    mask = os.umask(0)
    os.umask(mask)
    modes = {str(p.relative_to(out)): p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()}
    assert len(modes) >= 5 and modes == dict.fromkeys(modes, 0o666 & ~mask)  # ordinary files, not 0600


def test_executed_notebook_got_the_values(report_run):
    _, _, out = report_run
    nb = nbformat.read(str(out / "dummy.ipynb"), as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "VERSION '1.10' 3 ['a', 'b'] {'text': 'content_original'}" in printed


def test_html_is_self_contained_without_code_and_escaped(report_run):
    _, _, out = report_run
    page = (out / "dummy.html").read_text(encoding="utf-8")
    assert external_references(page) == []
    assert "fr.save_figure" not in page and "import framing" not in page  # no code
    body = page[page.index("<body"):]
    assert "In&nbsp;[" not in body and "Out[" not in body  # no prompts
    assert page.count("data:image/png;base64,") >= 1
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page  # table cells escaped
    assert '<nav class="framing-toc">' in page
    for anchor in ("parameters", "First-section", "Second-section"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert page.index('id="title"') < page.index('id="parameters"')  # doc cell took its slot
    assert "1.235" in page  # rounded for reading


def test_failing_cell_names_notebook_cell_and_error(tmp_path, dummy, capsys):
    out = tmp_path / "failed"
    code = main(["report", str(dummy), "--out", str(out), "-p", "fail", "true"])
    assert code == 1
    text = capsys.readouterr().err
    assert "notebook dummy" in text and "cell " in text and "ValueError: boom in cell" in text
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "failed" and run["error"]["ename"] == "ValueError"
    assert isinstance(run["error"]["cell_index"], int)
    assert not (out / "dummy.html").exists()  # no report presented as complete
    nb = nbformat.read(str(out / "dummy.ipynb"), as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors and errors[0].evalue == "boom in cell"
    assert (out / "figures" / "line.png").is_file()  # partial outputs stay
    assert not (out / LOCK_NAME).exists()


SELECTING = [
    ("code", "import framing.report_tools as fr\nfrom framing.errors import ParameterError"),
    ("params", 'date_from: str = ""  # first day\nthings: list[str] = ["x"]  # things\n'
               'output_dir: str = ""  # report folder'),
    ("code", "if date_from:\n    raise ParameterError('the parameters select no article: date_from kept 0 of 16',"
             " field='date_from', hint='the dated articles run from 2024-04-03 to 2024-04-19')"),
    ("code", "if not things:\n    raise RuntimeError('no things')\nprint('done')"),
]


def test_a_parameter_error_inside_the_notebook_is_a_usage_error_with_one_fix(tmp_path, capsys):
    """A valid value that selects nothing (found once the notebook has read the corpus)
    gave a report 'ok' (exit 0) or a failure with two '(fix: ...)' (reviewer rev16a, 5 and 10)."""
    nb = make_notebook(tmp_path / "selecting.ipynb", SELECTING)
    out = tmp_path / "empty"
    assert main(["report", str(nb), "--out", str(out), "-p", "date_from", "2023-01-01"]) == 2
    err = capsys.readouterr().err
    assert "[date_from]: the parameters select no article: date_from kept 0 of 16" in err
    assert err.count("(fix: ") == 1 and "run from 2024-04-03 to 2024-04-19" in err
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "failed" and run["error"]["ename"] == "ParameterError"
    assert "date_from kept 0 of 16" in run["error"]["message"]
    assert not (out / "selecting.html").exists()
    # any other failure keeps exit code 1 and the runner's hint
    assert main(["report", str(nb), "--out", str(out), "-p", "things", "[]"]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: no things" in err and "open the executed notebook" in err


def test_cli_usage_errors_exit_2_before_running(tmp_path, dummy, capsys):
    out = tmp_path / "never"
    assert main(["report", str(dummy), "--out", str(out), "-p", "titel", "x"]) == 2
    assert "did you mean 'title'" in capsys.readouterr().err
    assert main(["report", str(dummy), "--out", str(out), "-p", "n", "x"]) == 2
    assert main(["report", "no_such_report", "--out", str(out)]) == 2
    assert "no report notebook named" in capsys.readouterr().err
    assert not out.exists()


def test_cli_report_checks_the_stance_model_before_running(tmp_path, capsys):
    out = tmp_path / "never"
    code = main(["report", "--corpus", str(FIXTURE_CORPUS), "--out", str(out),
                 "-p", "stance_model", str(tmp_path / "absent.skops")])
    assert code == 2
    err = capsys.readouterr().err
    assert "absent.skops [stance_model]: stance model file not found" in err
    assert "framing stance train --out" in err  # the fix
    assert not out.exists()


def test_list_parameters(dummy, capsys):
    assert main(["report", str(dummy), "--list-parameters"]) == 0
    text = capsys.readouterr().out
    assert "version" in text and "a version string that must stay text" in text and "list[str]" in text


def test_interrupted_run_says_so_and_leaves_no_html(tmp_path, dummy, monkeypatch):
    import framing.report as report

    def interrupt(nb, executed, timeout):
        executed.write_text("{}")  # a partial executed notebook
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "_execute", interrupt)
    out = tmp_path / "interrupted"
    (out).mkdir()
    (out / "dummy.html").write_text("<html>an old report</html>")
    with pytest.raises(KeyboardInterrupt):
        run_report(dummy, out)
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "interrupted" and "KeyboardInterrupt" in run["error"]["message"]
    assert not (out / "dummy.html").exists()  # the old report is not presented as this run's
    assert not (out / LOCK_NAME).exists()
    assert not list(out.glob(".*.tmp"))


# ------------------------------------------------------------------ provenance


def test_provenance_records(tmp_path):
    import hashlib

    from framing.provenance import (
        git_commit,
        package_versions,
        provenance_table,
        run_metadata,
        scores_provenance,
        sha256_file,
    )

    data = tmp_path / "targets.yaml"
    data.write_bytes(b"targets: {}\n")
    assert sha256_file(data) == hashlib.sha256(b"targets: {}\n").hexdigest()
    versions = package_versions(["pandas", "no-such-distribution-xyz"])
    assert versions["pandas"] == pd_version() and versions["no-such-distribution-xyz"] is None
    assert git_commit(tmp_path) is None  # not a git checkout
    meta = run_metadata(parameters={"seed": 3}, files={"targets": data, "builtin": "sample"}, seed=3)
    assert meta["files"]["targets"]["sha256"] == sha256_file(data)
    assert meta["files"]["builtin"]["sha256"] is None
    json.dumps(meta)  # JSON-ready
    record = scores_provenance({"manifest_sha256": "m" * 64, "lexicons": [{"id": "lex@1", "sha256": "a" * 64}],
                                "targets": {"id": "t@1", "sha256": "b" * 64}, "scorer_version": "1"}, seed=7)
    assert record["hashes"] == {"manifest": "m" * 64, "lexicon lex@1": "a" * 64, "targets t@1": "b" * 64}
    table = provenance_table(record)
    items = dict(zip(table["item"], table["value"], strict=True))
    assert items["random seed"] == "7" and items["sha256 of manifest"] == "m" * 64
    assert items["scorer version"] == "1" and items["package pandas"] == pd_version()


def pd_version() -> str:
    import pandas

    return pandas.__version__


def test_report_module_keeps_its_names_after_the_split():
    import framing.report as report
    import framing.report_notebook as report_notebook
    import framing.report_params as report_params
    import framing.report_tools as report_tools

    missing = [name for name in report.__all__ if not hasattr(report, name)]
    assert missing == []
    assert report.save_table is report_tools.save_table and report.readable is report_tools.readable
    assert report.notebook_parameters is report_params.notebook_parameters
    assert report.find_notebook is report_notebook.find_notebook


def test_notebooks_found_in_a_checkout_without_symlinks(tmp_path):
    # Windows checkouts with core.symlinks=false write the link framing/notebooks as a text file
    from framing.report_notebook import PACKAGE_NOTEBOOKS, _package_notebooks

    assert (PACKAGE_NOTEBOOKS / "outlet_comparison.ipynb").is_file()
    package = tmp_path / "framing"
    package.mkdir()
    (package / "notebooks").write_text("../notebooks")
    (tmp_path / "notebooks").mkdir()
    assert _package_notebooks(package) == tmp_path / "notebooks"
    (package / "notebooks").unlink()
    (package / "notebooks").mkdir()  # a wheel: the copies inside the package
    assert _package_notebooks(package) == package / "notebooks"


STOPPED_CHILD = """
import sys, time
import framing.report as report
from framing.cli.main import main

def slow(nb, executed, timeout):
    executed.write_text("{}")
    time.sleep(60)

report._execute = slow
sys.exit(main(["report", sys.argv[1], "--out", sys.argv[2]]))
"""


def _wait_for(predicate, seconds: float = 60.0) -> None:
    import time

    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.1)


def _status(path: Path) -> str | None:
    try:
        return json.loads(path.read_text())["status"]
    except (OSError, ValueError, KeyError):
        return None


def test_sigterm_records_interrupted_and_removes_the_lock(tmp_path, dummy):
    """timeout(1), cron and schedulers stop a run with SIGTERM: run.json stayed 'running'
    for ever, with a stale lock (reviewer rev16a, finding 6)."""
    import signal

    out = tmp_path / "stopped"
    child = subprocess.Popen([sys.executable, "-c", STOPPED_CHILD, str(dummy), str(out)],
                             stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: _status(out / "run.json") == "running")
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signal.SIGTERM
    assert "stopped by signal SIGTERM" in err
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "interrupted" and "SIGTERM" in run["error"]["message"]
    assert run["finished"] and not (out / LOCK_NAME).exists()


def test_a_folder_holding_another_notebooks_report_is_refused(tmp_path, dummy, capsys):
    """A term_report run into an outlet_comparison folder deleted that report's tables and
    figures and left its HTML, unsupported, next to a run.json of term_report (rev16a, 7)."""
    out = tmp_path / "shared"
    (out / "tables").mkdir(parents=True)
    (out / "other.html").write_text("<html>the other report</html>")
    (out / "tables" / "rates.csv").write_text("a\n1\n")
    (out / "run.json").write_text(json.dumps({"notebook": {"name": "other"}, "status": "ok"}))
    assert main(["report", str(dummy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"report folder {out} holds a report of notebook other (other.html, run.json)" in err
    assert "give dummy another --out" in err
    assert (out / "other.html").exists() and (out / "tables" / "rates.csv").exists()
    assert json.loads((out / "run.json").read_text())["notebook"]["name"] == "other"
    from framing.report_batch import BatchItem, run_batch

    (out.parent / "batch" / "one").mkdir(parents=True)
    (out.parent / "batch" / "one" / "run.json").write_text(json.dumps({"notebook": {"name": "other"}}))
    with pytest.raises(ParameterError, match="report .one.: report folder .* holds a report of notebook other"):
        run_batch(dummy, out.parent / "batch", [BatchItem("one"), BatchItem("two")])
    assert not (out.parent / "batch" / "two").exists()  # nothing ran
