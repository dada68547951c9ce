#!/usr/bin/env python3
"""Compares a published run with the generator's truth.

    scripts/evaluate-truth.py RUN_DIR TRUTH_DIR [--variant full|names] [--json PATH]

RUN_DIR is `OUT/current` (or `OUT/runs/asof-DATE`), TRUTH_DIR the `truth/` folder the generator wrote.
`--variant` says which targets apply (below): `full` is a run with the shipped mappings, `names` one whose
mappings carry no identifiers (scripts/evaluate.sh writes them). Prints:

- precision and recall per finding code (a finding matches when code and anchor agree; the other truth
  columns are checked too and mismatches listed), and ID-REVIEW found against the truth;
- pairwise linkage precision, recall and F1 over record pairs placed in one person, from contingency
  counts (sum of C(n, 2) over truth-person x found-master cells, over truth persons, over found masters),
  so it runs in O(records) also at force scale (9 M records);
- what the run's manifest.json says about linking (stage time and memory, rows, any review-question count);
- records ambiguous by construction (no date of birth, no joining identifier, a surname and forename another
  person holds too: no linker could place them), how many ID-REVIEW and TEST-UNLINKED findings beyond the
  truth fall on them, and the review questions against them; shown beside the strict figures, which keep
  the targets;
- with truth/slips.csv: recall of slipped records by slip kind (a slipped record is linked correctly when
  it is in the same found master as at least one other record of its truth person, or its truth person
  has only that record), next to the same figure for records without a slip; with
  truth/non_latin_people.csv the same for the records of people with names outside Latin-1.

A JSON summary of the same figures is written to PATH (default: `evaluation-VARIANT.json` in the folder
holding RUN_DIR) and its path printed. Exit status: 0 when every target of the variant is met, 1 when
any is missed, 2 on a usage error or missing input.
"""
import csv, json, os, sys
from collections import Counter, defaultdict

# Targets. full: the shipped mappings, every identifier available. names: names, date of birth and sex only.
TARGET_CODE_PRECISION_FULL = 0.98      # per finding code, full variant
TARGET_CODE_RECALL_FULL = 0.98
TARGET_COLUMNS_AGREE_FULL = 0.98       # matched findings whose record_ids, pnc_id and division agree, full variant
TARGET_PAIR_F1_NAMES = 0.99            # pairwise linkage, names variant
TARGET_PAIR_PRECISION_NAMES = 0.995
TARGET_TEST_UNLINKED_NAMES = 0.98      # TEST-UNLINKED precision and recall, names variant

LIVE = ("NEW", "OPEN", "REOPENED")


def usage(msg):
    print(f"evaluate-truth.py: {msg}\n" + __doc__.split("\n\n")[1], file=sys.stderr)
    sys.exit(2)


args = sys.argv[1:]
variant, json_path, positional = "full", None, []
i = 0
while i < len(args):
    a = args[i]
    if a in ("--variant", "--json"):
        if i + 1 >= len(args):
            usage(f"{a} needs a value")
        if a == "--variant":
            variant = args[i + 1]
        else:
            json_path = args[i + 1]
        i += 2
        continue
    if a.startswith("--"):
        usage(f"unknown option {a}")
    positional.append(a)
    i += 1
if len(positional) != 2:
    usage("RUN_DIR and TRUTH_DIR are required")
if variant not in ("full", "names"):
    usage(f"--variant must be full or names, not {variant!r}")
run, truth = positional
for path in (f"{run}/tables/findings.csv", f"{run}/tables/links.csv", f"{truth}/findings.csv", f"{truth}/people.csv"):
    if not os.path.exists(path):
        print(f"evaluate-truth.py: {path}: missing", file=sys.stderr)
        sys.exit(2)
if json_path is None:
    json_path = os.path.join(os.path.dirname(os.path.abspath(run)), f"evaluation-{variant}.json")

csv.field_size_limit(1 << 24)


def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        yield from csv.DictReader(f)


def undo_excel(s):  # the product prefixes formula-like cells with '
    return s[1:] if s.startswith("'") else s


def ratio(a, b):
    return a / b if b else 1.0


summary = {"run": os.path.abspath(run), "truth": os.path.abspath(truth), "variant": variant, "targets": {}, "missed": []}
missed = summary["missed"]


def target(name, value, goal):
    ok = value >= goal
    summary["targets"][name] = {"value": round(value, 6), "target": goal, "met": ok}
    if not ok:
        missed.append(f"{name} {value:.4f} < {goal}")


# ---- Findings per code.
found = {(r["code"], undo_excel(r["anchor"])): r for r in rows(f"{run}/tables/findings.csv") if r.get("status", "NEW") in LIVE}
expected = {(r["code"], r["anchor"]): r for r in rows(f"{truth}/findings.csv")}
codes = sorted({c for c, _ in found} | {c for c, _ in expected})
print(f"variant: {variant}")
print(f"{'code':24s} {'truth':>6s} {'found':>6s} {'match':>6s} {'precision':>10s} {'recall':>8s}")
per_code = {}
for code in codes:
    f = {k for k in found if k[0] == code}
    e = {k for k in expected if k[0] == code}
    m = f & e
    p, r = ratio(len(m), len(f)), ratio(len(m), len(e))
    per_code[code] = {"truth": len(e), "found": len(f), "match": len(m), "precision": round(p, 6), "recall": round(r, 6)}
    print(f"{code:24s} {len(e):6d} {len(f):6d} {len(m):6d} {p:10.4f} {r:8.4f}")
    if variant == "full":
        target(f"{code} precision", p, TARGET_CODE_PRECISION_FULL)
        target(f"{code} recall", r, TARGET_CODE_RECALL_FULL)
    elif code == "TEST-UNLINKED":
        target("TEST-UNLINKED precision", p, TARGET_TEST_UNLINKED_NAMES)
        target("TEST-UNLINKED recall", r, TARGET_TEST_UNLINKED_NAMES)
if variant == "names" and "TEST-UNLINKED" not in per_code:
    target("TEST-UNLINKED recall", 0.0, TARGET_TEST_UNLINKED_NAMES)
tf, te = set(found), set(expected)
all_p, all_r = ratio(len(tf & te), len(tf)), ratio(len(tf & te), len(te))
print(f"{'all':24s} {len(te):6d} {len(tf):6d} {len(tf & te):6d} {all_p:10.4f} {all_r:8.4f}")
summary["findings"] = {"per_code": per_code, "all": {"truth": len(te), "found": len(tf), "match": len(tf & te),
                                                      "precision": round(all_p, 6), "recall": round(all_r, 6)}}

columns = ("record_ids", "pnc_id", "division")
mismatch = 0
for k in sorted(tf & te):
    for c in columns:
        if undo_excel(found[k][c]) != expected[k][c]:
            mismatch += 1
            if mismatch <= 10:
                print(f"  column {c} differs for {k}: found {found[k][c]!r}, truth {expected[k][c]!r}")
            break
agree = ratio(len(tf & te) - mismatch, len(tf & te))
print(f"matched findings with a differing record_ids/pnc_id/division: {mismatch} (agreement {agree:.4f})")
summary["findings"]["column_mismatches"] = mismatch
if variant == "full":
    target("matched findings' columns agree", agree, TARGET_COLUMNS_AGREE_FULL)
for k in sorted(tf - te)[:10]:
    print("  not in truth:", k)
for k in sorted(te - tf)[:10]:
    print("  missed:", k)

review_found = sum(1 for k in tf if k[0] == "ID-REVIEW")
review_truth = sum(1 for k in te if k[0] == "ID-REVIEW")
review_match = sum(1 for k in tf & te if k[0] == "ID-REVIEW")
print(f"ID-REVIEW findings: {review_found} found, {review_truth} in truth, {review_match} matching")
summary["id_review"] = {"found": review_found, "truth": review_truth, "match": review_match}

# ---- Linkage, in O(records): contingency counts of truth person x found master.
person_of = {}
truth_size = Counter()
with open(f"{truth}/people.csv", newline="", encoding="utf-8-sig") as fh:
    rd = csv.reader(fh)
    next(rd)
    for person, record in rd:
        p = int(person)
        person_of[record] = p
        truth_size[p] += 1
truth_records = len(person_of)

slips = {}
if os.path.exists(f"{truth}/slips.csv"):
    for r in rows(f"{truth}/slips.csv"):
        slips[r["record"]] = r["kind"]
non_latin = set()
if os.path.exists(f"{truth}/non_latin_people.csv"):
    non_latin = {int(r["person"]) for r in rows(f"{truth}/non_latin_people.csv")}

master_index = {}
cells = Counter()          # (person << 32 | master) -> records
per_person = Counter()     # linked records per truth person
per_master = Counter()     # records per found master (truth records only)
methods = Counter()
placed = {}                # slipped or non-Latin record -> (person, master)
linked_records = unknown = 0
with open(f"{run}/tables/links.csv", newline="", encoding="utf-8-sig") as fh:
    rd = csv.reader(fh)
    header = next(rd)
    ri, mi, me = header.index("record"), header.index("master_id"), header.index("method")
    for row in rd:
        linked_records += 1
        record = undo_excel(row[ri])
        methods[row[me]] += 1
        p = person_of.pop(record, None)
        if p is None:
            unknown += 1
            continue
        m = master_index.setdefault(row[mi], len(master_index))
        cells[p << 32 | m] += 1
        per_person[p] += 1
        per_master[m] += 1
        if record in slips or p in non_latin:
            placed[record] = (p, m)
not_linked = len(person_of)  # truth records the run did not place
person_of = None


def pairs(n):
    return n * (n - 1) // 2


tp = sum(pairs(n) for n in cells.values())
true_pairs = sum(pairs(n) for n in per_person.values())
found_pairs = sum(pairs(n) for n in per_master.values())
lp, lr = ratio(tp, found_pairs), ratio(tp, true_pairs)
f1 = 2 * lp * lr / (lp + lr) if lp + lr else 0.0
print(f"linkage: {truth_records} truth records, {linked_records} linked records ({unknown} not in truth, "
      f"{not_linked} truth records not linked); pairwise precision {lp:.4f}, recall {lr:.4f}, F1 {f1:.4f} "
      f"({tp} correct pairs, {true_pairs} true pairs, {found_pairs} linked pairs)")
print("links by method: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())))
summary["linkage"] = {"truth_records": truth_records, "linked_records": linked_records, "not_in_truth": unknown,
                      "truth_records_not_linked": not_linked, "correct_pairs": tp, "true_pairs": true_pairs,
                      "linked_pairs": found_pairs, "precision": round(lp, 6), "recall": round(lr, 6), "f1": round(f1, 6),
                      "methods": dict(methods)}
if variant == "names":
    target("pairwise F1", f1, TARGET_PAIR_F1_NAMES)
    target("pairwise precision", lp, TARGET_PAIR_PRECISION_NAMES)


# ---- Slipped records: linked with their own person?
def linked_right(p, m):
    return cells[p << 32 | m] >= 2 or truth_size[p] == 1


if slips:
    by_kind = defaultdict(lambda: [0, 0])
    for record, kind in slips.items():
        at = placed.get(record)
        by_kind[kind][1] += 1
        if at and linked_right(*at):
            by_kind[kind][0] += 1
    print(f"slipped records linked with their own person ({len(slips)} slipped):")
    print(f"  {'kind':22s} {'records':>8s} {'linked':>8s} {'recall':>8s}")
    kinds = {}
    for kind in sorted(by_kind):
        ok, n = by_kind[kind]
        kinds[kind] = {"records": n, "linked": ok, "recall": round(ratio(ok, n), 6)}
        print(f"  {kind:22s} {n:8d} {ok:8d} {ratio(ok, n):8.4f}")
    ok = sum(v[0] for v in by_kind.values())
    print(f"  {'all slipped':22s} {len(slips):8d} {ok:8d} {ratio(ok, len(slips)):8.4f}")
    summary["slips"] = {"by_kind": kinds, "all": {"records": len(slips), "linked": ok, "recall": round(ratio(ok, len(slips)), 6)}}
    # Records without a slip, the same way: every record in a (person, master) cell of two or more is
    # linked right, a record alone in its cell only when its person has one record; then the slipped
    # records are taken out (truth records the run did not place count as not linked).
    right_all = sum(n for key, n in cells.items() if n >= 2 or truth_size[key >> 32] == 1)
    total_all = sum(per_person.values()) + not_linked
    slipped_right = ok
    unslipped = total_all - len(slips)
    unslipped_ok = right_all - slipped_right
    print(f"  {'no slip':22s} {unslipped:8d} {unslipped_ok:8d} {ratio(unslipped_ok, unslipped):8.4f}")
    summary["slips"]["no_slip"] = {"records": unslipped, "linked": unslipped_ok, "recall": round(ratio(unslipped_ok, unslipped), 6)}

if non_latin:
    n = ok = 0
    for record, (p, m) in placed.items():
        if p in non_latin:
            n += 1
            ok += linked_right(p, m)
    total = sum(truth_size[p] for p in non_latin)
    print(f"records of people with names outside Latin-1: {total} ({len(non_latin)} people), {ok} linked with their own person "
          f"(recall {ratio(ok, total):.4f})")
    summary["non_latin"] = {"people": len(non_latin), "records": total, "linked": ok, "recall": round(ratio(ok, total), 6)}

# ---- What the manifest says about linking.
manifest_path = f"{run}/manifest.json"
linking = {}
if os.path.exists(manifest_path):
    with open(manifest_path, encoding="utf-8") as fh:
        manifest = json.load(fh)

    def walk(obj, path):
        if isinstance(obj, dict):
            for k, v in obj.items():
                kl = k.lower()
                if any(w in kl for w in ("link", "review", "question", "match", "cluster", "block")):
                    linking[path + k] = v
                else:
                    walk(v, path + k + ".")
        elif isinstance(obj, list):
            for n, v in enumerate(obj):
                walk(v, f"{path}{n}.")

    walk(manifest, "")
    questions = {k: v for k, v in linking.items() if "review" in k.lower() or "question" in k.lower()}
    # The linker's own block: its review questions, candidate pairs per record and largest block.
    block = manifest.get("linking") if isinstance(manifest.get("linking"), dict) else {}
    for k in ("review_questions", "candidate_pairs_per_record", "largest_block_scanned", "prior_log2_odds"):
        if k in block:
            questions["linking." + k] = block[k]
            summary.setdefault("linking", {})[k] = block[k]
    print("manifest.json about linking: " + ("; ".join(f"{k} = {json.dumps(v)}" for k, v in sorted(linking.items())) or "nothing"))
    if questions:
        print("review questions (manifest): " + "; ".join(f"{k} = {json.dumps(v)}" for k, v in sorted(questions.items())))
    else:
        print("review questions (manifest): not reported by this run's manifest")
    summary["manifest_linking"] = linking
else:
    print(f"manifest.json: not found in {run}")


# ---- Records ambiguous by construction: what no linker could place from names, date of birth and sex.
# A record (not a PNC nominal) without a date of birth as loaded and without an identifier joining it to
# another system (PNC ID, CRO number, MiCase's Niche reference), under a surname and first forename that
# another person also holds on some record with a sex that does not disagree. Such a record matches
# several people equally well: an ID-REVIEW or TEST-UNLINKED on it is not in the truth, yet no linker
# could tell which person it is. Counted from the run's store (what the linker was given) and shown
# beside the figures above, which stay strict; the targets do not change.
store_path = f"{run}/store.sqlite"
if os.path.exists(store_path):
    import sqlite3
    tables = {"niche": ("niche_nominals", "pnc_id, cro_number, NULL"), "micase": ("micase_cases", "pnc_id, NULL, niche_id"),
              "jtrack": ("jtrack_tracking", "pnc_id, NULL, NULL"), "cozart": ("drug_tests", "pnc_id, NULL, NULL"),
              "prison": ("prison_movements", "pnc_id, NULL, NULL"), "pnc": ("pnc_nominals", "NULL, cro_number, NULL")}

    def name_key(surname, forenames):
        s = " ".join((surname or "").upper().split())
        f = (forenames or "").upper().split()
        return (s, f[0]) if s and f else None

    db = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)

    def store_rows():
        for system, (table, ids) in tables.items():
            sex = "sex" if system not in ("jtrack", "prison") else "NULL"
            yield from ((system,) + r for r in db.execute(f"SELECT record_id, surname, forenames, date_of_birth, {sex}, {ids} FROM {table}"))

    # Pass 1: the undated records without a joining identifier, by name.
    probes = {}
    for system, rid, surname, forenames, dob, sex, pnc, cro, niche in store_rows():
        if system == "pnc" or dob or pnc or cro or niche:
            continue
        k = name_key(surname, forenames)
        if k:
            probes[f"{system}:{rid}"] = (k, sex)
    keys = {k for k, _ in probes.values()}
    # Pass 2: who holds each of those names, with which sex.
    holders = defaultdict(list)
    named = {}
    for system, rid, surname, forenames, dob, sex, *_ in store_rows():
        k = name_key(surname, forenames)
        if k in keys:
            named[f"{system}:{rid}"] = (k, sex)
    db.close()
    with open(f"{truth}/people.csv", newline="", encoding="utf-8-sig") as fh:
        rd = csv.reader(fh)
        next(rd)
        person_named = {}
        for person, record in rd:
            if record in named:
                person_named[record] = int(person)
    for record, (k, sex) in named.items():
        if record in person_named:
            holders[k].append((person_named[record], sex))
    ambiguous = set()
    for record, (k, sex) in probes.items():
        me = person_named.get(record)
        if me is None:
            continue
        if any(p != me and (not sex or not s or s == sex) for p, s in holders[k]):
            ambiguous.add(record)
    print(f"records ambiguous by construction (no date of birth, no joining identifier, a name another person "
          f"also holds): {len(ambiguous)}")
    amb = {"records": len(ambiguous)}
    for code in ("ID-REVIEW", "TEST-UNLINKED"):
        f = {k for k in tf if k[0] == code}
        extra = {k for k in f - te if k[1] in ambiguous}
        kept = len(f) - len(extra)
        m = len(f & te)
        p_out = ratio(m, kept)
        print(f"  {code}: {len(f - te)} found beyond the truth, {len(extra)} of them on such records; "
              f"precision leaving those out {p_out:.4f} (strict {ratio(m, len(f)):.4f})")
        amb[code] = {"beyond_truth": len(f - te), "on_ambiguous_records": len(extra), "precision_leaving_them_out": round(p_out, 6)}
    q = summary.get("linking", {}).get("review_questions")
    if isinstance(q, (int, float)):
        base = len(ambiguous) + review_truth
        print(f"  review questions {q} against {base} ambiguous cases (these records and the truth's ID-REVIEW): "
              f"{ratio(q, base):.2f}x")
        amb["review_questions_per_ambiguous_case"] = round(ratio(q, base), 4)
    summary["ambiguous_by_construction"] = amb

summary["met"] = not missed
with open(json_path, "w", encoding="utf-8") as fh:
    json.dump(summary, fh, indent=1, sort_keys=True)
    fh.write("\n")
print(f"summary: {json_path}")
if missed:
    print(f"below target ({variant}): " + "; ".join(missed[:20]) + (f"; and {len(missed) - 20} more" if len(missed) > 20 else ""))
else:
    print(f"every {variant} target met")
sys.exit(1 if missed else 0)
