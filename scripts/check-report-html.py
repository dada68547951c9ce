#!/usr/bin/env python3
"""Check a Data Systems Audit Report as a browser renders it.

Opens audit-YYYY-MM.html in headless Chromium (--dump-dom: the DOM after parsing and layout, so what
an inspector's browser shows), then checks that:
  - the force and per-division totals (every measure) equal the rows of audit-YYYY-MM-summary.csv
    (level "force" / "division"; an empty CSV cell is "no run" in the HTML);
  - each division's list page has one row per open finding, and its discrepancy list
    (discrepancies/CODE-*.csv, when present) has the same number of rows;
  - the rendered DOM holds no <script>, <iframe>, <object>, <embed> or external asset: text such as
    "<script>" in a name or detail stayed text;
  - every division page carries the OFFICIAL-SENSITIVE marking top and bottom;
  - with --pdf, printing to PDF works and gives at least one page per section; and, with pdftotext
    (poppler-utils), every printed page carries "Page N of M" and a marking at top and bottom, every
    page that lists findings (names, dates of birth) OFFICIAL-SENSITIVE at both, and no finding id or
    record id is cut across lines.

Usage:
  scripts/check-report-html.py OUT/reports/2026-11            # a report folder
  scripts/check-report-html.py path/audit-2026-11.html [--summary path/audit-2026-11-summary.csv]
Options:
  --browser PATH      Chromium binary (default: $CHROMIUM, then chromium, chromium-browser,
                      google-chrome on PATH)
  --require-browser   fail (exit 2) when no browser is found, instead of checking the file as written
  --pdf               also print to PDF and count pages
Install Chromium on Debian/Ubuntu with: apt-get install -y chromium
Exit 0 when every check passes, 1 when one fails, 2 when the inputs or the browser are missing.
"""
import csv
import glob
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile


class ReportDOM(html.parser.HTMLParser):
    """Collects the machine-checkable parts of the report from (rendered) HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []            # open elements: (tag, attrs)
        self.tables = {}           # table id -> {division: {measure: text}}
        self.table = None
        self.row_division = None
        self.cell_measure = None
        self.cell_text = []
        self.section = None        # division code of the division page we are in
        self.finding_rows = {}     # division -> rows of tr.finding
        self.markings = {}         # division -> ["OFFICIAL-SENSITIVE", ...] in order
        self.marking_text = None
        self.forbidden = []        # forbidden elements seen
        self.external = []         # attributes pointing outside the file

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "iframe", "object", "embed", "link", "img", "frame", "base"):
            self.forbidden.append(tag)
        for name in ("src", "href", "data", "action", "formaction", "srcset"):
            v = a.get(name)
            if v is not None and not v.startswith("#"):
                self.external.append(f"{tag} {name}={v}")
        for name in a:
            if name.startswith("on"):
                self.external.append(f"{tag} {name} (event handler)")
        if tag == "section" and "division-page" in (a.get("class") or "").split():
            self.section = a.get("data-division")
            self.finding_rows.setdefault(self.section, 0)
            self.markings.setdefault(self.section, [])
        if tag == "table" and a.get("id") in ("force-totals", "division-totals"):
            self.table = a["id"]
            self.tables[self.table] = {}
        if tag == "tr":
            if self.table and a.get("data-division"):
                self.row_division = a["data-division"]
            if self.section is not None and "finding" in (a.get("class") or "").split():
                self.finding_rows[self.section] += 1
        if tag == "td" and self.row_division and a.get("data-measure"):
            self.cell_measure = a["data-measure"]
            self.cell_text = []
        if tag == "p" and "marking" in (a.get("class") or "").split():
            self.marking_text = []
        if tag not in ("br", "meta", "hr", "input", "col", "wbr", "img", "link", "area", "source"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "td" and self.cell_measure:
            self.tables[self.table].setdefault(self.row_division, {})[self.cell_measure] = "".join(self.cell_text).strip()
            self.cell_measure = None
        if tag == "tr":
            self.row_division = None
        if tag == "table":
            self.table = None
        if tag == "p" and self.marking_text is not None:
            if self.section is not None:
                self.markings[self.section].append("".join(self.marking_text).strip())
            self.marking_text = None
        if tag == "section":
            self.section = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.cell_measure is not None:
            self.cell_text.append(data)
        if self.marking_text is not None:
            self.marking_text.append(data)


def find_browser(explicit):
    for c in [explicit, os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]:
        if not c:
            continue
        p = shutil.which(c) or (c if os.path.isfile(c) and os.access(c, os.X_OK) else None)
        if p:
            return p
    return None


def browser_flags(profile):
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}"]


def render(browser, html_path, profile):
    cmd = [browser] + browser_flags(profile) + ["--dump-dom", "file://" + os.path.abspath(html_path)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if r.returncode != 0 or "<html" not in r.stdout:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()[-800:]}")
    return r.stdout, cmd


def print_pdf(browser, html_path, profile, pdf_path):
    cmd = [browser] + browser_flags(profile) + ["--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
                                                "file://" + os.path.abspath(html_path)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if r.returncode != 0 or not os.path.exists(pdf_path):
        raise RuntimeError(f"print to PDF failed ({r.returncode}): {r.stderr.strip()[-800:]}")
    data = open(pdf_path, "rb").read()
    # Page objects: "/Type /Page" not followed by "s".
    import re
    return len(re.findall(rb"/Type\s*/Page(?!s)", data)), cmd


def main(argv):
    args, opts = [], {"--summary": None, "--browser": None}
    flags = set()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in opts:
            if i + 1 >= len(argv):
                print(f"{a} needs a value", file=sys.stderr)
                return 2
            opts[a] = argv[i + 1]
            i += 2
            continue
        if a in ("--require-browser", "--pdf"):
            flags.add(a)
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(a)
        i += 1
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    target = args[0]
    if os.path.isdir(target):
        htmls = sorted(glob.glob(os.path.join(target, "audit-*.html")))
        if len(htmls) != 1:
            print(f"expected one audit-*.html in {target}, found {len(htmls)}", file=sys.stderr)
            return 2
        html_path = htmls[0]
    else:
        html_path = target
    folder = os.path.dirname(os.path.abspath(html_path))
    summary = opts["--summary"] or next(iter(sorted(glob.glob(os.path.join(folder, "audit-*-summary.csv")))), None)
    if not summary or not os.path.exists(summary) or not os.path.exists(html_path):
        print(f"need the report HTML and its summary CSV (html={html_path}, summary={summary})", file=sys.stderr)
        return 2

    browser = find_browser(opts["--browser"])
    profile = tempfile.mkdtemp(prefix="check-report-html-")
    try:
        if browser:
            version = subprocess.run([browser, "--version"], capture_output=True, text=True).stdout.strip()
            dom, cmd = render(browser, html_path, profile)
            print(f"rendered with {version or browser}: {' '.join(cmd)}")
        else:
            if "--require-browser" in flags:
                print("no Chromium found (install with: apt-get install -y chromium)", file=sys.stderr)
                return 2
            print("warning: no Chromium found (apt-get install -y chromium); checking the HTML as written, not as rendered")
            dom = open(html_path, encoding="utf-8").read()

        parser = ReportDOM()
        parser.feed(dom)
        parser.close()

        failures, passed = [], 0

        def check(ok, message):
            nonlocal passed
            if ok:
                passed += 1
            else:
                failures.append(message)

        with open(summary, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        measures = ["open", "open_last_month", "new_this_month", "corrected", "not_evaluated", "open_over_30_days", "open_over_90_days"]
        divisions = [r for r in rows if r["level"] == "division"]
        force = [r for r in rows if r["level"] == "force"]
        check(len(force) == 1, f"summary CSV has {len(force)} force rows, expected 1")
        check(len(divisions) > 0, "summary CSV has no division rows")
        by_division = parser.tables.get("division-totals", {})
        force_html = parser.tables.get("force-totals", {}).get("ALL", {})
        check(set(by_division) - {"ALL"} == {r["division"] for r in divisions},
              f"divisions in the HTML {sorted(set(by_division) - {'ALL'})} != CSV {sorted(r['division'] for r in divisions)}")
        for r in divisions + force:
            d = r["division"]
            shown = force_html if r["level"] == "force" else by_division.get(d, {})
            for m in measures:
                want = r[m] if r[m] != "" else "no run"
                check(shown.get(m) == want, f"{d} {m}: HTML shows {shown.get(m)!r}, summary CSV has {want!r}")
        # The division table's own total row agrees with the force table.
        for m in measures:
            check(by_division.get("ALL", {}).get(m) == force_html.get(m), f"All divisions {m}: totals table and force table disagree")

        # List pages and discrepancy lists.
        disc_dir = os.path.join(folder, "discrepancies")
        for r in divisions:
            d = r["division"]
            rows_on_page = parser.finding_rows.get(d)
            check(rows_on_page is not None, f"no list page for division {d}")
            check(rows_on_page == int(r["open"]), f"{d}: list page shows {rows_on_page} open findings, summary CSV {r['open']}")
            marks = parser.markings.get(d, [])
            check(len(marks) >= 2 and marks[0] == "OFFICIAL-SENSITIVE" and marks[-1] == "OFFICIAL-SENSITIVE",
                  f"{d}: list page markings {marks}, expected OFFICIAL-SENSITIVE top and bottom")
            if os.path.isdir(disc_dir):
                files = glob.glob(os.path.join(disc_dir, d + "-*.csv")) + glob.glob(os.path.join(disc_dir, d + ".csv"))
                check(len(files) == 1, f"{d}: {len(files)} discrepancy lists")
                if len(files) == 1:
                    with open(files[0], newline="", encoding="utf-8-sig") as f:
                        n = sum(1 for _ in csv.DictReader(f))
                    check(n == int(r["open"]), f"{d}: discrepancy list has {n} rows, summary CSV {r['open']} open")

        check(not parser.forbidden, f"rendered DOM holds forbidden elements: {sorted(set(parser.forbidden))}")
        check(not parser.external, f"rendered DOM points outside the file: {parser.external[:5]}")

        if "--pdf" in flags and browser:
            pdf = os.path.join(profile, "report.pdf")
            pages, cmd = print_pdf(browser, html_path, profile, pdf)
            sections = len(divisions) + 4  # summary, by code, trend, key + one per division
            print(f"printed to PDF: {pages} pages ({' '.join(cmd[:1] + cmd[-3:])})")
            check(pages >= sections, f"PDF has {pages} pages, expected at least {sections} (one per section)")
            if shutil.which("pdftotext"):
                import re
                unmarked, unnumbered = [], []
                for p in range(1, pages + 1):
                    text = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), "-layout", pdf, "-"],
                                          capture_output=True, text=True).stdout
                    lines = [l.strip() for l in text.split("\n") if l.strip()]
                    top, bottom = (lines[0], " ".join(lines[-2:])) if lines else ("", "")
                    if f"Page {p} of {pages}" not in bottom:
                        unnumbered.append(p)
                    lists = re.search(r"\b[A-Z]+(?:-[A-Z]+)*-[0-9A-F]{12}\b", text)
                    want = "OFFICIAL-SENSITIVE" if lists else "OFFICIAL"
                    if want not in top or want not in bottom:
                        unmarked.append(p)
                check(not unnumbered, f"printed pages without 'Page N of {pages}': {unnumbered[:10]}")
                check(not unmarked, f"printed pages without their marking at top and bottom: {unmarked[:10]}")
                raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout
                cut = [f for f in re.findall(r"\b([A-Z]+(?:-[A-Z]+)*-[0-9A-F]{1,12})\b", raw) if not re.search(r"-[0-9A-F]{12}$", f)]
                check(not cut, f"finding ids cut across lines in print: {cut[:5]}")
                print(f"printed pages: {pages}, each numbered and marked; "
                      f"{len(re.findall(r'OFFICIAL-SENSITIVE', raw))} OFFICIAL-SENSITIVE markings")
            else:
                print("pdftotext not found (apt-get install -y poppler-utils): printed markings not checked")

        for f in failures:
            print("FAIL: " + f)
        total_open = force[0]["open"] if force else "?"
        print(f"{os.path.basename(html_path)}: {len(divisions)} divisions + force, {len(measures)} measures each, "
              f"{total_open} open findings; {passed} checks passed, {len(failures)} failed")
        return 0 if not failures else 1
    finally:
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
