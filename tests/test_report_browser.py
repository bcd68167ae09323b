"""The HTML report in a real browser: headless Chromium renders it offline, images load, no errors.

Needs Debian's ``chromium`` (``.ci/run`` installs it).  Without it the test is
skipped, unless ``FRAMING_REQUIRE_BROWSER=1`` (set in CI), where it fails.
The screenshot is kept in ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from framing.report import run_report
from tests.test_report import FIXTURE_CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds of page time Chromium runs before dumping the DOM (load and layout).
VIRTUAL_TIME_MS = 10_000
#: Wall-clock limit for one Chromium call.
BROWSER_TIMEOUT = 120

# Runs first in <head>: records script errors, failed resource loads and any alert() an unescaped
# <script> in the data would call; after load, writes what it found into <pre id="framing-check">.
PROBE = """<script>
window.__framing = {errors: [], alerts: 0};
window.alert = function () { window.__framing.alerts += 1; };
window.addEventListener('error', function (e) {
  var t = e.target && e.target !== window ? (e.target.tagName + ' ' + (e.target.src || e.target.href || '')) : '';
  window.__framing.errors.push(String(e.message || 'resource failed: ' + t.slice(0, 80)));
}, true);
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var check = {
    images: imgs.length,
    loaded: imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
    not_data: imgs.filter(function (i) { return i.src.indexOf('data:') !== 0; }).map(function (i) { return i.src.slice(0, 60); }),
    network: performance.getEntriesByType('resource').map(function (r) { return r.name; })
      .filter(function (n) { return n.indexOf('data:') !== 0 && n.indexOf('file:') !== 0; }),
    errors: window.__framing.errors, alerts: window.__framing.alerts,
    toc_links: document.querySelectorAll('nav.framing-toc a').length,
    headings: document.querySelectorAll('h2').length,
    height: document.body.scrollHeight
  };
  var pre = document.createElement('pre');
  pre.id = 'framing-check';
  pre.textContent = JSON.stringify(check);
  document.body.appendChild(pre);
});
</script>"""


def find_browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    reason = "headless Chromium not found (install Debian's chromium: apt-get install -y chromium)"
    if os.environ.get("FRAMING_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + "; FRAMING_REQUIRE_BROWSER=1 requires it")
    pytest.skip(reason)


def browser_args(browser: str, profile: Path) -> list[str]:
    return [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}",
            # nothing may come from the network: any host lookup fails
            "--host-resolver-rules=MAP * ~NOTFOUND"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    browser_path = find_browser()  # skip before the report run when there is no browser
    assert browser_path
    out = tmp_path_factory.mktemp("browser") / "report"
    result = run_report("outlet_comparison", out, {"corpus": str(FIXTURE_CORPUS), "n_boot": "100",
                                                   "cache": "false", "title": "Browser <check>"})
    assert result.status == "ok"
    return out / "outlet_comparison.html"


@pytest.fixture(scope="module")
def rendered(report, tmp_path_factory):
    browser = find_browser()
    work = tmp_path_factory.mktemp("chromium")
    page = report.read_text(encoding="utf-8")
    probed = work / "probed.html"
    probed.write_text(page.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    base = browser_args(browser, work / "profile")
    dom = subprocess.run([*base, f"--virtual-time-budget={VIRTUAL_TIME_MS}", "--enable-logging=stderr",
                          "--v=0", "--dump-dom", probed.as_uri()],
                         capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=False)
    found = re.search(r'<pre id="framing-check">(.*?)</pre>', dom.stdout, re.S)
    assert found, f"no probe result in the DOM (exit {dom.returncode}): {dom.stderr[-2000:]}"
    check = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&")
                       .replace("&lt;", "<").replace("&gt;", ">"))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report_outlet_comparison.png"
    shot.unlink(missing_ok=True)
    subprocess.run([*base, f"--virtual-time-budget={VIRTUAL_TIME_MS}", f"--screenshot={shot}",
                    "--window-size=1280,4000", report.as_uri()],
                   capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=False)
    return check, dom.stderr, shot


def test_images_are_embedded_and_load(rendered):
    check, _, _ = rendered
    assert check["images"] >= 5
    assert check["loaded"] == check["images"], check
    assert check["not_data"] == []


def test_no_network_no_errors_no_script_from_data(rendered):
    check, stderr, _ = rendered
    assert check["network"] == [], check["network"]
    assert check["errors"] == [], check["errors"]
    assert check["alerts"] == 0
    console = [line for line in stderr.splitlines() if "CONSOLE" in line and "framing" not in line]
    assert not [line for line in console if "error" in line.lower() or "Uncaught" in line], console


def test_contents_and_sections(rendered):
    check, _, _ = rendered
    assert check["headings"] >= 10
    assert check["toc_links"] >= check["headings"]
    assert check["height"] > 4000  # a long report, not an empty page


def test_screenshot_is_not_blank(rendered):
    from PIL import Image

    _, _, shot = rendered
    assert shot.is_file(), "Chromium wrote no screenshot"
    with Image.open(shot) as image:
        assert image.size == (1280, 4000)
        grey = image.convert("L")
        histogram = grey.histogram()
        dark = sum(histogram[:128]) / (grey.width * grey.height)
    assert dark > 0.005, "screenshot is (nearly) blank"
    assert histogram[255] / (grey.width * grey.height) < 0.97
