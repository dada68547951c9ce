#!/usr/bin/env python3
"""Derive iomaudit's reference seed tables from the public reference lists.

Usage: python3 scripts/derive-seeds.py [REFERENCE_DIR]   (default ../shared/reference)

Reads REFERENCE_DIR/police-units.csv and REFERENCE_DIR/cjs-offences.csv (converted from the
Ministry of Justice's bichard7-next-data, MIT licence, Copyright (c) 2022 Ministry of Justice),
REFERENCE_DIR/given-name-variants.csv (the `nicknames` package 1.0.1's names.csv by Carlton Northern
and Nick Crews, Apache License 2.0) and seeds/divisions.csv, and writes seeds/unit_divisions.csv,
seeds/offences.csv and seeds/given_name_variants.csv.
Output is sorted, so a re-run on the same input gives the same bytes. Standard library only.
The rules are described in seeds/README.md.
"""

import csv
import os
import re
import sys

FORCE = "13"  # West Yorkshire

# Place names in a unit's name that put it in a district (custody suites, CJSUs, safeguarding,
# youth offending teams). SHIPLEY is a Bradford town (Shipley YOT).
PLACE_NAMES = [
    ("BRADFORD", "BD"), ("KEIGHLEY", "BD"), ("SHIPLEY", "BD"),
    ("HALIFAX", "CD"), ("CALDERDALE", "CD"),
    ("KIRKLEES", "KD"), ("DEWSBURY", "KD"), ("HUDDERSFIELD", "KD"),
    ("LEEDS", "LD"), ("STAINBECK", "LD"), ("PUDSEY", "LD"),
    ("WAKEFIELD", "WD"), ("PONTEFRACT", "WD"), ("NORMANTON", "WD"), ("CASTLEFORD", "WD"),
]

# Units whose name carries a place but which are not a district's: prisons (they attribute through
# the prison release extract instead).
NOT_DISTRICT = re.compile(r"\bHMP\b|\bHM\b|YOUNG OFFENDERS INSTITUTE|\bPRISON\b")

REFER = re.compile(r"^HISTORIC(?:AL)?\s*\(?\s*REFER TO 13([A-Z0-9]{2})\s*\)?$")
CUSTODY = re.compile(r"CUSTODY|BRIDEWELL")

HAND_WRITTEN = {
    "niche": ["BD", "CD", "KD", "LD", "WD",
              "BD-NPT-CITY", "BD-NPT-AIRE", "CD-NPT-HALIFAX", "KD-NPT-HUDDERSFIELD",
              "KD-NPT-DEWSBURY", "LD-NPT-NORTH", "LD-NPT-CITY", "LD-NPT-SOUTH",
              "WD-NPT-WAKEFIELD", "WD-NPT-FIVETOWNS"],
    "micase": ["%s HUB"],
    "prison": ["%s"],
    "jtrack": ["WEST YORKSHIRE - %s"],
}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


# ---------------------------------------------------------------- units

def place_division(name):
    """The one district a unit name's place names point to, or None (none, or several)."""
    if NOT_DISTRICT.search(name):
        return None, None
    hits = {}
    for place, div in PLACE_NAMES:
        if re.search(r"\b%s\b" % place, name):
            hits.setdefault(div, place)
    if len(hits) != 1:
        return None, None
    div, place = next(iter(hits.items()))
    return div, place


def unit_division(code, units, divisions, seen=()):
    """(division, basis) for a force-13 unit code, or (None, reason)."""
    name = units[code]
    if code in divisions:
        return code, "district"
    m = REFER.match(name)
    if m:
        target = m.group(1)
        if target in seen or target not in units:
            return None, "broken reference to 13%s" % target
        div, basis = unit_division(target, units, divisions, seen + (code,))
        if div is None:
            return None, "refers to 13%s (%s)" % (target, basis)
        chain = "historical refer to 13%s" % target
        return div, chain if basis == "district" else "%s (%s)" % (chain, basis)
    div, place = place_division(name)
    if div:
        return div, "place name %s" % place
    return None, "no district"


def derive_units(ref_dir, divisions):
    units = {}
    for r in read_csv(os.path.join(ref_dir, "police-units.csv")):
        if r["force_code"] == FORCE:
            units[r["unit_code"].strip().upper()] = " ".join(r["unit_name"].upper().split())
    rows, left_out, custody = [], [], 0
    for code in sorted(units):
        div, basis = unit_division(code, units, divisions)
        if div is None:
            left_out.append((code, units[code], basis))
            continue
        rows.append(("pnc", FORCE + code, div, units[code], basis))
        if CUSTODY.search(units[code]) and not REFER.match(units[code]):
            rows.append(("cozart", FORCE + code, div, units[code], "custody suite, " + basis))
            custody += 1
    pnc = sum(1 for r in rows if r[0] == "pnc")
    print("pnc units: %d force-%s units, %d mapped, %d left out; %d cozart test sites"
          % (len(units), FORCE, pnc, len(left_out), custody))
    for code, name, why in left_out:
        print("  left out 13%s %-50s %s" % (code, name, why))

    for system, codes in HAND_WRITTEN.items():
        for code in codes:
            if "%s" in code:
                for div, name in divisions.items():
                    rows.append((system, code % name.upper(), div, name, "hand-written"))
            else:
                div = code.split("-")[0]
                assert div in divisions, code
                rows.append((system, code, div, divisions[div], "hand-written"))
    rows.sort(key=lambda r: (r[0], r[1]))
    keys = [(r[0], r[1]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate unit code"
    return rows


# ---------------------------------------------------------------- offences

ATTEMPT = re.compile(r"^ATTEMPT(?:ED)?\s+(?:TO\s+)?")
CONSPIRE = re.compile(r"^CONSPI(?:RE|RED|RACY)\s+(?:TOGETHER WITH OTHERS\s+)?TO\s+(?:COMMIT\s+)?(?:AN?\s+)?")

# Theft Act 1968: (family, title pattern) on the title with any leading "Attempt (to)" removed.
TH68_FAMILIES = [
    ("going equipped", re.compile(r"^GOING EQUIPPED\b")),
    ("aggravated burglary", re.compile(r"^AGGRAVATED BURGLARY\b")),
    ("aggravated vehicle-taking", re.compile(r"^AGGRAVATED VEHICLE TAKING\b")),
    ("burglary", re.compile(r"^BURGLARY\b")),
    ("robbery", re.compile(r"^ROBBERY\b|^ASSAULT WITH INTENT TO (?:COMMIT )?ROB")),
    ("theft", re.compile(r"^THEFT\b")),
    ("taking without consent", re.compile(r"WITHOUT (?:THE )?(?:OWNER'?S'? )?CONSENT")),
    ("handling", re.compile(r"^(?:RECEIV(?:E|ING)|HANDL(?:E|ING)|ARRANGE TO HANDLE) STOLEN GOODS")),
]
TH68_ATTEMPTABLE = {"theft", "robbery", "burglary", "aggravated burglary", "handling"}
BURGLARY_FAMILIES = {"burglary", "aggravated burglary"}

FA06_FAMILIES = [
    ("fraud s1", re.compile(r"^FRAUD BY\b|^DISHONESTLY FAIL TO DISCLOSE\b")),
    ("fraud s6", re.compile(r"^POSSESS\b.*\bARTICLE FOR USE IN FRAUD")),
    ("fraud s7", re.compile(r"^MAKE\b.*\bARTICLE FOR USE IN FRAUD")),
]
FA06_ATTEMPTABLE = {"fraud s1"}

# Misuse of Drugs Act 1971 s4 (produce, supply, offer, concerned in) and s5(2)/(3) (possess,
# with intent), for a specified Class A drug: named heroin / diamorphine / cocaine / crack, or
# "class A - other" where the drug is not named. Other named class A drugs (LSD, MDMA, methadone,
# methylamphetamine) are not specified drugs and the test does not detect them.
MD71_ACTION = re.compile(r"^(?:PRODUCE|SUPPLY|OFFER TO SUPPLY|CONCERNED IN|POSSESS)\b")
MD71_SPECIFIED = re.compile(r"HEROIN|DIAMORPHINE|COCAINE|CRACK")
MD71_CLASS_A_OTHER = re.compile(r"CLASS A\b.*\bOTHER$")

VG24_BEGGING = re.compile(r"\bBEG(?:GING)?\b|OBTAIN ALMS")


def classify(code, title):
    """(trigger, burglary, rule) for one CJS code."""
    act, suffix = code[:4], code[7:]
    t = " ".join(title.upper().split())
    if act == "TH68":
        attempt = bool(ATTEMPT.match(t))
        base = CONSPIRE.sub("", ATTEMPT.sub("", t))
        family = next((f for f, rx in TH68_FAMILIES if rx.search(base)), None)
        if family is None:
            return False, False, None
        if family == "going equipped":
            return suffix == "", suffix == "" and "BURGLARY" in t, "TH68 s25 going equipped"
        burglary = family in BURGLARY_FAMILIES and suffix in ("", "A", "C")
        if suffix == "":
            return True, burglary, "TH68 " + family
        if suffix == "A" and attempt and family in TH68_ATTEMPTABLE:
            return True, burglary, "TH68 attempt " + family
        return False, burglary, "TH68 %s suffix %s" % (family, suffix)
    if act == "FA06":
        attempt = bool(ATTEMPT.match(t))
        base = ATTEMPT.sub("", t)
        family = next((f for f, rx in FA06_FAMILIES if rx.search(base)), None)
        if family and suffix == "":
            return True, False, "FA06 " + family
        if family in FA06_ATTEMPTABLE and suffix == "A" and attempt:
            return True, False, "FA06 attempt " + family
        return False, False, None
    if act == "MD71":
        if suffix or not MD71_ACTION.match(t) or "PERMIT" in t:
            return False, False, None
        if MD71_SPECIFIED.search(t) or MD71_CLASS_A_OTHER.search(t):
            return True, False, "MD71 specified class A"
        return False, False, None
    if act == "VG24":
        if suffix == "" and VG24_BEGGING.search(t):
            return True, False, "VG24 begging"
        return False, False, None
    return False, False, None


def derive_offences(ref_dir):
    rows, rules = [], {}
    for r in read_csv(os.path.join(ref_dir, "cjs-offences.csv")):
        code = r["cjs_code"].strip().upper()
        trigger, burglary, rule = classify(code, r["offence_title"])
        if trigger or burglary:
            rows.append((code, r["offence_title"].strip(), "Y" if trigger else "N", "Y" if burglary else "N"))
            rules[rule] = rules.get(rule, 0) + 1
    rows.sort()
    print("offences: %d listed, %d trigger, %d burglary, %d both"
          % (len(rows), sum(r[2] == "Y" for r in rows), sum(r[3] == "Y" for r in rows),
             sum(r[2] == "Y" and r[3] == "Y" for r in rows)))
    for rule in sorted(rules):
        print("  %-40s %d" % (rule, rules[rule]))
    return rows


def derive_given_names(ref_dir):
    """Nicknames and short forms: `name,variant` upper case, both as the list gives them (name1 has
    variant name2). Letters only (the product normalises names to A-Z before comparing); a pair that
    normalises to the same name is dropped."""
    rows = set()
    for r in read_csv(os.path.join(ref_dir, "given-name-variants.csv")):
        if r["relationship"].strip() != "has_nickname":
            continue
        a = re.sub(r"[^A-Z]", "", r["name1"].upper())
        b = re.sub(r"[^A-Z]", "", r["name2"].upper())
        if a and b and a != b:
            rows.add((a, b))
    rows = sorted(rows)
    print("given-name variants: %d pairs, %d names" % (len(rows), len({x for r in rows for x in r})))
    return rows


def main(argv):
    ref_dir = argv[1] if len(argv) > 1 else "../shared/reference"
    seeds = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds")
    divisions = {r["division"]: r["name"] for r in read_csv(os.path.join(seeds, "divisions.csv"))
                 if r["force_code"] == FORCE}
    units = derive_units(ref_dir, divisions)
    write_csv(os.path.join(seeds, "unit_divisions.csv"),
              ["system", "unit_code", "division", "unit_name", "basis"], units)
    offences = derive_offences(ref_dir)
    write_csv(os.path.join(seeds, "offences.csv"), ["cjs_code", "title", "trigger", "burglary"], offences)
    write_csv(os.path.join(seeds, "given_name_variants.csv"), ["name", "variant"], derive_given_names(ref_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
