#!/usr/bin/env python3
"""Peers beside iomaudit on the same extracts, in the same sitting (used by bench.sh).

    scripts/bench-peers.py BINARY DATA_DIR RUNS RESULT.json

For every extract the nightly pipeline reads in DATA_DIR:
  - iomaudit: `iomaudit check --mapping MAPPING FILE` (read, map and check every row, as ingest does,
    without the store), wall time;
  - CSV: DuckDB `CREATE TABLE t AS SELECT * FROM read_csv(FILE, ...)` into an in-memory database, every
    column as text. DuckDB reads UTF-8 (and Latin-1); an extract in another encoding (Windows-1252) is
    converted to a UTF-8 copy first, and that conversion is timed and reported on its own;
  - XML: lxml's `etree.iterparse` over the record elements, clearing each.
Each figure is the median of RUNS. The peers are installed from PyPI when missing (`pip install duckdb
lxml`); a peer that cannot be installed is reported as such, never guessed. Prints one line per
extract and writes the figures as JSON.
"""
import glob, json, os, statistics, subprocess, sys, tempfile, time

binary, data, runs, result_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure(module, package):
    try:
        return __import__(module), None
    except ImportError:
        pass
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", package], capture_output=True, text=True)
    try:
        return __import__(module), None
    except ImportError:
        return None, f"{package} could not be installed from PyPI: {(r.stderr or r.stdout).strip().splitlines()[-1:] or ['no message']}"


duckdb, duckdb_missing = ensure("duckdb", "duckdb")
try:
    from lxml import etree
    lxml_missing = None
except ImportError:
    _, lxml_missing = ensure("lxml", "lxml")
    try:
        from lxml import etree
    except ImportError:
        etree = None


def median_of(fn):
    return statistics.median(fn() for _ in range(runs))


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


pipeline = json.load(open(os.path.join(repo, "Pipelines", "nightly.json")))
rows = []
for source in pipeline["sources"]:
    mapping_path = os.path.normpath(os.path.join(repo, "Pipelines", source["mapping"]))
    mapping = json.load(open(mapping_path))
    files = sorted(glob.glob(os.path.join(data, mapping["files"])))
    if not files:
        continue
    path = files[-1]
    size = os.path.getsize(path)
    row = {"system": source["system"], "file": os.path.basename(path), "bytes": size, "format": mapping["format"]}

    def product():
        r = subprocess.run([binary, "check", "--mapping", mapping_path, path, "--json"], capture_output=True, cwd=repo)
        if r.returncode not in (0, 3):
            raise SystemExit(f"bench-peers: iomaudit check failed on {path}: {r.stderr.decode(errors='replace')[:300]}")
    row["iomaudit_seconds"] = median_of(lambda: timed(product))

    if mapping["format"] == "csv":
        row["peer"] = "DuckDB read_csv"
        encoding = mapping.get("encoding", "utf-8").lower()
        delimiter = {"tab": "\t"}.get(mapping.get("delimiter", ","), mapping.get("delimiter", ","))
        if duckdb is None:
            row["peer_missing"] = duckdb_missing
        else:
            source_path, conversion = path, None
            if encoding not in ("utf-8", "utf8", "iso-8859-1", "latin-1"):
                tmp = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)
                tmp.close()

                def convert():
                    with open(path, encoding=encoding, errors="replace", newline="") as src, open(tmp.name, "w", encoding="utf-8", newline="") as dst:
                        while True:
                            chunk = src.read(1 << 22)
                            if not chunk:
                                break
                            dst.write(chunk)
                conversion = median_of(lambda: timed(convert))
                source_path = tmp.name
                row["conversion"] = f"{encoding} to UTF-8 (Python), because DuckDB's read_csv reads UTF-8 and Latin-1 only"
                row["conversion_seconds"] = conversion
            duck_encoding = "latin-1" if encoding in ("iso-8859-1", "latin-1") else "utf-8"

            def load():
                con = duckdb.connect()
                con.execute("SET threads TO 2")
                con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header = true, all_varchar = true, delim = ?, encoding = ?, quote = '\"', strict_mode = false, ignore_errors = true)",
                            [source_path, delimiter, duck_encoding])
                row["peer_rows"] = con.execute("SELECT count(*) FROM t").fetchone()[0]  # after the load: not timed apart, a count is instant
                con.close()
            row["peer_seconds"] = median_of(lambda: timed(load))
            if source_path != path:
                os.unlink(source_path)
    else:
        row["peer"] = "lxml iterparse"
        tag = mapping.get("record")
        namespace = mapping.get("namespace")
        qualified = "{%s}%s" % (namespace, tag) if namespace else tag
        if etree is None:
            row["peer_missing"] = lxml_missing
        else:
            def parse():
                n = 0
                for _, el in etree.iterparse(path, events=("end",), tag=qualified, huge_tree=True):
                    n += 1
                    el.clear(keep_tail=True)
                    while el.getprevious() is not None:
                        del el.getparent()[0]
                row["peer_rows"] = n
            row["peer_seconds"] = median_of(lambda: timed(parse))
    rows.append(row)
    peer = f"{row['peer']} {row['peer_seconds']:.2f} s ({row['peer_rows']:,} rows)" if "peer_seconds" in row else f"{row['peer']}: {row.get('peer_missing')}"
    conv = f" (+ {row['conversion_seconds']:.2f} s converting {row['conversion'].split(' (')[0]})" if "conversion_seconds" in row else ""
    print(f"    {row['file']:<34} {size / 1e6:7.1f} MB  iomaudit check {row['iomaudit_seconds']:6.2f} s  {peer}{conv}", file=sys.stderr)

versions = {}
if duckdb is not None:
    versions["duckdb"] = duckdb.__version__
if etree is not None:
    versions["lxml"] = ".".join(map(str, etree.LXML_VERSION))
json.dump({"extracts": rows, "versions": versions}, open(result_path, "w"), indent=1)
