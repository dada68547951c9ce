#!/usr/bin/env python3
"""Compares a published run with the generator's truth.

    scripts/evaluate-truth.py RUN_DIR TRUTH_DIR

RUN_DIR is `OUT/current` (or `OUT/runs/asof-DATE`), TRUTH_DIR the `truth/` folder the generator wrote.
Prints precision and recall per finding code (a finding matches when code and anchor agree; the other
truth columns are checked too and mismatches listed) and pairwise linkage precision and recall
(record pairs placed in one person, against the truth's people.csv). Exit 1 when anything is below 1.0.
"""
import csv, sys
from collections import defaultdict
from itertools import combinations

run, truth = sys.argv[1], sys.argv[2]

def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

def undo_excel(s):  # the product prefixes formula-like cells with '
    return s[1:] if s.startswith("'") else s

found = {(r["code"], r["anchor"]): r for r in rows(f"{run}/tables/findings.csv") if r.get("status", "NEW") in ("NEW", "OPEN", "REOPENED")}
expected = {(r["code"], r["anchor"]): r for r in rows(f"{truth}/findings.csv")}
codes = sorted({c for c, _ in found} | {c for c, _ in expected})
worst = 1.0
print(f"{'code':24s} {'truth':>6s} {'found':>6s} {'match':>6s} {'precision':>10s} {'recall':>8s}")
for code in codes:
    f = {k for k in found if k[0] == code}
    e = {k for k in expected if k[0] == code}
    m = f & e
    p = len(m) / len(f) if f else 1.0
    r = len(m) / len(e) if e else 1.0
    worst = min(worst, p, r)
    print(f"{code:24s} {len(e):6d} {len(f):6d} {len(m):6d} {p:10.4f} {r:8.4f}")
tf, te = set(found), set(expected)
print(f"{'all':24s} {len(te):6d} {len(tf):6d} {len(tf & te):6d} {len(tf & te) / max(1, len(tf)):10.4f} {len(tf & te) / max(1, len(te)):8.4f}")

columns = [("record_ids", "record_ids"), ("pnc_id", "pnc_id"), ("division", "division")]
mismatch = 0
for k in sorted(tf & te):
    for fc, tc in columns:
        if undo_excel(found[k][fc]) != expected[k][tc]:
            mismatch += 1
            if mismatch <= 10:
                print(f"  column {fc} differs for {k}: found {found[k][fc]!r}, truth {expected[k][tc]!r}")
print(f"matched findings with a differing record_ids/pnc_id/division: {mismatch}")
for k in sorted(tf - te)[:10]: print("  not in truth:", k)
for k in sorted(te - tf)[:10]: print("  missed:", k)

# Linkage: pairs of records in one person.
person_of = {r["record"]: r["person"] for r in rows(f"{truth}/people.csv")}
master_of = {r["record"]: r["master_id"] for r in rows(f"{run}/tables/links.csv")}
def pairs(groups):
    out = set()
    for members in groups.values():
        out.update(combinations(sorted(members), 2))
    return out
tg, fg = defaultdict(list), defaultdict(list)
for rec, p in person_of.items():
    if rec in master_of: tg[p].append(rec)
for rec, m in master_of.items():
    if rec in person_of: fg[m].append(rec)
tp, fp = pairs(tg), pairs(fg)
lp = len(tp & fp) / max(1, len(fp))
lr = len(tp & fp) / max(1, len(tp))
print(f"linkage: {len(person_of)} truth records, {len(master_of)} linked records; "
      f"pairwise precision {lp:.4f}, recall {lr:.4f} ({len(tp)} true pairs, {len(fp)} linked pairs)")
worst = min(worst, lp, lr)
sys.exit(0 if worst >= 1.0 and mismatch == 0 else 1)
