# The Python baselines of the reader benchmarks (sourced by bench.sh and bench-readers.sh): they only
# iterate, csv.reader's rows and iterparse's records, and print the seconds taken.
py_csv='
import csv, sys, time
path, enc = sys.argv[1], sys.argv[2]
t = time.perf_counter(); n = 0
with open(path, newline="", encoding=enc, errors="replace") as f:
    for row in csv.reader(f):
        n += 1
print(time.perf_counter() - t)
'
py_xml='
import sys, time
import xml.etree.ElementTree as ET
path, tag = sys.argv[1], sys.argv[2]
t = time.perf_counter(); n = 0
for ev, el in ET.iterparse(path, events=("end",)):
    if el.tag == tag or el.tag.endswith("}" + tag):
        n += 1; el.clear()
print(time.perf_counter() - t)
'
