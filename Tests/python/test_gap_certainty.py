"""Gap certainty (issue 13 item 7) against an independent computation: pyproj's geodesics (not
nroute's PROJ binding nor its interval solver) on the border densified to ≤ 20 m.

A control with coverage radius R and location precision p covers a border point for every placement
when its recorded point is within R − p, and for some placement when within R + p. So along the
sampled border:
  recorded uncovered  min over controls of (d − R)     > 0
  certainly uncovered min over controls of (d − R − p) > 0
  possibly uncovered  min over controls of (d − R + p) > 0   (controls with p ≥ R cover nothing)
Each run end found by sampling lies within one sample spacing of the true one, so a length made
of k runs is known to within 2·k·spacing: that is the tolerance asserted (plus 1 m for nroute's
own interval ends, solved to 0.1 mm, and its km rounding to 1 m).
"""
import csv
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from nroute_tool import nroute_binary

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
GEOD = Geod(ellps="WGS84")
SPACING_M = 20.0
POST_R, SETTLEMENT_R, MIN_GAP = 10_000.0, 5_000.0, 1_000.0


def densify(coords):
    lon, lat = np.asarray(coords, dtype=float).T
    az, _, dist = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    n = np.maximum(np.ceil(dist / SPACING_M).astype(int), 1)
    seg = np.repeat(np.arange(len(n)), n)
    frac = (np.arange(len(seg)) - np.repeat(np.cumsum(n) - n, n)) / np.repeat(n, n)
    x, y, _ = GEOD.fwd(lon[:-1][seg], lat[:-1][seg], az[seg], dist[seg] * frac)
    chain = np.concatenate([[0.0], np.cumsum(dist)])
    s = chain[:-1][seg] + dist[seg] * frac
    return np.append(x, lon[-1]), np.append(y, lat[-1]), np.append(s, chain[-1])


def runs(mask, s):
    """Maximal runs of True samples as (start, end) chainages, ends halfway to the next sample."""
    out = []
    idx = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    for a, b in zip(idx[::2], idx[1::2] - 1):
        lo = s[a] if a == 0 else (s[a - 1] + s[a]) / 2
        hi = s[b] if b == len(s) - 1 else (s[b] + s[b + 1]) / 2
        out.append((lo, hi))
    return out


def controls_of(border_id):
    out = []  # (lon, lat, radius, precision)
    with open(GEODATA / "checkpoints.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["border_id"] == border_id:
                out.append((float(r["longitude"]), float(r["latitude"]), POST_R, float(r["location_precision_m"])))
    with open(GEODATA / "settlements.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if border_id in r["border_ids"].split(";"):
                out.append((float(r["longitude"]), float(r["latitude"]), SETTLEMENT_R, 0.0))
    return out


@pytest.fixture(scope="module")
def kaz_kgz(tmp_path_factory):
    out = tmp_path_factory.mktemp("certainty")
    r = subprocess.run([str(nroute_binary()), "gaps", "--border", "kgz", "--seizures", "none", "--format", "json",
                        "-o", str(out)], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)[0]
    layer = json.loads((out / "kaz-kgz-gaps.geojson").read_text(encoding="utf-8"))
    border = next(f for f in json.loads((GEODATA / "borders.geojson").read_text(encoding="utf-8"))["features"]
                  if f["properties"]["id"] == "kaz-kgz")
    assert border["geometry"]["type"] == "LineString"
    lon, lat, s = densify(border["geometry"]["coordinates"])
    ctl = controls_of("kaz-kgz")
    assert summary["control_count"] == len(ctl), "the same controls take part"
    margin = {k: np.full(len(s), np.inf) for k in ("recorded", "certain", "possible")}
    for clon, clat, radius, p in ctl:
        _, _, d = GEOD.inv(np.full(len(s), clon), np.full(len(s), clat), lon, lat)
        margin["recorded"] = np.minimum(margin["recorded"], d - radius)
        margin["certain"] = np.minimum(margin["certain"], d - radius - p)
        if radius - p > 0:
            margin["possible"] = np.minimum(margin["possible"], d - (radius - p))
    oracle = {k: runs(v > 0, s) for k, v in margin.items()}
    return summary, [f["properties"] for f in layer["features"]], oracle


def test_the_checkpoints_are_imprecise_so_the_bounds_differ(kaz_kgz):
    summary, _, _ = kaz_kgz
    assert summary["certain_gap_km"] < summary["gap_km"] < summary["possible_gap_km"]


def test_recorded_gaps_match_the_oracle(kaz_kgz):
    _, gaps, oracle = kaz_kgz
    ref = sorted((a, b) for a, b in oracle["recorded"] if b - a >= MIN_GAP)
    ours = sorted((g["start_km"] * 1000, g["end_km"] * 1000) for g in gaps)
    assert len(ours) == len(ref)
    for (a, b), (c, d) in zip(ours, ref):
        assert abs(a - c) <= SPACING_M + 1 and abs(b - d) <= SPACING_M + 1


def test_certain_and_possible_lengths_per_gap_match_the_oracle(kaz_kgz):
    _, gaps, oracle = kaz_kgz
    worst = 0.0
    for g in gaps:
        a, b = g["start_km"] * 1000, g["end_km"] * 1000
        pieces = [(max(x, a), min(y, b)) for x, y in oracle["certain"] if min(y, b) > max(x, a)]
        certain = sum(y - x for x, y in pieces)
        tol = 2 * SPACING_M * max(len(pieces), 1) + 1
        assert abs(g["certain_length_km"] * 1000 - certain) <= tol, (g["id"], g["certain_length_km"], certain)
        holder = max(oracle["possible"], key=lambda r: min(r[1], b) - max(r[0], a))
        assert holder[0] <= a + SPACING_M and holder[1] >= b - SPACING_M, "a gap lies inside a possible stretch"
        assert abs(g["possible_length_km"] * 1000 - (holder[1] - holder[0])) <= 2 * SPACING_M + 1, g["id"]
        assert abs(g["start_km_min"] * 1000 - holder[0]) <= SPACING_M + 1
        assert abs(g["end_km_max"] * 1000 - holder[1]) <= SPACING_M + 1
        if pieces:
            assert abs(g["start_km_max"] * 1000 - pieces[0][0]) <= SPACING_M + 1
            assert abs(g["end_km_min"] * 1000 - pieces[-1][1]) <= SPACING_M + 1
            assert g["start_km_min"] <= g["start_km"] <= g["start_km_max"] <= g["end_km_min"] <= g["end_km"] <= g["end_km_max"]
        else:
            assert g["certain_length_km"] == 0 and g["start_km_max"] is None and g["end_km_min"] is None
        worst = max(worst, abs(g["certain_length_km"] * 1000 - certain))
    print(f"[accuracy] certain length per gap vs pyproj sampling at {SPACING_M} m: max difference {worst:.1f} m")


def test_totals_match_the_oracle(kaz_kgz):
    summary, gaps, oracle = kaz_kgz
    possible = [(a, b) for a, b in oracle["possible"] if b - a >= MIN_GAP]
    total = sum(b - a for a, b in possible)
    assert abs(summary["possible_gap_km"] * 1000 - total) <= 2 * SPACING_M * len(possible) + 1
    assert summary["certain_gap_km"] == pytest.approx(sum(g["certain_length_km"] for g in gaps), abs=0.002)
