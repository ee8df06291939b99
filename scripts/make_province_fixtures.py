#!/usr/bin/env python3
"""Independent oracle for the province of a point: writes Tests/AnalysisTests/Fixtures/provinces-points.json.

The Swift locator (Sources/Analysis/CountryLocator.swift) answers from a longitude/latitude grid
of cells and a crossing-number test on latitude bands. This oracle shares none of that: shapely
(GEOS) `contains_xy` on the polygons of geodata/provinces.geojson, the first province in file order
that holds the point (the Swift rule where polygons overlap).

Points (fixed seed): every located seizure of geodata/seizures.csv; 3,000 uniform points over the
provinces' bounding box; and 3,000 points within ~2 km of a province ring (a vertex or an edge
point moved by up to 0.02° in each ordinate), where the grid has to fall back on the crossing test.
Points within 1e-6° of a ring are dropped (on a ring the two tests may break the tie differently;
neither is wrong).

    python3 scripts/make_province_fixtures.py

The fixture records the province ids and the total vertex count of the file it was made from; the
Swift test fails when geodata/provinces.geojson no longer matches them (rerun this script).
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
OUT = ROOT / "Tests" / "AnalysisTests" / "Fixtures" / "provinces-points.json"
SEED = 13
UNIFORM, NEAR = 3000, 3000
NEAR_DEG = 0.02
ON_RING_DEG = 1e-6


def main():
    doc = json.loads((GEODATA / "provinces.geojson").read_text(encoding="utf-8"))
    ids = [f["properties"]["id"] for f in doc["features"]]
    geoms = [shape(f["geometry"]) for f in doc["features"]]
    for g in geoms:
        shapely.prepare(g)
    rings = shapely.union_all([r for g in geoms for r in shapely.get_rings(shapely.get_parts(g))])
    vertices = int(sum(shapely.get_num_coordinates(g) for g in geoms))
    rng = random.Random(SEED)
    pts, kinds = [], []
    with open(GEODATA / "seizures.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["longitude"]:
                pts.append((float(r["longitude"]), float(r["latitude"])))
                kinds.append("seizure " + r["id"])
    minx, miny, maxx, maxy = shapely.union_all(geoms).bounds
    for _ in range(UNIFORM):
        pts.append((rng.uniform(minx, maxx), rng.uniform(miny, maxy)))
        kinds.append("uniform")
    coords = np.vstack([shapely.get_coordinates(r) for g in geoms for r in shapely.get_rings(shapely.get_parts(g))])
    for _ in range(NEAR):
        i = rng.randrange(len(coords) - 1)
        t = rng.random() if rng.random() < 0.5 else 0.0
        x = coords[i, 0] + t * (coords[i + 1, 0] - coords[i, 0]) + rng.uniform(-NEAR_DEG, NEAR_DEG)
        y = coords[i, 1] + t * (coords[i + 1, 1] - coords[i, 1]) + rng.uniform(-NEAR_DEG, NEAR_DEG)
        pts.append((x, y))
        kinds.append("near a ring")
    xy = np.round(np.array(pts), 9)  # as written: the oracle decides for the points the test reads
    keep = shapely.distance(rings, shapely.points(xy)) > ON_RING_DEG
    xy = xy[keep]
    kinds = [k for k, ok in zip(kinds, keep) if ok]
    expected = [None] * len(xy)
    for gi, g in enumerate(geoms):
        inside = shapely.contains_xy(g, xy[:, 0], xy[:, 1])
        for j in np.nonzero(inside)[0]:
            if expected[j] is None:
                expected[j] = ids[gi]
    out = {
        "description": "province of each point by shapely contains_xy on geodata/provinces.geojson, first in file order",
        "shapely": shapely.__version__, "seed": SEED,
        "province_ids": ids, "vertices": vertices,
        "points": [[round(x, 9), round(y, 9)] for x, y in xy],
        "kinds": kinds, "expected": expected,
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    n_in = sum(e is not None for e in expected)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(xy)} points, {n_in} in a province, {len(xy) - n_in} in none")


if __name__ == "__main__":
    main()
