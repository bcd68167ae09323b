"""Safe outputs: markup from corpora, outlets, speakers, lexicons and parameters stays
text in every HTML the project writes, and files never leave the output folder.

Already covered elsewhere: escaping of constructed frames in ``highlight``,
``show_document`` (tests/test_display.py) and KWIC tables (tests/test_keyword_context.py);
parameter values injected into notebooks as literals only
(tests/test_report.py::test_injected_values_are_literals_that_round_trip); the
report folder lock against two runs at once (tests/test_report.py); a
``<script>`` outlet name and title in a report (tests/test_notebooks.py);
``safe_name`` itself (tests/test_io.py).  Added here: the real pipeline as the
source of the channels (a lexicon whose name and entries hold markup, speakers,
doc ids), the ``colours=`` parameter, the corpus summary display, a full report
with hostile outlets, lexicon, document fields and title, and ``framing report
--each outlet`` with outlet names such as ``../../etc``.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from framing.cli.main import main
from framing.corpus import Corpus, load_corpus
from framing.display import highlight, show_document
from framing.errors import ParameterError
from framing.keyword_context import kwic
from framing.lexicon import Lexicon, LexiconEntry
from framing.pipeline import ScoreSettings, score_documents

REPO = Path(__file__).resolve().parents[1]
REPORT_CORPUS = REPO / "tests" / "fixtures" / "report_corpus"

#: The three payloads of the issue; ``{n}`` makes each channel's marker unique.
PAYLOADS = ["<script>alert({n})</script>", "<img src=x onerror=alert({n})>", '"><svg onload=alert({n})>']


class _Scan(HTMLParser):
    """Elements, attributes, script/style content and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.raw: list[str] = []  # content of <script> and <style> elements
        self.text: list[str] = []
        self._raw = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((name, value or "") for name, value in attrs)
        if tag in ("script", "style"):
            self._raw += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._raw:
            self._raw -= 1

    def handle_data(self, data):
        (self.raw if self._raw else self.text).append(data)


def assert_inert(markup: str, markers: list[str], shown: list[str] = ()) -> _Scan:
    """No payload created an element or attribute; ``shown`` markers appear as text.

    A payload that escaped would create an ``on*`` event attribute (``<img onerror>``,
    ``<svg onload>``) or a ``<script>`` element whose content holds its marker.
    """
    scan = _Scan()
    scan.feed(markup)
    scan.close()
    events = [(name, value) for name, value in scan.attrs if name.lower().startswith("on")]
    assert not events, f"event attributes created: {events[:3]}"
    assert not any("javascript:" in value.lower() for _, value in scan.attrs)
    for marker in markers:
        leaked = [raw for raw in scan.raw if marker in raw]
        assert not leaked, f"{marker} inside a <script>/<style> element"
        for name, _ in scan.attrs:
            assert marker not in name, f"{marker} became an attribute name"
    visible = "".join(scan.text) + "".join(value for _, value in scan.attrs)
    for marker in shown:
        assert marker in visible, f"{marker} is not shown as text"
    return scan


# ----------------------------------------------------------------------------- Jupyter displays

@pytest.mark.parametrize("template", PAYLOADS, ids=["script", "img", "svg"])
def test_displays_of_real_pipeline_output_escape_every_channel(template):
    """Lexicon name and entry, outlet, title, author, doc id, speaker and text, through the pipeline."""
    p = {name: template.format(n=n) for n, name in enumerate(
        ["lexicon", "entry", "outlet", "title", "author", "doc_id", "speaker", "text", "url"], start=101)}
    lexicon = Lexicon(p["lexicon"], "1", (LexiconEntry(p["entry"], "label"), LexiconEntry("regime", "label")))
    text = (f"The regime was denounced. {p['entry']} appeared in print.\n\n"
            f'"The regime lies," said Jane Roe. {p["text"]}')
    documents = pd.DataFrame({"doc_id": [p["doc_id"]], "outlet": [p["outlet"]], "title": [p["title"]],
                              "author": [p["author"]], "date": [pd.Timestamp("2024-04-04")],
                              "url": [p["url"]], "text": [text], "source": ["x"], "source_id": [None]})
    scores = score_documents(documents, settings=ScoreSettings(lexicons=(lexicon,), targets=None))
    hits = scores.hits
    assert p["entry"] in set(hits["entry"]) and (hits["lexicon"] == f"{p['lexicon']}@1").all()
    hits = hits.assign(speaker=p["speaker"])  # a speaker name holding markup
    sentences = scores.sentences.assign(speaker=p["speaker"])
    markers = [f"alert({n})" for n in range(101, 110)]
    outputs = {
        "highlight": highlight(text, hits, quotes=scores.quotes).data,
        "show_document": show_document(documents, hits, p["doc_id"], sentences=sentences,
                                       quotes=scores.quotes).data,
        "kwic-hits": kwic(documents, hits, window=5)._repr_html_(),
        "kwic-search": kwic(documents, "regime", sentences=sentences, quotes=scores.quotes)._repr_html_(),
        "kwic-plain": kwic(documents, hits)[["doc_id", "entry", "speaker"]]._repr_html_(),
    }
    for name, markup in outputs.items():
        assert template.format(n=102) not in markup, name  # never raw
        assert_inert(markup, markers, shown=["alert(102)"])  # the entry, matched in the text
    # lexicon, entry, outlet, title, author, doc id, speaker, text, url
    assert_inert(outputs["show_document"], markers, shown=[f"alert({n})" for n in range(101, 110)])
    assert_inert(outputs["kwic-hits"], markers, shown=["alert(103)", "alert(107)"])  # outlet, speaker


@pytest.mark.parametrize("template", PAYLOADS, ids=["script", "img", "svg"])
def test_colours_parameter_cannot_inject_style(template):
    hits = pd.DataFrame({"start": [0], "end": [3], "category": ["label"]})
    with pytest.raises(ParameterError) as info:
        highlight("war and peace", hits, colours={"label": template.format(n=1)})
    assert info.value.field == "colours"
    assert highlight("war", hits, colours={"label": "#E69F00"}).data.count("rgba(230,159,0") == 2


@pytest.mark.parametrize("template", PAYLOADS, ids=["script", "img", "svg"])
def test_corpus_summary_display_escapes_outlets(tmp_path, template):
    outlet = template.format(n=301)
    rows = [{"outlet": outlet, "text": "Some words. More words.", "date": "2024-04-04"}]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    corpus = load_corpus(path)
    assert isinstance(corpus, Corpus)
    assert_inert(corpus._repr_html_(), ["alert(301)"], shown=["alert(301)"])


# ----------------------------------------------------------------------------- reports

HOSTILE_OUTLETS = {"harbour_herald": PAYLOADS[1].format(n=401), "meridian_post": PAYLOADS[2].format(n=402),
                   "steppe_courier": "../../etc"}


def _hostile_corpus(folder: Path) -> Path:
    """The report fixture corpus as JSONL, with hostile outlet names and document fields."""
    documents = load_corpus(REPORT_CORPUS).documents
    rows = []
    for i, d in enumerate(documents.itertuples()):
        text = (d.text + f"\n\nCritics called it {PAYLOADS[0].format(n=407)} and "
                f"{PAYLOADS[1].format(n=406)} propaganda, the regime said.")
        rows.append({"body": text, "source": HOSTILE_OUTLETS[d.outlet],
                     "headline": PAYLOADS[2].format(n=408) if i == 0 else d.title,
                     "byline": PAYLOADS[1].format(n=409), "published": d.date.strftime("%Y-%m-%d")})
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _files_outside(sandbox: Path, out: Path) -> list[Path]:
    return [p for p in sandbox.rglob("*") if p.is_file() and out not in p.parents]


_SAFE_PART_RE = re.compile(r"[\w.\-]+")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    sandbox = tmp_path_factory.mktemp("sandbox")
    inputs = tmp_path_factory.mktemp("inputs")
    corpus = _hostile_corpus(inputs)
    lexicon = inputs / "hostile.yaml"
    lexicon.write_text(
        f"name: '{PAYLOADS[2].format(n=405)}'\nversion: '1'\nentries:\n  label:\n"
        f"    - '{PAYLOADS[1].format(n=406)}'\n    - propaganda\n", "utf-8")
    out = sandbox / "deep" / "out"
    columns = json.dumps({"text": "body", "outlet": "source", "title": "headline", "author": "byline",
                          "date": "published"})
    title = PAYLOADS[0].format(n=403) + " " + PAYLOADS[2].format(n=404)
    code = main(["report", "--corpus", str(corpus), "--out", str(out), "-p", "columns", columns,
                 "-p", "lexicons", f"loaded_language,{lexicon}", "-p", "title", title,
                 "-p", "n_boot", "100", "-p", "cache", "false"])
    assert code == 0
    return sandbox, out


@pytest.mark.slow
def test_report_html_keeps_every_payload_as_text(hostile_report):
    _, out = hostile_report
    page = (out / "outlet_comparison.html").read_text(encoding="utf-8")
    markers = [f"alert({n})" for n in range(401, 410)]
    assert_inert(page, markers, shown=["alert(401)", "alert(402)", "alert(403)", "alert(404)", "alert(406)"])
    assert "../../etc" in page  # the outlet name itself is shown


@pytest.mark.slow
def test_report_notebook_outputs_are_inert(hostile_report):
    _, out = hostile_report
    nb = nbformat.read(str(out / "outlet_comparison.ipynb"), as_version=4)
    markers = [f"alert({n})" for n in range(401, 410)]
    htmls = [output["data"]["text/html"] for cell in nb.cells if cell.cell_type == "code"
             for output in cell.get("outputs", []) if "text/html" in output.get("data", {})]
    assert htmls
    for markup in htmls:
        assert_inert(markup if isinstance(markup, str) else "".join(markup), markers)


@pytest.mark.slow
def test_report_files_stay_inside_the_output_folder(hostile_report):
    sandbox, out = hostile_report
    assert _files_outside(sandbox, out) == []
    files = [p.relative_to(out) for p in out.rglob("*") if p.is_file()]
    assert any(p.parts[0] == "figures" for p in files) and any(p.parts[0] == "tables" for p in files)
    for rel in files:
        for part in rel.parts:
            assert _SAFE_PART_RE.fullmatch(part), f"unsafe file name {rel}"
    # one distinctive-terms figure per outlet, named after it, safely
    distinctive = sorted(p.name for p in (out / "figures").glob("distinctive_*.png"))
    assert len(distinctive) == len(HOSTILE_OUTLETS)
    # "../../etc" is not file-safe: its file is its safe form plus a hash of the name
    # (report_tools.file_stem), so outlets differing only in punctuation do not collide
    assert any(re.fullmatch(r"distinctive_+etc_[0-9a-f]{8}\.png", name) for name in distinctive)


EACH_CELLS = [
    ("params", 'corpus: str = "corpus"  # corpus\nfocus: str = ""  # outlet\nreference: str = "rest"  # against\n'
               'title: str = "Each"  # title\noutput_dir: str = ""  # set by the runner'),
    ("code", "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nimport pandas as pd\n"
             "from framing.report_tools import readable, save_figure, save_table\n"
             "table = pd.DataFrame({'outlet': [focus], 'title': [title]})\n"
             "save_table(table, 'table_' + focus, output_dir)\n"
             "fig, ax = plt.subplots()\nax.set_title(focus)\nsave_figure(fig, 'figure_' + focus, output_dir)\n"
             "readable(table)"),
]


@pytest.mark.slow
def test_each_outlet_batch_with_hostile_outlet_names(tmp_path):
    from tests.test_report import make_notebook

    notebook = make_notebook(tmp_path / "nb" / "each.ipynb", EACH_CELLS)
    outlets = ["../../etc", PAYLOADS[1].format(n=501), "a/../../b"]
    rows = [{"outlet": o, "text": f"Article {i}. Some words here.", "date": "2024-04-04"}
            for i, o in enumerate(outlets)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    sandbox = tmp_path / "sandbox"
    out = sandbox / "deep" / "out"
    assert main(["report", str(notebook), "--corpus", str(corpus), "--each", "outlet", "--out", str(out),
                 "--jobs", "2"]) == 0
    assert _files_outside(sandbox, out) == []
    assert not (tmp_path / "etc").exists() and not (tmp_path / "b").exists()
    subfolders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(subfolders) == len(outlets)
    for rel in (p.relative_to(out) for p in out.rglob("*") if p.is_file()):
        for part in rel.parts:
            assert _SAFE_PART_RE.fullmatch(part), f"unsafe file name {rel}"
    pages = []
    for folder in subfolders:
        assert len(list((out / folder / "tables").glob("table_*.csv"))) == 1
        assert len(list((out / folder / "figures").glob("figure_*.png"))) == 1
        pages.append((out / folder / "each.html").read_text("utf-8"))
        assert_inert(pages[-1], ["alert(501)"])
    assert sum(PAYLOADS[1].format(n=501) in "".join(assert_inert(page, []).text) for page in pages) == 1
    assert_inert((out / "index.html").read_text("utf-8"), ["alert(501)"])


SLOW_CELLS = [
    ("params", 'title: str = "Slow"  # title\noutput_dir: str = ""  # set by the runner'),
    ("code", "import time\nimport pandas as pd\nfrom framing.report_tools import save_table\n"
             "time.sleep(4)\nsave_table(pd.DataFrame({'title': [title]}), 'result', output_dir)\nprint(title)"),
]


@pytest.mark.slow
def test_two_processes_writing_one_report_folder(tmp_path):
    """Two real ``framing report`` processes on one folder: one runs, the other refuses at once."""
    import subprocess
    import sys
    import time

    from tests.test_report import make_notebook

    notebook = make_notebook(tmp_path / "nb" / "slow.ipynb", SLOW_CELLS)
    out = tmp_path / "shared-report"
    code = "import sys; from framing.cli.main import main; sys.exit(main())"

    def start(title: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", code, "report", str(notebook), "--out", str(out),
                                 "-p", "title", title], cwd=REPO, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    first = start("first")
    deadline = time.monotonic() + 120
    while not (out / ".framing-report.lock").exists():  # the first run holds the folder...
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.05)
    second = start("second")  # ...while the second one starts
    second_out, second_err = second.communicate(timeout=300)
    first_out, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 1 and "in use by another run" in second_err, second_err
    assert second_err.startswith("error: ") and "Traceback" not in second_err
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "ok" and run["parameters"]["title"] == "first"
    assert pd.read_csv(out / "tables" / "result.csv")["title"].tolist() == ["first"]
    assert "slow.html" in first_out and (out / "slow.html").is_file()
    assert not (out / ".framing-report.lock").exists()
