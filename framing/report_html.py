"""HTML export of executed report notebooks: no code, a table of contents, nothing from the network.

:func:`notebook_html` converts an executed notebook with nbconvert's ``lab``
template, leaving out the code, the prompts and the code cells without output,
adds a table of contents of the ``h2``/``h3`` headings under the title, and
embeds the images, so one HTML file is the whole report.
:func:`external_references` lists what a page would load from the network.
"""

from __future__ import annotations

import html
import logging
import re

from framing.io import safe_name

__all__ = ["notebook_html", "external_references"]

logger = logging.getLogger(__name__)

_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block extra_css %}<style type="text/css">
main {max-width: 1180px; margin: 0 auto; padding: 1em 1.5em 3em;}
.jp-Cell {padding: 0;} .jp-OutputArea-output {overflow-x: auto;}
nav.framing-toc {background: #f6f6f6; border: 1px solid #ddd; border-radius: 4px;
  padding: 0.6em 1.2em; margin: 1em 0 1.5em; font-family: sans-serif; font-size: 0.95em;}
nav.framing-toc ol {margin: 0.3em 0; padding-left: 1.4em;} nav.framing-toc ul {margin: 0; padding-left: 1.2em; list-style: circle;}
table.framing-params {margin-left: 0;} table.framing-params td, table.framing-params th {text-align: left; vertical-align: top;}
table.framing-params td.fr-value {white-space: pre-wrap; word-break: break-word; max-width: 40em;}
.framing-note {color: #444; font-style: italic; margin: 0.2em 0 1.2em;}
.jp-RenderedHTMLCommon table {font-size: 0.9em;}
table.framing-table {margin-left: 0;} table.framing-table th {text-align: left;}
</style>{% endblock extra_css %}
"""
_HEADING_RE = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_EXTERNAL_RE = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]+"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//""", re.I)


def external_references(text: str) -> list[str]:
    """Scripts, style sheets, images or frames an HTML text loads from the network."""
    return [m.group(0) for m in _EXTERNAL_RE.finditer(text)]


def _add_toc(text: str) -> str:
    entries, used = [], set()

    def visit(match: re.Match) -> str:
        level, attrs, inner = match.groups()
        label = html.unescape(_TAG_RE.sub("", inner)).replace("¶", "").strip()
        found = re.search(r'\bid="([^"]+)"', attrs)
        anchor = found.group(1) if found else None
        if anchor is None or anchor in used:
            anchor = safe_name(label.lower(), max_length=60) or "section"
            while anchor in used:
                anchor += "_"
            attrs = re.sub(r'\bid="[^"]*"', "", attrs) + f' id="{anchor}"'
        used.add(anchor)
        entries.append((level, anchor, label))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    text = _HEADING_RE.sub(visit, text)
    if not entries:
        return text
    items, open_sub = [], False
    for level, anchor, label in entries:
        link = f'<a href="#{html.escape(anchor)}">{html.escape(label)}</a>'
        if level == "3" and items:
            items.append(("" if open_sub else "<ul>") + f"<li>{link}</li>")
            open_sub = True
            continue
        items.append(("</ul></li>" if open_sub else ("</li>" if items else "")) + f"<li>{link}")
        open_sub = False
    items.append("</ul></li>" if open_sub else "</li>")
    nav = f'<nav class="framing-toc"><b>Contents</b><ol>{"".join(items)}</ol></nav>'
    end_h1 = text.find("</h1>")
    at = end_h1 + len("</h1>") if end_h1 >= 0 else text.find("<main>") + len("<main>")
    return text[:at] + nav + text[at:]


def notebook_html(nb, *, title: str | None = None) -> str:
    """Self-contained HTML of an executed notebook: no code, prompts or network loads.

    Code cells without output (the set-up and parameter cells) are left out; a
    table of contents of the ``h2``/``h3`` headings follows the title; images are
    embedded as ``data:`` URIs; no script or style sheet is loaded from a CDN.
    """
    import copy

    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and not c.get("outputs"))
                and "papermill-error-cell-tag" not in (c.metadata.get("tags") or [])]
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab", extra_loaders=[DictLoader({"framing_report.html.j2": _TEMPLATE})],
        template_file="framing_report.html.j2", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    body = _add_toc(body)
    found = external_references(body)
    if found:
        logger.warning("report HTML loads from the network: %s", "; ".join(found[:3]))
    return body
