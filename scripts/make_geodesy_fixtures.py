#!/usr/bin/env python3
"""Generate the independent-oracle fixtures for Tests/GeodesyTests/Fixtures/.

The oracle is PyPI `geographiclib` (pure-Python port of Karney's geodesic
algorithms, WGS84). It shares no code with PROJ's C `geodesic.c`, which the
Swift `Geodesy` module wraps, so agreement to < 1 mm is a real cross-check.

    pip install geographiclib        # tested with 2.1
    python3 scripts/make_geodesy_fixtures.py

The output is deterministic (fixed seed) and small (< 300 KB in total):

  inverse.json   rows [lat1, lon1, lat2, lon2, s12, azi1, azi2, m12]
  direct.json    rows [lat1, lon1, azi1, s12, lat2, lon2, azi2, m12]
  polylines.json {"points": [[lon, lat], ...], "length": m, "chainage": [m, ...]}
  polygons.json  {"ring": [[lon, lat], ...], "area": signed m^2 (CCW > 0), "perimeter": m}
  nearest.json   rows [latA, lonA, latB, lonB, latP, lonP, lat, lon, s, d]
                 nearest point X=(lat, lon) on the geodesic segment A->B to P,
                 s = distance A->X along the segment, d = distance P->X.

Every row carries a "kind" tag in a parallel list so a failing test names
the category (near-antipodal, meridional, ...).

Nearest-point oracle: dense sampling (400 samples) of d(P, X(s)) along the
segment finds the bracket of the global minimum; inside it the minimum is
located by bisection on the sign of the first variation
d'(s) = cos(azi_line(s) - azi2(P->X(s))) (60+ halvings, to < 1e-9 m in s)
and independently by golden-section search on d(s); the script asserts the
two agree to 1e-6 m in distance. An endpoint minimum is recognised when the
derivative at the end points outward.
"""

import json
import math
import os
import random
import sys

from geographiclib.geodesic import Geodesic
from geographiclib import __version__ as GLIB_VERSION

G = Geodesic.WGS84
SEED = 20240611
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "GeodesyTests", "Fixtures")

INV_MASK = Geodesic.STANDARD | Geodesic.REDUCEDLENGTH
LINE_CAPS = Geodesic.STANDARD | Geodesic.DISTANCE_IN


def rnd_point(rng, lat_range=(-90.0, 90.0), lon_range=(-180.0, 180.0)):
    """Uniform on the sphere within the latitude band."""
    s0 = math.sin(math.radians(lat_range[0]))
    s1 = math.sin(math.radians(lat_range[1]))
    lat = math.degrees(math.asin(rng.uniform(s0, s1)))
    lon = rng.uniform(*lon_range)
    return lat, lon


def wrap(lon):
    return (lon + 180.0) % 360.0 - 180.0


def inverse_cases(rng):
    cases = []

    def add(kind, lat1, lon1, lat2, lon2):
        r = G.Inverse(lat1, lon1, lat2, lon2, INV_MASK)
        cases.append((kind, [lat1, lon1, lat2, lon2, r["s12"], r["azi1"], r["azi2"], r["m12"]]))

    for _ in range(90):
        add("random", *rnd_point(rng), *rnd_point(rng))
    for _ in range(40):  # Central Asia / Northern Route region
        add("region", *rnd_point(rng, (35, 56), (46, 88)), *rnd_point(rng, (35, 56), (46, 88)))
    for _ in range(30):
        lat1, lon1 = rnd_point(rng)
        add("near-antipodal", lat1, lon1,
            max(-90.0, min(90.0, -lat1 + rng.uniform(-0.5, 0.5))), wrap(lon1 + 180.0 + rng.uniform(-0.5, 0.5)))
    for _ in range(6):  # equatorial near-antipodal: the hard case for the inverse solution
        lon1 = rng.uniform(-180, 180)
        add("near-antipodal", 0.0, lon1, rng.uniform(-0.01, 0.01), wrap(lon1 + 179.5 + rng.uniform(0, 0.5)))
    for _ in range(20):
        add("equatorial", 0.0, rng.uniform(-180, 180), 0.0, rng.uniform(-180, 180))
    for _ in range(20):
        lon1 = rng.uniform(-180, 180)
        lon2 = lon1 if rng.random() < 0.5 else wrap(lon1 + 180.0)
        add("meridional", rng.uniform(-90, 90), lon1, rng.uniform(-90, 90), lon2)
    for _ in range(20):
        sgn = 1.0 if rng.random() < 0.5 else -1.0
        lat1 = sgn * (90.0 - rng.choice([0.0, 1e-9, 1e-6, 1e-3, 0.01]) * rng.random())
        add("near-pole", lat1, rng.uniform(-180, 180), *rnd_point(rng))
    for _ in range(20):
        lat = rng.uniform(-70, 70)
        add("antimeridian", lat, rng.uniform(170, 180), lat + rng.uniform(-5, 5), rng.uniform(-180, -170))
    for _ in range(30):
        lat1, lon1 = rnd_point(rng)
        d = G.Direct(lat1, lon1, rng.uniform(-180, 180), rng.uniform(0.01, 1.0))
        add("short", lat1, lon1, d["lat2"], d["lon2"])
    for _ in range(30):
        lat1, lon1 = rnd_point(rng)
        d = G.Direct(lat1, lon1, rng.uniform(-180, 180), rng.uniform(18.5e6, 19.5e6))
        add("long", lat1, lon1, d["lat2"], d["lon2"])
    add("coincident", 43.25, 76.95, 43.25, 76.95)
    return cases


def direct_cases(rng):
    cases = []

    def add(kind, lat1, lon1, azi1, s12):
        r = G.Direct(lat1, lon1, azi1, s12, Geodesic.STANDARD | Geodesic.REDUCEDLENGTH)
        cases.append((kind, [lat1, lon1, azi1, s12, r["lat2"], r["lon2"], r["azi2"], r["m12"]]))

    for _ in range(80):
        add("random", *rnd_point(rng), rng.uniform(-180, 180), rng.uniform(0, 2.0e7))
    for _ in range(30):
        add("region", *rnd_point(rng, (35, 56), (46, 88)), rng.uniform(-180, 180), rng.uniform(0, 2.0e6))
    for _ in range(20):
        add("equatorial", 0.0, rng.uniform(-180, 180), rng.choice([90.0, -90.0, 89.999]), rng.uniform(0, 2.0e7))
    for _ in range(20):
        add("meridional", rng.uniform(-90, 90), rng.uniform(-180, 180), rng.choice([0.0, 180.0]), rng.uniform(0, 2.0e7))
    for _ in range(20):
        sgn = 1.0 if rng.random() < 0.5 else -1.0
        add("near-pole", sgn * (90.0 - 0.01 * rng.random()), rng.uniform(-180, 180), rng.uniform(-180, 180),
            rng.uniform(0, 1.0e6))
    for _ in range(20):
        add("antimeridian", rng.uniform(-60, 60), rng.uniform(175, 180), rng.uniform(45, 135), rng.uniform(5e5, 2e6))
    for _ in range(20):
        add("short", *rnd_point(rng), rng.uniform(-180, 180), rng.uniform(0.01, 1.0))
    for _ in range(20):
        add("long", *rnd_point(rng), rng.uniform(-180, 180), rng.uniform(1.85e7, 1.998e7))
    for _ in range(10):
        add("negative", *rnd_point(rng), rng.uniform(-180, 180), -rng.uniform(0, 5e6))
    return cases


def polylines(rng):
    out = []
    for k in range(24):
        n = rng.randint(2, 30)
        if k < 16:
            lat, lon = rnd_point(rng, (38, 54), (50, 85))
            step = rng.choice([50.0, 2_000.0, 50_000.0])
        else:
            lat, lon = rnd_point(rng, (-70, 70))
            step = rng.choice([500_000.0, 3_000_000.0])
        pts = [(lat, lon)]
        azi = rng.uniform(-180, 180)
        for _ in range(n - 1):
            azi += rng.uniform(-60, 60)
            r = G.Direct(pts[-1][0], pts[-1][1], azi, rng.uniform(0.2, 1.0) * step)
            pts.append((r["lat2"], r["lon2"]))
        chain = [0.0]
        for a, b in zip(pts, pts[1:]):
            chain.append(chain[-1] + G.Inverse(a[0], a[1], b[0], b[1], Geodesic.DISTANCE)["s12"])
        out.append({"kind": "region" if k < 16 else "global",
                    "points": [[lo, la] for la, lo in pts], "length": chain[-1], "chainage": chain})
    return out


def polygons(rng):
    out = []
    for k in range(24):
        lat0, lon0 = rnd_point(rng, (38, 54), (50, 85)) if k < 16 else rnd_point(rng, (-60, 60))
        radius = rng.choice([100.0, 10_000.0, 200_000.0, 800_000.0]) if k < 16 else 2_000_000.0
        n = rng.randint(3, 24)
        bearings = sorted(rng.uniform(0, 360) for _ in range(n))
        ccw = rng.random() < 0.5
        if ccw:  # decreasing bearing = counter-clockwise seen from outside the ellipsoid
            bearings = bearings[::-1]
        ring = []
        for b in bearings:
            r = G.Direct(lat0, lon0, b, radius * rng.uniform(0.4, 1.0))
            ring.append((r["lat2"], r["lon2"]))
        p = G.Polygon(False)
        for la, lo in ring:
            p.AddPoint(la, lo)
        _, perimeter, area = p.Compute(False, True)
        coords = [[lo, la] for la, lo in ring]
        if k % 3 == 0:
            coords.append(coords[0])  # explicitly closed ring: the Swift side must ignore the repeat
        out.append({"kind": ("ccw" if ccw else "cw") + ("-closed" if k % 3 == 0 else ""),
                    "ring": coords, "area": area, "perimeter": perimeter})
    return out


def nearest_on_segment(latA, lonA, latB, lonB, latP, lonP):
    line = G.InverseLine(latA, lonA, latB, lonB, LINE_CAPS)
    L = line.s13

    def pos(s):
        r = line.Position(s, Geodesic.STANDARD)
        return r["lat2"], r["lon2"], r["azi2"]

    def dist(s):
        la, lo, _ = pos(s)
        return G.Inverse(latP, lonP, la, lo, Geodesic.DISTANCE)["s12"]

    def deriv(s):
        la, lo, az = pos(s)
        r = G.Inverse(latP, lonP, la, lo, Geodesic.DISTANCE | Geodesic.AZIMUTH)
        if r["s12"] == 0:
            return 0.0
        return math.cos(math.radians(az - r["azi2"]))

    if L == 0:
        return latA, lonA, 0.0, dist(0.0)
    n = 400
    samples = [dist(L * i / n) for i in range(n + 1)]
    i = min(range(n + 1), key=lambda j: samples[j])
    lo_s = L * max(i - 1, 0) / n
    hi_s = L * min(i + 1, n) / n
    if i == 0 and deriv(0.0) >= 0:
        s = 0.0
    elif i == n and deriv(L) <= 0:
        s = L
    else:
        a, b = lo_s, hi_s
        if deriv(a) >= 0:  # min sits at the left end of the bracket
            s = a
        elif deriv(b) <= 0:
            s = b
        else:
            for _ in range(200):
                m = 0.5 * (a + b)
                if deriv(m) < 0:
                    a = m
                else:
                    b = m
                if b - a < 1e-10:
                    break
            s = 0.5 * (a + b)
        # independent check: golden-section search on the distance itself
        ga, gb = lo_s, hi_s
        phi = (math.sqrt(5) - 1) / 2
        c, d = gb - phi * (gb - ga), ga + phi * (gb - ga)
        fc, fd = dist(c), dist(d)
        for _ in range(200):
            if gb - ga < 1e-7:
                break
            if fc < fd:
                gb, d, fd = d, c, fc
                c = gb - phi * (gb - ga)
                fc = dist(c)
            else:
                ga, c, fc = c, d, fd
                d = ga + phi * (gb - ga)
                fd = dist(d)
        gdist = min(fc, fd, dist(ga), dist(gb))
        assert abs(gdist - dist(s)) < 1e-6, (gdist, dist(s))
    la, lo, _ = pos(s)
    return la, lo, s, dist(s)


def nearest_cases(rng):
    cases = []

    def add(kind, A, B, P):
        r = nearest_on_segment(A[0], A[1], B[0], B[1], P[0], P[1])
        cases.append((kind, [A[0], A[1], B[0], B[1], P[0], P[1], r[0], r[1], r[2], r[3]]))

    def offset_case(kind, A, seg_len, frac, off, region=True):
        azi = rng.uniform(-180, 180)
        B = G.Direct(A[0], A[1], azi, seg_len)
        B = (B["lat2"], B["lon2"])
        line = G.InverseLine(A[0], A[1], B[0], B[1], LINE_CAPS)
        f = line.Position(frac * line.s13, Geodesic.STANDARD)
        side = 90.0 if rng.random() < 0.5 else -90.0
        p = G.Direct(f["lat2"], f["lon2"], f["azi2"] + side + rng.uniform(-20, 20), off)
        add(kind, A, B, (p["lat2"], p["lon2"]))

    for _ in range(60):  # foot of the perpendicular inside the segment
        offset_case("interior", rnd_point(rng, (35, 56), (46, 88)), rng.choice([10.0, 1e3, 5e4, 3e5, 2e6]),
                    rng.uniform(0.05, 0.95), rng.choice([0.01, 1.0, 500.0, 2e4, 3e5, 1.5e6]))
    for _ in range(40):  # foot beyond either end: the nearest point is usually an endpoint
        offset_case("beyond-end", rnd_point(rng, (35, 56), (46, 88)), rng.choice([10.0, 1e3, 5e4, 3e5]),
                    rng.choice([-0.5, -0.1, 1.1, 1.6]), rng.choice([0.0, 1.0, 2e3, 1e5]))
    for _ in range(20):  # P lies on the segment
        offset_case("on-segment", rnd_point(rng, (35, 56), (46, 88)), rng.choice([100.0, 1e4, 1e6]),
                    rng.uniform(0.0, 1.0), 0.0)
    for _ in range(30):
        offset_case("global", rnd_point(rng, (-80, 80)), rng.choice([1e6, 5e6, 9e6]),
                    rng.uniform(-0.2, 1.2), rng.choice([10.0, 1e5, 2e6]))
    for _ in range(10):  # segments straddling the antimeridian
        A = (rng.uniform(-60, 60), rng.uniform(175, 180))
        B = (A[0] + rng.uniform(-3, 3), rng.uniform(-180, -175))
        P = (A[0] + rng.uniform(-3, 3), rng.choice([rng.uniform(175, 180), rng.uniform(-180, -175)]))
        add("antimeridian", A, B, P)
    for _ in range(10):  # near a pole
        A = (rng.uniform(88, 89.9), rng.uniform(-180, 180))
        B = (rng.uniform(88, 89.9), rng.uniform(-180, 180))
        P = (rng.uniform(87, 89.9), rng.uniform(-180, 180))
        add("near-pole", A, B, P)
    add("degenerate", (43.25, 76.95), (43.25, 76.95), (43.0, 77.0))
    return cases


def dump(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as fh:
        json.dump(obj, fh, separators=(",", ":"))
        fh.write("\n")
    return os.path.getsize(path)


def main():
    rng = random.Random(SEED)
    os.makedirs(OUT, exist_ok=True)
    meta = {"generator": "scripts/make_geodesy_fixtures.py", "oracle": "geographiclib " + GLIB_VERSION,
            "seed": SEED, "a": G.a, "f": G.f}
    total = 0
    inv = inverse_cases(rng)
    total += dump("inverse.json", dict(meta, columns="lat1 lon1 lat2 lon2 s12 azi1 azi2 m12",
                                       kinds=[k for k, _ in inv], rows=[r for _, r in inv]))
    dirc = direct_cases(rng)
    total += dump("direct.json", dict(meta, columns="lat1 lon1 azi1 s12 lat2 lon2 azi2 m12",
                                      kinds=[k for k, _ in dirc], rows=[r for _, r in dirc]))
    total += dump("polylines.json", dict(meta, polylines=polylines(rng)))
    total += dump("polygons.json", dict(meta, polygons=polygons(rng)))
    near = nearest_cases(rng)
    total += dump("nearest.json", dict(meta, columns="latA lonA latB lonB latP lonP lat lon s d",
                                       kinds=[k for k, _ in near], rows=[r for _, r in near]))
    print(f"wrote {len(inv)} inverse, {len(dirc)} direct, {len(near)} nearest cases; {total} bytes", file=sys.stderr)
    assert total < 300_000


if __name__ == "__main__":
    main()
