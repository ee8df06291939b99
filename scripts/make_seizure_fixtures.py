#!/usr/bin/env python3
"""Independent oracle for the seizures analysis: writes Tests/AnalysisTests/Fixtures/seizures-*.json.

The Swift analysis (Sources/Analysis/Seizure*.swift) finds nearest points with Earth-centred
vector approximations, Newton steps and one PROJ geodesic direct problem per distance. This
oracle shares none of that: it uses PyPI `geographiclib` (Karney's pure-Python implementation,
independent of PROJ) and brute force:

  * a border segment is the geodesic between its vertices (geographiclib InverseLine); chainage
    is the sum of the geographiclib segment lengths, continuous across parts;
  * segments are pruned with a rigorous bound: every point X of a segment of length L obeys
    d(P, X) >= (d(P, A) + d(P, B) - L) / 2 (triangle inequality, exact geographiclib distances);
  * on each remaining segment (or gap piece) d(s) = dist(P, X(s)) is sampled at 64 points, the
    bracket around the smallest sample is refined by golden-section search on d(s) down to
    1e-7 m, and then -- because d(s) is too flat at its minimum to place the point better than
    ~1 mm in floating point from distances alone -- the foot is located by bisection on the sign
    of the first variation d'(s) = -cos(alpha(s) - beta(s)) (alpha: the segment's azimuth at X(s),
    beta: the azimuth at X(s) of the geodesic to P, from geographiclib Inverse) down to 1e-7 m; the
    distance reported is the smaller of the two minima found;
  * the nearest checkpoint is the minimum of exact geographiclib Inverse distances (lowest index
    on a tie), with its azimuth at the seizure;
  * "in gap": the nearest border point's chainage lies in a gap interval [start, end]; the nearest
    gap is the minimum over the gap pieces (the parts of segments within each gap interval).

    pip install geographiclib        # tested with geographiclib 2.1
    python3 scripts/make_seizure_fixtures.py              # every case (real border if geodata/ is there)
    python3 scripts/make_seizure_fixtures.py --only far   # one case

Deterministic (fixed seeds). Fixture format (one case per file, seizures-<name>.json):
  {"name", "description", "oracle_version", "geographiclib",
   "border": {"id", "parts": [[[lon, lat], ...], ...]},
   "gaps": [[start_m, end_m], ...]        (chainage intervals, as a GapReport's gaps, in order),
   "checkpoints": [{"id", "lon", "lat"}],
   "points": [[lon, lat], ...],
   "oracle": [{"checkpoint": index | null, "checkpoint_distance", "checkpoint_azimuth",
               "border_distance", "border_point": [lon, lat], "chainage",
               "gap": index | null, "nearest_gap": index | null, "nearest_gap_distance": m | null}]}
"""

import argparse
import csv
import json
import math
import os
import random

from geographiclib import __version__ as GLIB_VERSION
from geographiclib.geodesic import Geodesic

G = Geodesic.WGS84
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "AnalysisTests", "Fixtures")
ORACLE_VERSION = 1
SAMPLES = 64
TOL = 1e-7
INVPHI = (math.sqrt(5) - 1) / 2
CAPS = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.DISTANCE | Geodesic.DISTANCE_IN | Geodesic.AZIMUTH


def inv(lon1, lat1, lon2, lat2):
    r = G.Inverse(lat1, lon1, lat2, lon2)
    return r["s12"], r["azi1"]


class Segment:
    def __init__(self, a, b, chainage):
        self.a, self.b = a, b
        self.line = G.InverseLine(a[1], a[0], b[1], b[0], CAPS)
        self.length = self.line.s13
        self.chainage = chainage

    def pos(self, s):
        r = self.line.Position(s, Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.AZIMUTH)
        return r["lon2"], r["lat2"], r["azi2"]

    def dist(self, p, s):
        lon, lat, _ = self.pos(s)
        return inv(p[0], p[1], lon, lat)[0]

    def slope_sign(self, p, s):
        """Sign of d'(s) = -cos(alpha - beta)."""
        lon, lat, alpha = self.pos(s)
        d, beta = inv(lon, lat, p[0], p[1])
        if d == 0:
            return 0.0
        return -math.cos(math.radians(alpha - beta))

    def nearest(self, p, lo, hi):
        """Minimum of d over [lo, hi]: (distance, s)."""
        if hi <= lo:
            return self.dist(p, lo), lo
        ss = [lo + (hi - lo) * k / SAMPLES for k in range(SAMPLES + 1)]
        ds = [self.dist(p, s) for s in ss]
        k = min(range(len(ds)), key=lambda i: ds[i])
        best_d, best_s = ds[k], ss[k]
        a, b = ss[max(k - 1, 0)], ss[min(k + 1, SAMPLES)]
        # golden-section on d
        x1 = b - INVPHI * (b - a)
        x2 = a + INVPHI * (b - a)
        f1, f2 = self.dist(p, x1), self.dist(p, x2)
        while b - a > TOL:
            if f1 < f2:
                b, x2, f2 = x2, x1, f1
                x1 = b - INVPHI * (b - a)
                f1 = self.dist(p, x1)
            else:
                a, x1, f1 = x1, x2, f2
                x2 = a + INVPHI * (b - a)
                f2 = self.dist(p, x2)
        for s, d in ((x1, f1), (x2, f2)):
            if d < best_d:
                best_d, best_s = d, s
        # bisection on the sign of d' over the bracket around the best sample
        a, b = ss[max(k - 1, 0)], ss[min(k + 1, SAMPLES)]
        sa, sb = self.slope_sign(p, a), self.slope_sign(p, b)
        if sa < 0 < sb:
            while b - a > TOL:
                m = 0.5 * (a + b)
                sm = self.slope_sign(p, m)
                if sm < 0:
                    a = m
                elif sm > 0:
                    b = m
                else:
                    a = b = m
            s = 0.5 * (a + b)
            d = self.dist(p, s)
            # The root of d' is the minimum. d is so flat there that golden-section, fooled by
            # round-off (~1e-9 m in d), may stop up to ~1 mm away: the root wins, with the
            # smaller of the two distances (they differ by round-off only).
            if d <= best_d + 1e-6:
                best_d, best_s = min(d, best_d), s
        return best_d, best_s


def prepare(parts):
    segs = []
    total = 0.0
    for part in parts:
        for i in range(len(part) - 1):
            sg = Segment(part[i], part[i + 1], total)
            segs.append(sg)
            total += sg.length
    return segs


def nearest_on(segs, p, pieces):
    """pieces: list of (segment index, lo, hi, owner). Returns (d, seg, s, owner)."""
    cache = {}

    def vd(pt):
        key = (pt[0], pt[1])
        if key not in cache:
            cache[key] = inv(p[0], p[1], pt[0], pt[1])[0]
        return cache[key]

    lbs = []
    for (i, lo, hi, owner) in pieces:
        sg = segs[i]
        if lo == 0 and hi == sg.length:
            da, db = vd(sg.a), vd(sg.b)
        else:
            la, lta, _ = sg.pos(lo)
            lb, ltb, _ = sg.pos(hi)
            da, db = vd((la, lta)), vd((lb, ltb))
        lbs.append(((da + db - (hi - lo)) / 2, i, lo, hi, owner))
    lbs.sort()
    best = None
    for lb, i, lo, hi, owner in lbs:
        if best is not None and lb > best[0]:
            break
        d, s = segs[i].nearest(p, lo, hi)
        if best is None or d < best[0]:
            best = (d, i, s, owner)
    return best


def solve(case):
    segs = prepare(case["border"]["parts"])
    whole = [(i, 0.0, sg.length, -1) for i, sg in enumerate(segs)]
    gap_pieces = []
    for gi, (g0, g1) in enumerate(case["gaps"]):
        for i, sg in enumerate(segs):
            lo = max(g0 - sg.chainage, 0.0)
            hi = min(g1 - sg.chainage, sg.length)
            if hi > lo:
                gap_pieces.append((i, lo, hi, gi))
    out = []
    for p in case["points"]:
        r = {}
        if case["checkpoints"]:
            best = None
            for k, c in enumerate(case["checkpoints"]):
                d, az = inv(p[0], p[1], c["lon"], c["lat"])
                if best is None or d < best[0]:
                    best = (d, az, k)
            r["checkpoint"] = best[2]
            r["checkpoint_distance"] = best[0]
            r["checkpoint_azimuth"] = best[1] % 360.0
        else:
            r["checkpoint"] = None
            r["checkpoint_distance"] = None
            r["checkpoint_azimuth"] = None
        d, i, s, _ = nearest_on(segs, p, whole)
        lon, lat, _ = segs[i].pos(s)
        ch = segs[i].chainage + s
        r["border_distance"] = d
        r["border_point"] = [lon, lat]
        r["chainage"] = ch
        r["gap"] = next((gi for gi, (g0, g1) in enumerate(case["gaps"]) if g0 <= ch <= g1), None)
        if gap_pieces:
            gd, _, _, owner = nearest_on(segs, p, gap_pieces)
            r["nearest_gap"] = owner
            r["nearest_gap_distance"] = gd
        else:
            r["nearest_gap"] = None
            r["nearest_gap_distance"] = None
        out.append(r)
    return out


# ---------------------------------------------------------------------------------------- cases

def geodata_border(bid):
    path = os.path.join(ROOT, "geodata", "borders.geojson")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for feat in json.load(f)["features"]:
            if feat["properties"].get("id") == bid:
                g = feat["geometry"]
                return [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
    return None


def geodata_checkpoints(bid):
    path = os.path.join(ROOT, "geodata", "checkpoints.csv")
    out = []
    with open(path) as f:
        for row in csv.DictReader(f):
            if row["kind"] == "checkpoint" and row["border_id"] in ("", bid):
                out.append({"id": row["id"], "lon": float(row["longitude"]), "lat": float(row["latitude"])})
    return out


def around(rng, parts, n, spread_deg):
    pts = [c for part in parts for c in part]
    lons = [c[0] for c in pts]
    lats = [c[1] for c in pts]
    return [[round(rng.uniform(min(lons) - spread_deg, max(lons) + spread_deg), 7),
             round(rng.uniform(min(lats) - spread_deg, max(lats) + spread_deg), 7)] for _ in range(n)]


def offset_points(rng, parts, n, max_m):
    """Points at random small distances from random points of the line."""
    segs = prepare(parts)
    out = []
    for _ in range(n):
        sg = segs[rng.randrange(len(segs))]
        s = rng.uniform(0, sg.length)
        lon, lat, az = sg.pos(s)
        side = rng.choice([-90, 90])
        r = G.Direct(lat, lon, az + side, rng.uniform(0, max_m))
        out.append([round(r["lon2"], 9), round(r["lat2"], 9)])
    return out


def zigzag(rng, lon0, lat0, n, step_km, az0=60.0, wiggle=50.0):
    pts = [[lon0, lat0]]
    az = az0
    for _ in range(n - 1):
        az += rng.uniform(-wiggle, wiggle)
        r = G.Direct(pts[-1][1], pts[-1][0], az, step_km * 1000 * rng.uniform(0.3, 1.0))
        pts.append([round(r["lon2"], 7), round(r["lat2"], 7)])
    return pts


def cases():
    rng = random.Random(20240605)
    out = []
    real = geodata_border("kaz-kgz")
    if real:
        cps = geodata_checkpoints("kaz-kgz")
        total = sum(s.length for s in prepare(real))
        gaps = [[100_000.0, 180_000.0], [400_500.0, 412_000.0], [700_000.0, min(850_000.0, total)]]
        out.append({"name": "real_kaz_kgz", "description": "geodata's Kazakh-Kyrgyz border and checkpoints; 80 random points within 1.5 degrees of it, 20 within 200 m of the line",
                    "border": {"id": "kaz-kgz", "parts": real}, "gaps": gaps, "checkpoints": cps,
                    "points": around(rng, real, 80, 1.5) + offset_points(rng, real, 20, 200.0)})
    zz = zigzag(rng, 70.0, 42.0, 40, 8.0)
    out.append({"name": "near_line", "description": "points within 0-5 m of a zigzag line, on its vertices and exactly on it",
                "border": {"id": "zz", "parts": [zz]}, "gaps": [[20_000.0, 60_000.0]],
                "checkpoints": [{"id": "c1", "lon": zz[5][0], "lat": zz[5][1]}, {"id": "c2", "lon": zz[30][0], "lat": zz[30][1]}],
                "points": offset_points(rng, [zz], 30, 5.0) + [list(zz[k]) for k in (0, 7, 13, 39)]})
    far = zigzag(rng, 60.0, 48.0, 30, 15.0)
    out.append({"name": "far", "description": "points 200-1500 km from the line",
                "border": {"id": "far", "parts": [far]}, "gaps": [[50_000.0, 120_000.0], [200_000.0, 230_000.0]],
                "checkpoints": [{"id": "a", "lon": far[3][0], "lat": far[3][1]}, {"id": "b", "lon": far[20][0], "lat": far[20][1]}],
                "points": [[round(rng.uniform(45, 80), 6), round(rng.uniform(35, 60), 6)] for _ in range(30)]})
    p1 = zigzag(rng, 75.0, 40.0, 15, 6.0)
    p2 = zigzag(rng, 76.5, 40.6, 12, 6.0)
    p3 = zigzag(rng, 74.0, 41.2, 10, 6.0)
    out.append({"name": "multipart", "description": "three parts; gaps on the second and third parts",
                "border": {"id": "mp", "parts": [p1, p2, p3]},
                "gaps": [[70_000.0, 95_000.0], [130_000.0, 150_000.0]],
                "checkpoints": [{"id": "x", "lon": 75.5, "lat": 40.5}, {"id": "y", "lon": 74.2, "lat": 41.0}, {"id": "z", "lon": 76.0, "lat": 40.0}],
                "points": around(rng, [p1, p2, p3], 40, 0.7)})
    ls = [[60.0, 40.0], [64.5, 44.0], [70.0, 41.0], [71.0, 47.5], [79.0, 45.0]]
    out.append({"name": "long_segments", "description": "segments of 300-900 km (exact fallback path)",
                "border": {"id": "long", "parts": [ls]}, "gaps": [[100_000.0, 900_000.0]],
                "checkpoints": [{"id": "p", "lon": 65.0, "lat": 43.0}],
                "points": around(rng, [ls], 30, 2.0)})
    # Vertex ties: points on the outer bisector of a convex corner, equidistant from two segments.
    corner = [[72.0, 43.0], [72.3, 43.2], [72.6, 43.0], [72.9, 43.25]]
    csegs = prepare([corner])
    tie_pts = []
    for k in (1, 2):
        v = corner[k]
        az_in = csegs[k - 1].pos(csegs[k - 1].length)[2]
        az_out = csegs[k].line.azi1
        bis = (az_in + az_out) / 2 + 90
        for dist in (10.0, 1000.0, 25_000.0):
            for sgn in (1, -1):
                r = G.Direct(v[1], v[0], bis + (0 if sgn > 0 else 180), dist)
                tie_pts.append([r["lon2"], r["lat2"]])
    out.append({"name": "vertex_ties", "description": "points on the bisectors of the corners and coincident checkpoints (tie: lowest index)",
                "border": {"id": "corner", "parts": [corner]}, "gaps": [[0.0, 10_000.0], [60_000.0, 70_000.0]],
                "checkpoints": [{"id": "twin-a", "lon": 72.3, "lat": 43.0}, {"id": "twin-b", "lon": 72.3, "lat": 43.0},
                                {"id": "other", "lon": 72.8, "lat": 43.3}],
                "points": tie_pts})
    am = zigzag(rng, 179.6, 65.0, 20, 5.0, az0=90.0, wiggle=30.0)
    am = [[((c[0] + 180) % 360) - 180, c[1]] for c in am]
    out.append({"name": "antimeridian", "description": "a line across 180 degrees longitude",
                "border": {"id": "am", "parts": [am]}, "gaps": [[10_000.0, 40_000.0]],
                "checkpoints": [{"id": "e", "lon": 179.9, "lat": 65.1}, {"id": "w", "lon": -179.8, "lat": 64.9}],
                "points": [[((rng.uniform(179.0, 181.5) + 180) % 360) - 180, rng.uniform(64.3, 65.8)] for _ in range(30)]})
    pol = zigzag(rng, 20.0, 84.0, 20, 10.0, az0=100.0, wiggle=40.0)
    out.append({"name": "polar", "description": "a line near 84-86 N",
                "border": {"id": "pol", "parts": [pol]}, "gaps": [[30_000.0, 90_000.0]],
                "checkpoints": [{"id": "n", "lon": 0.0, "lat": 88.0}, {"id": "s", "lon": 40.0, "lat": 83.0}],
                "points": [[rng.uniform(-10, 80), rng.uniform(82.0, 89.0)] for _ in range(30)]})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    for case in cases():
        if args.only and case["name"] != args.only:
            continue
        case["oracle_version"] = ORACLE_VERSION
        case["geographiclib"] = GLIB_VERSION
        case["oracle"] = solve(case)
        path = os.path.join(OUT, "seizures-%s.json" % case["name"].replace("_", "-"))
        with open(path, "w") as f:
            json.dump(case, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print("wrote", os.path.relpath(path, ROOT), len(case["points"]), "points")


if __name__ == "__main__":
    main()
