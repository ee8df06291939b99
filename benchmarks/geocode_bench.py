#!/usr/bin/env python3
"""Benchmark of `nroute geocode` (issue 20): 100,000 report rows, target <= 2 s (release build).

Generates benchmarks/data/geocode_reports.csv (deterministic, seed 20): each row's place text is a
gazetteer name (GeoNames primary or alternate, Latin or Cyrillic, a province name or a former
name) with or without an administrative word in English, Kazakh or Russian, often followed by its
province ("…, Zhambyl region"), and a bracketed remark with a running number, so that (nearly)
every text is distinct and nothing is answered from the per-text memo; one row in ten has a
province column, one in twenty is noise that names no place. Then runs the release binary
(`.build/release/nroute geocode`) --runs times and prints wall-clock and CPU (user + sys of the
child) per run, the median, rows/s, the load average, and the outcome counts.

    swift build -c release --product nroute
    python3 benchmarks/geocode_bench.py [--rows 100000] [--runs 5] [--binary .build/release/nroute]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DISTRICT = ["district", "raion", "ауданы", "район", "audany"]
REGION = ["region", "oblast", "облысы", "область", "Province"]
CITY = ["city", "қаласы", "город", "town"]
NOISE = ["place not named", "on the highway", "2 kg found in a car", "border crossing, truck", "online store"]


def generate(path: Path, n: int) -> None:
    rng = random.Random(20)
    rows = list(csv.DictReader(open(REPO / "geodata" / "gazetteer.csv", encoding="utf-8")))
    settlements = [r for r in rows if r["level"] == "settlement"]
    provinces = {r["id"]: r for r in rows if r["level"] == "province"}
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "date", "drug", "place", "province"])
        for i in range(n):
            u = rng.random()
            prov_col = ""
            if u < 0.05:
                text = rng.choice(NOISE) + f" (case {i})"
            elif u < 0.25:
                p = rng.choice(list(provinces.values()))
                text = f"{rng.choice(p['names'].split(';'))} {rng.choice(REGION)} (case {i})"
            else:
                s = rng.choice(settlements)
                name = rng.choice(s["names"].split(";"))
                kind = rng.random()
                text = name + (" " + rng.choice(CITY) if kind < 0.3 else " " + rng.choice(DISTRICT) if kind < 0.45 else "")
                p = provinces.get(s["province_id"])
                if p and rng.random() < 0.5:
                    text += f", {p['names'].split(';')[0]}"
                if p and rng.random() < 0.1:
                    prov_col = p["name"]
                text += f" (case {i}: seized {rng.randint(1, 900)} kg)"
            w.writerow([f"r{i}", f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}", rng.choice(["heroin", "hashish", "opium"]), text, prov_col])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", type=Path, default=REPO / ".build" / "release" / "nroute")
    args = ap.parse_args()
    data = REPO / "benchmarks" / "data"
    data.mkdir(parents=True, exist_ok=True)
    src = data / "geocode_reports.csv"
    generate(src, args.rows)
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as out:
        cmd = [str(args.binary), "geocode", "--input", str(src), "--place-column", "place",
               "--province-column", "province", "-o", out, "--format", "json"]
        env = dict(os.environ, NROUTE_GEODATA=str(REPO / "geodata"))
        summary = None
        for k in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True, env=env)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if r.returncode != 0:
                print(r.stderr, file=sys.stderr)
                return 1
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            walls.append(wall)
            cpus.append(cpu)
            summary = json.loads(r.stdout)
            print(f"run {k + 1}: wall {wall:.3f} s, cpu {cpu:.3f} s, load {os.getloadavg()[0]:.1f}")
        with open(Path(out) / "geocoded.csv", encoding="utf-8") as f:
            n_out = sum(1 for _ in csv.reader(f)) - 1
    med = statistics.median(walls)
    print(f"rows {args.rows} in, {n_out} out; median wall {med:.3f} s ({args.rows / med:,.0f} rows/s), "
          f"median cpu {statistics.median(cpus):.3f} s; target <= 2 s")
    print("outcome: " + json.dumps({k: summary[k] for k in ("placed", "placed_by_level", "ambiguous", "unplaced")}))
    return 0 if n_out == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())
