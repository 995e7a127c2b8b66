#!/usr/bin/env python3
"""The HTML report: self-contained, script-free, with its four charts; and, where Chromium is
installed, rendered headless at 1280 px and 400 px wide and printed to A4.

  html_report.py ADVISE SOURCE_DIR WORK_DIR static   the file's content (always runs)
  html_report.py ADVISE SOURCE_DIR WORK_DIR render   Chromium's rendering (exit 77, skipped, without it)
"""

import html.parser
import os
import re
import shutil
import subprocess
import sys

problems = []
CHARTS = ["scatter", "bars", "roofline", "memory"]


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the <svg> each sits in."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.svg = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg":
            self.svg = attributes.get("class", "")
        self.tags.append((tag, attributes, self.svg))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None


def write_report(advise, source, path, model="resnet50", extra=()):
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(source, "no-such-config-dir"))
    env.pop("ADVISE_PRICING", None)
    command = [advise, "--model", os.path.join(source, "examples", model + ".toml"), "--probe-results",
               os.path.join(source, "tests", "data", "probe-results", model + ".json"), "--no-cache",
               "--today", "2026-12-01", "--html", path, *extra]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"advise exited {result.returncode}: {result.stderr.strip()}")
    with open(path, encoding="utf-8") as file:
        return file.read()


def count(elements, tag, chart, css=None):
    def wanted(t, attributes, svg):
        classes = attributes.get("class", "").split()
        return t == tag and svg and chart in svg.split() and (css is None or css in classes)
    return sum(1 for t, attributes, svg in elements.tags if wanted(t, attributes, svg))


def check_self_contained(page, name):
    lower = page.lower()
    if "<script" in lower:
        problems.append(f"{name}: has a <script>")
    if re.search(r"\son[a-z]+\s*=", lower):
        problems.append(f"{name}: has an event handler attribute")
    for pattern in [r"""(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:|//|ftp:)""",
                    r"url\(\s*['\"]?\s*(?:https?:|//)",
                    r"@import", r"<link[^>]+rel\s*=\s*[\"']?stylesheet", r"<iframe", r"<object", r"<embed"]:
        if re.search(pattern, lower):
            problems.append(f"{name}: loads something from outside ({pattern})")


def check_static(advise, source, work):
    page = write_report(advise, source, os.path.join(work, "report.html"))
    check_self_contained(page, "report.html")
    elements = Elements()
    elements.feed(page)
    for chart in CHARTS:
        if not any(svg and chart in svg.split() for _, _, svg in elements.tags):
            problems.append(f"no <svg class=\"chart {chart}\">")
    if count(elements, "circle", "scatter") < 10:
        problems.append("the scatter has fewer than 10 points")
    for css in ["chosen", "this-cpu", "on-front"]:
        if count(elements, "g", "scatter", css) < 1:
            problems.append(f"the scatter marks no {css} point")
    if count(elements, "path", "scatter", "front") != 1:
        problems.append("the scatter draws no Pareto front")
    if count(elements, "line", "scatter", "band") < 20:
        problems.append("the scatter has no error bars")
    if count(elements, "title", "scatter") < 10:
        problems.append("the scatter's points have no <title>")
    if count(elements, "rect", "bars") < 3:
        problems.append("the step bars have no parts")
    if count(elements, "path", "roofline", "roof") < 1 or count(elements, "circle", "roofline") < 1:
        problems.append("the roofline has no roof or no GEMM")
    if count(elements, "g", "memory", "device") < 3:
        problems.append("the memory chart has fewer than 3 devices")
    for needed in ["@page", "size: A4", "name=\"viewport\"", "Stop the instance", "Catalogs used", "no prices"]:
        if needed not in page:
            problems.append(f"the report lacks {needed!r}")
    # A model no device holds still gets a whole report, its scatter saying why it is empty.
    empty = write_report(advise, source, os.path.join(work, "report-none.html"), "product-search")
    check_self_contained(empty, "report-none.html")
    if "No option can run this training" not in empty:
        problems.append("a model nothing can train gets no word in the scatter's place")
    check_table_cells(page, "report.html")
    check_table_cells(empty, "report-none.html")


def check_table_cells(page, name):
    """Every options row fills the header's columns; a row that cannot be used spends its empty
    cells on its reason (one spanning cell), not on blank ones."""
    for table in re.findall(r"<table>.*?</table>", page, re.S):
        header = re.search(r"<thead><tr>(.*?)</tr></thead>", table, re.S)
        if not header or "<th>note</th>" not in header.group(1):
            continue
        columns = header.group(1).count("<th")
        for css, cells in re.findall(r"<tr( class=\"[a-z-]+\")?>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S):
            spans = [int(n) for n in re.findall(r'<td[^>]*colspan="(\d+)"', cells)]
            width = cells.count("<td") - len(spans) + sum(spans)
            if width != columns:
                problems.append(f"{name}: a row {width} cells wide under {columns} columns")
            if "infeasible" in (css or "") and (not spans or re.search(r"<td( class=\"num\")?></td>", cells)):
                problems.append(f"{name}: a row that cannot be used keeps blank cells beside its reason")


def chromium():
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]:
        if shutil.which(name):
            return shutil.which(name)
    return None


def headless(browser, arguments, work):
    profile = os.path.join(work, "chromium-profile")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={profile}", "--disable-dev-shm-usage", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def check_render(advise, source, work):
    browser = chromium()
    if browser is None:
        print("SKIPPED: Chromium is not installed (Debian package chromium); the HTML report was not rendered")
        return 77
    path = os.path.join(work, "report.html")
    write_report(advise, source, path)
    url = "file://" + os.path.abspath(path)
    dom = headless(browser, ["--dump-dom", url], work).stdout
    for chart in CHARTS:
        if not re.search(rf'<svg class="chart {chart}"', dom):
            problems.append(f"Chromium's DOM has no {chart} chart")
    for width in [1280, 400]:
        png = os.path.join(work, f"report-{width}.png")
        if os.path.exists(png):
            os.remove(png)
        headless(browser, [f"--screenshot={png}", f"--window-size={width},2400", url], work)
        if not os.path.exists(png) or os.path.getsize(png) < 20000:
            problems.append(f"no screenshot at {width} px (or a blank one)")
    pdf = os.path.join(work, "report.pdf")
    headless(browser, [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url], work)
    if not os.path.exists(pdf) or open(pdf, "rb").read(5) != b"%PDF-":
        problems.append("no A4 print (PDF)")
    return None


def main():
    advise, source, work, part = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    skipped = check_static(advise, source, work) if part == "static" else check_render(advise, source, work)
    if skipped:
        return skipped
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems" if problems else f"HTML report {part}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
