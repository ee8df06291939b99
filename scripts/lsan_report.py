#!/usr/bin/env python3
"""Reads a test run's LeakSanitizer report (AddressSanitizer with detect_leaks=1) and fails on any
leak that is not the test harness's own.

    python3 scripts/lsan_report.py LOG

LeakSanitizer runs at exit and reports every heap block nothing points to, with the stack that
allocated it. Two kinds come from XCTest on Linux, not from NorthernRoute, and are left out — the
same two that scripts/leakcheck.supp documents for valgrind:

- test-case instances: XCTest builds one instance of the test class per test method from the
  class's `allTests` closures (`…C4name11testClosure…` frames) and never releases them; whatever
  those instances hold in stored properties (a GeometryContext, a temporary folder URL) is
  reported as an indirect leak under the same frames;
- the weak-reference side table of an async test's expectation (`swift_weakAssign` right below
  XCTest's `awaitUsingExpectation`);
- the weak-reference side table swift-corelibs-foundation's `Process.run` makes for the process it
  starts (`swift_weakAssign` right below `Foundation.Process.run()`: 32 bytes per CLI test that
  starts nroute, Foundation's, not ours).

A third kind is Swift's, not a leak at all: what a global's one-time initialiser allocates
(`swift::threading_impl::once_slow` / `swift_once` in the stack) is held by that global for the
program's life, but Swift stores the payload of an enum such as `GeoJSON.Geometry` as a pointer
with tag bits in its spare bits, which LeakSanitizer's pointer scan does not recognise, so the
boxes look unreferenced.

Every other DIRECT leak — a GEOS, PROJ, GDAL, SQLite or GLPK object never freed, a buffer a reader
forgets, a Swift object nothing points to — is printed and fails the run (exit 1).

Indirect leaks (blocks only other leaked blocks point to) are counted, not judged: the stacks LSan
records stop at the first C++ frame built without frame pointers, so what holds them cannot be told
apart from the harness's instances (a GeometryContext's last GEOS message held by a leaked test
case). The price: a retain cycle nothing outside points to is reported by LSan as indirect only, so
this step misses it; valgrind reports such a cycle as a definite leak, and
scripts/memcheck_commands.sh runs the release binary's commands under valgrind for that reason.
"""
import re
import sys

HARNESS = [
    ("XCTest test-case instance (allTests closure)", re.compile(r"C4name11testClosure")),
    ("a global's one-time initialiser (held by the global; tagged pointers hide it from LSan)",
     re.compile(r"swift::threading_impl::once_slow|\bswift_once\b")),
]
WEAK_ASSIGN = re.compile(r"\bswift_weakAssign\b")
WEAK_HOLDERS = [
    ("XCTest async expectation weak side table", re.compile(r"awaitUsingExpectation")),
    ("Foundation Process.run weak side table", re.compile(r"\$s10Foundation7ProcessC3runyyKF")),
]
RECORD = re.compile(r"^(Direct|Indirect) leak of (\d+) byte\(s\) in (\d+) object\(s\) allocated from:")
FRAME = re.compile(r"^\s+#(\d+) ")


def records(lines):
    current = None
    for line in lines:
        m = RECORD.match(line)
        if m:
            if current:
                yield current
            current = {"head": line.rstrip(), "kind": m.group(1), "bytes": int(m.group(2)), "frames": []}
            continue
        if current is not None:
            if FRAME.match(line):
                current["frames"].append(line.rstrip())
            elif line.strip() == "" and current["frames"]:
                yield current
                current = None
    if current:
        yield current


def harness_reason(record):
    frames = record["frames"]
    for name, pattern in HARNESS:
        if any(pattern.search(f) for f in frames):
            return name
    for i, f in enumerate(frames[:-1]):
        if WEAK_ASSIGN.search(f):
            for name, holder in WEAK_HOLDERS:
                if holder.search(frames[i + 1]):
                    return name
    return None


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], errors="replace") as fh:
        lines = fh.readlines()
    real, harness, indirect = [], {}, 0
    for r in records(lines):
        if r["kind"] == "Indirect":
            indirect += r["bytes"]
            continue
        reason = harness_reason(r)
        if reason:
            harness[reason] = harness.get(reason, 0) + r["bytes"]
        else:
            real.append(r)
    for reason, size in sorted(harness.items()):
        print(f"lsan: left out (test harness): {reason}: {size} bytes", file=sys.stderr)
    if indirect:
        print(f"lsan: indirect leaks (held by leaked blocks, not judged): {indirect} bytes", file=sys.stderr)
    if real:
        total = sum(r["bytes"] for r in real)
        print(f"lsan: FAIL: {len(real)} leak(s), {total} bytes, not the test harness's:", file=sys.stderr)
        for r in real:
            print(r["head"], file=sys.stderr)
            for f in r["frames"][:16]:
                print(f, file=sys.stderr)
            print("", file=sys.stderr)
        return 1
    print("lsan: no leaks but the test harness's", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
