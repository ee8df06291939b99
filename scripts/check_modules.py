#!/usr/bin/env python3
"""The module map is enforced: every `import` of a project module in a target's sources must be a
direct dependency declared in Package.swift, and the README's module table ("How it is built")
must list exactly Package.swift's source targets with exactly their declared dependencies.

SwiftPM's own --explicit-target-dependency-import-check accepts a module that is only a
transitive dependency; this check does not. Exit status 1 with one line per violation."""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def package():
    out = subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    targets = {}
    for t in json.loads(out)["targets"]:
        deps = []
        for d in t.get("dependencies", []):
            kind = next(iter(d))
            deps.append(d[kind][0])
        default = {"test": "Tests", "system": "Sources"}.get(t["type"], "Sources")
        targets[t["name"]] = {"type": t["type"], "deps": deps, "path": t.get("path") or os.path.join(default, t["name"])}
    return targets


def imports(path):
    found = set()
    for dirpath, _, files in os.walk(os.path.join(ROOT, path)):
        for f in files:
            if f.endswith(".swift"):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    for line in fh:
                        m = re.match(r"\s*(?:@testable\s+|@_\w+\s+)*import\s+(?:(?:struct|class|enum|func|var)\s+)?(\w+)", line)
                        if m:
                            found.add((m.group(1), os.path.relpath(os.path.join(dirpath, f), ROOT)))
    return found


def readme_table():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text.split("## How it is built", 1)[1]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*(`[^|]+`)\s*\|[^|]*\|\s*([^|]*)\|", line)
        if not m or m.group(1).startswith("`module"):
            continue
        names = re.findall(r"`(\w[\w-]*)`", m.group(1))
        may = {x.strip() for x in m.group(2).replace("—", "").split(",") if x.strip()}
        for n in names:
            rows[n] = may
    return rows


def main():
    targets = package()
    project = set(targets)
    errors = []
    for name, t in targets.items():
        if t["type"] == "system":
            continue
        declared = set(t["deps"])
        for module, file in sorted(imports(t["path"])):
            if module in project and module not in declared:
                errors.append(f"{file}: imports {module}, which target {name} does not declare in Package.swift")
    table = readme_table()
    for name, t in targets.items():
        if t["type"] in ("test",) or t["path"].startswith("Tests") or t["path"].startswith("benchmarks") or t["path"].startswith("Fuzz"):
            continue
        if name not in table:
            errors.append(f"README.md: module table has no row for target {name}")
            continue
        want = set(t["deps"]) if t["type"] != "system" else set()
        got = table[name] - {"nothing"}
        if t["type"] == "executable":
            want = {d for d in want if d in project}
            got = {g for g in got if g in project}
        if got != want:
            errors.append(f"README.md: module {name} may import {', '.join(sorted(got)) or 'nothing'}; Package.swift declares {', '.join(sorted(want)) or 'nothing'}")
    for n in table:
        if n not in targets:
            errors.append(f"README.md: module table lists {n}, which Package.swift does not have")
    for e in errors:
        print("check_modules: " + e, file=sys.stderr)
    if not errors:
        print(f"check_modules: {len(targets)} targets, imports and README table agree with Package.swift")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
