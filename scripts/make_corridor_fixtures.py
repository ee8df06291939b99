#!/usr/bin/env python3
"""Independent oracle for the corridor analysis: writes Tests/AnalysisTests/Fixtures/corridor-*.json.

The Swift analysis (Sources/Analysis/Corridor*.swift, RouteCrossings.swift) projects points on a
route with PROJ's C geodesic code (Newton iteration on the first variation of arc length, bounding-
volume pruning). This oracle shares none of that: PyPI `geographiclib` (Karney's pure-Python
implementation) and a different method, in plain Python:

  * every route segment is the geodesic between its waypoints (geographiclib InverseLine);
  * the nearest point of a segment to P: the distance d(s) = Inverse(P, X(s)) is sampled densely
    along the segment (every <= 5 km, at least 8 samples, ends included), then refined by golden-
    section search on the bracket round the best sample down to 1e-7 m in s, then polished by
    parabolic interpolation (see below); segments whose
    triangle-inequality lower bound (d(P,A) + d(P,B) - L)/2 exceeds the best distance so far by
    more than 1 m are skipped (the bound is exact, so nothing nearer is missed);
  * chainage = sum of the preceding segments' lengths + s at the minimum;
  * signed offset = distance * sign(sin(beta - alpha)), alpha the direction of travel at the nearest
    point (the segment's forward azimuth there; at an interior waypoint the bisector of the incoming
    and outgoing azimuths; at the route's first/last waypoint that segment's azimuth), beta the
    azimuth at the nearest point of the geodesic to P.  SIGN CONVENTION: positive = RIGHT of the
    direction of travel, negative = LEFT.
  * a point whose best two segment minima are within 1 mm in distance but > 1 m apart in chainage is
    flagged "tie" (its chainage is not well defined; tests check only its distance).

Golden-section on a smooth minimum resolves the location only to about sqrt(2 d noise), noise being
geographiclib's ~1e-8 m distance round-off: ~1 cm at d = 50 km, ~10 cm at 500 km. So the minimum
is then polished by parabolic interpolation of d at s - h, s, s + h (h = min(2 km, d/4), three
rounds; distances only), which puts the oracle's chainage within ~1e-5 m; distances are accurate
to nanometres either way (the minimum is flat).

The crossings case is built with a known answer: points C on the route (geographiclib Direct at
chosen chainages) and border lines made of geodesics THROUGH those points (the border's vertices
are Direct(C, theta, d) and Direct(C, theta + 180, d'), so the geodesic between them passes through
C), plus a meander crossing twice, a crossing at a route waypoint, a 3-degree shallow crossing, a
two-part border and a near miss 300 m off the route that must not count.

    pip install geographiclib           # tested with geographiclib 2.1
    python3 scripts/make_corridor_fixtures.py

Deterministic (fixed seeds). Routes for the "routes" case are read from geodata/routes.csv and
geodata/seizures.csv when present (with the csv module; skipped otherwise).
"""

import csv
import json
import math
import os
import random
import sys

from geographiclib import __version__ as GLIB_VERSION
from geographiclib.geodesic import Geodesic

G = Geodesic.WGS84
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "AnalysisTests", "Fixtures")
GEODATA = os.path.join(ROOT, "geodata")
ORACLE_VERSION = 1
CAPS = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.DISTANCE | Geodesic.DISTANCE_IN | Geodesic.AZIMUTH
SAMPLE = 5000.0
GOLD_TOL = 1e-7
SIGN = "offset > 0: right of the direction of travel; offset < 0: left"


def dist(a, b):
    return G.Inverse(a[1], a[0], b[1], b[0], Geodesic.DISTANCE)["s12"]


def inverse(a, b):
    r = G.Inverse(a[1], a[0], b[1], b[0])
    return r["s12"], r["azi1"], r["azi2"]


def direct(p, az, s):
    r = G.Direct(p[1], p[0], az, s)
    return (r["lon2"], r["lat2"]), r["azi2"]


def bisector(a, b):
    ra, rb = math.radians(a), math.radians(b)
    x, y = math.cos(ra) + math.cos(rb), math.sin(ra) + math.sin(rb)
    if x * x + y * y < 1e-20:
        return a
    return math.degrees(math.atan2(y, x))


class Route:
    def __init__(self, rid, waypoints):
        self.id = rid
        self.wp = [tuple(w) for w in waypoints]
        self.lines, self.length, self.chainage = [], [], [0.0]
        for a, b in zip(self.wp[:-1], self.wp[1:]):
            line = G.InverseLine(a[1], a[0], b[1], b[0], CAPS)
            self.lines.append(line)
            self.length.append(line.s13)
            self.chainage.append(self.chainage[-1] + line.s13)

    @property
    def total(self):
        return self.chainage[-1]

    def seg_point(self, i, s):
        if s <= 0:
            return self.wp[i]
        if s >= self.length[i]:
            return self.wp[i + 1]
        p = self.lines[i].Position(s, CAPS)
        return (p["lon2"], p["lat2"])

    def seg_azimuth(self, i, s):
        return self.lines[i].Position(min(max(s, 0), self.length[i]), CAPS)["azi2"]

    def at(self, chain):
        """(point, azimuth, segment, offset along it) at route chainage `chain`."""
        i = 0
        while i < len(self.length) - 1 and self.chainage[i + 1] <= chain:
            i += 1
        s = chain - self.chainage[i]
        return self.seg_point(i, s), self.seg_azimuth(i, s), i, s

    def travel_azimuth(self, i, s):
        n = len(self.length)
        if s <= 1e-6 and i > 0:
            return bisector(self.seg_azimuth(i - 1, self.length[i - 1]), self.seg_azimuth(i, 0))
        if s >= self.length[i] - 1e-6 and i + 1 < n:
            return bisector(self.seg_azimuth(i, self.length[i]), self.seg_azimuth(i + 1, 0))
        return self.seg_azimuth(i, s)

    def segment_minimum(self, i, p):
        L = self.length[i]
        if L == 0:
            return dist(p, self.wp[i]), 0.0
        n = min(2000, max(8, math.ceil(L / SAMPLE)))
        offs = [L * k / n for k in range(n + 1)]
        ds = [dist(p, self.seg_point(i, o)) for o in offs]
        k = min(range(n + 1), key=lambda j: ds[j])
        a, b = offs[max(k - 1, 0)], offs[min(k + 1, n)]
        f = lambda s: dist(p, self.seg_point(i, s))
        r = (math.sqrt(5) - 1) / 2
        c, d = b - r * (b - a), a + r * (b - a)
        fc, fd = f(c), f(d)
        while b - a > GOLD_TOL:
            if fc < fd:
                b, d, fd = d, c, fc
                c = b - r * (b - a)
                fc = f(c)
            else:
                a, c, fc = c, d, fd
                d = a + r * (b - a)
                fd = f(d)
        s = 0.5 * (a + b)
        s = self.polish(i, p, s, f(s))
        best = (f(s), s)
        # The ends themselves (the golden section never lands exactly on them).
        for e in (0.0, L):
            de = dist(p, self.seg_point(i, e))
            if de < best[0]:
                best = (de, e)
        return best

    def polish(self, i, p, s, d0):
        """Parabolic refinement of the golden-section minimum: the vertex of the parabola through
        d at s - h, s, s + h (h = min(2 km, d/4)) on the extended geodesic. Golden section resolves
        the flat minimum only to ~sqrt(2 d noise) (~0.1 m for d = 500 km, geographiclib's distance
        noise being ~1e-8 m); the second difference over a wide stencil carries the curvature
        signal instead (error ~ h noise / (h^2/d) ~ 1e-5 m). Distances only, no derivatives.
        Skipped for points within 10 m of the route and for minima at a segment's end."""
        L = self.length[i]
        if d0 < 10 or s <= 1e-6 or s >= L - 1e-6:
            return s
        h = min(2000.0, d0 / 4)
        line = self.lines[i]
        def g(t):
            q = line.Position(t, CAPS)
            return dist(p, (q["lon2"], q["lat2"]))
        for _ in range(3):
            dm, dc, dp = g(s - h), g(s), g(s + h)
            curv = dm - 2 * dc + dp
            if curv <= 0:
                break
            step = h * (dm - dp) / (2 * curv)
            if abs(step) > h:
                break
            s += step
            if abs(step) < 1e-7:
                break
        return min(max(s, 0.0), L)

    def project(self, p):
        """Oracle nearest point: dict with chainage, offset, distance, nearest, segment, tie."""
        cands = []
        best = math.inf
        dv = [dist(p, w) for w in self.wp]
        for i in range(len(self.length)):
            lb = (dv[i] + dv[i + 1] - self.length[i]) / 2
            if lb > best + 1.0:
                continue
            d, s = self.segment_minimum(i, p)
            cands.append((d, i, s))
            best = min(best, d)
        cands.sort()
        d, i, s = cands[0]
        tie = any(abs(c[0] - d) < 1e-3 and abs((self.chainage[c[1]] + c[2]) - (self.chainage[i] + s)) > 1.0
                  for c in cands[1:])
        x = self.seg_point(i, s)
        if d == 0:
            sign = 0.0
        else:
            alpha = self.travel_azimuth(i, s)
            beta = inverse(x, p)[1]
            sign = 1.0 if math.sin(math.radians(beta - alpha)) >= 0 else -1.0
        return {"chainage": self.chainage[i] + s, "offset": sign * d, "distance": d, "nearest": list(x),
                "segment": i, "tie": tie}


def point_record(route, pid, p, kind):
    o = route.project(p)
    o.update({"id": pid, "lon": p[0], "lat": p[1], "kind": kind})
    return o


def synthetic_points(route, rng, n_random, max_offset):
    pts = []
    for k in range(n_random):
        c = rng.uniform(0, route.total)
        x, az, _, _ = route.at(c)
        side = rng.choice((-1, 1))
        p, _ = direct(x, az + side * (90 + rng.uniform(-25, 25)), rng.uniform(50, max_offset))
        pts.append(("r%03d" % k, p, "random"))
    # Outer and inner sides of every interior waypoint, away from the exact bisectors.
    for v in range(1, len(route.wp) - 1):
        a_in, a_out = route.seg_azimuth(v - 1, route.length[v - 1]), route.seg_azimuth(v, 0)
        turn = ((a_out - a_in + 540) % 360) - 180          # > 0: right turn
        outer = bisector(a_in, a_out) + (-90 if turn > 0 else 90)
        inner = outer + 180
        for j, (az, d) in enumerate([(outer + 7, 5000), (outer - 11, 20000), (inner + 20, 8000), (inner - 25, 15000)]):
            p, _ = direct(route.wp[v], az, d)
            pts.append(("v%02d-%d" % (v, j), p, "vertex"))
    # Beyond the ends (60 degrees off the backward/forward direction, so the side is defined).
    a0 = route.seg_azimuth(0, 0)
    a1 = route.seg_azimuth(len(route.length) - 1, route.length[-1])
    for j, (base, az, d) in enumerate([(route.wp[0], a0 + 180 + 60, 10000), (route.wp[0], a0 + 180 - 60, 22000),
                                       (route.wp[-1], a1 + 60, 7000), (route.wp[-1], a1 - 60, 18000)]):
        p, _ = direct(base, az, d)
        pts.append(("end-%d" % j, p, "end"))
    # Points on the route itself (offset 0) and 1 m off it.
    for j, frac in enumerate((0.137, 0.5, 0.861)):
        x, az, _, _ = route.at(frac * route.total)
        pts.append(("on-%d" % j, x, "on"))
        p, _ = direct(x, az + 90, 1.0)
        pts.append(("near-%d" % j, p, "near"))
    return pts


def write(name, doc):
    path = os.path.join(OUT, "corridor-%s.json" % name)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT), file=sys.stderr)


def header(name, description):
    return {"name": name, "description": description, "oracle_version": ORACLE_VERSION,
            "geographiclib": GLIB_VERSION, "sign_convention": SIGN}


def route_doc(route):
    return {"id": route.id, "waypoints": [list(w) for w in route.wp], "length": route.total,
            "chainage": route.chainage}


def positions_case(name, description, routes, extra_points, seed, n_random=40, max_offset=45000.0, half_width=25000.0):
    rng = random.Random(seed)
    doc = header(name, description)
    doc["half_width"] = half_width
    doc["routes"] = [route_doc(r) for r in routes]
    doc["points"] = []
    for ri, r in enumerate(routes):
        pts = synthetic_points(r, rng, n_random, max_offset) + extra_points
        for pid, p, kind in pts:
            rec = point_record(r, "%s:%s" % (r.id, pid), p, kind)
            rec["route"] = ri
            doc["points"].append(rec)
    write(name, doc)


def geodata_routes():
    path = os.path.join(GEODATA, "routes.csv")
    if not os.path.exists(path):
        return []
    rows = {}
    order = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rid = row["route_id"]
            if rid not in rows:
                rows[rid] = []
                order.append(rid)
            rows[rid].append((float(row["seq"]), float(row["longitude"]), float(row["latitude"])))
    return [Route(rid, [(lon, lat) for _, lon, lat in sorted(rows[rid])]) for rid in order]


def geodata_seizures():
    path = os.path.join(GEODATA, "seizures.csv")
    out = []
    if not os.path.exists(path):
        return out
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["longitude"].strip() and row["latitude"].strip():
                out.append(("sz:" + row["id"], (float(row["longitude"]), float(row["latitude"])), "seizure"))
    return out


# --- crossings ---------------------------------------------------------------------------------

def crossings_case():
    route = Route("x-route", [(66.0, 37.0), (67.8, 38.3), (69.2, 38.5), (70.1, 40.2), (70.3, 41.0)])
    L = route.length
    ch = route.chainage
    borders, expected = [], []

    def through(c, theta, back, fwd):
        """A border segment through c with azimuth theta: vertices `back` metres behind, `fwd` ahead."""
        a, _ = direct(c, theta + 180, back)
        b, _ = direct(c, theta, fwd)
        return a, b

    def expect(border_id, chain, border_chain, c, border_az):
        _, az, i, s = route.at(chain)
        alpha = route.travel_azimuth(i, s)
        d = (alpha - border_az) % 180
        expected.append({"border": border_id, "route_chainage": chain, "border_chainage": border_chain,
                         "lon": c[0], "lat": c[1], "angle": min(d, 180 - d)})

    # b1: a 60-degree crossing of segment 0.
    c1, a1, _, _ = route.at(60000.0)
    p, q = through(c1, a1 + 60, 40000, 35000)
    borders.append({"id": "b1", "parts": [[list(p), list(q)]]})
    expect("b1", 60000.0, 40000.0, c1, a1 + 60)

    # b2: a meander crossing segment 1 twice: apex 30 km left of the route, ends 20 km to the right.
    s2, s3 = ch[1] + 30000.0, ch[1] + 75000.0
    c2, _, _, _ = route.at(s2)
    c3, _, _, _ = route.at(s3)
    xm, am, _, _ = route.at(0.5 * (s2 + s3))
    apex, _ = direct(xm, am - 90, 30000)
    _, _, az2 = inverse(apex, c2)
    p1, _ = direct(c2, az2, 20000)
    _, _, az3 = inverse(apex, c3)
    p3, _ = direct(c3, az3, 20000)
    borders.append({"id": "b2", "parts": [[list(p1), list(apex), list(p3)]]})
    # Border direction p1 -> apex through c2 (azimuth at c2 is az2 + 180), apex -> p3 through c3 (az3).
    expect("b2", s2, dist(p1, c2), c2, az2 + 180)
    expect("b2", s3, dist(p1, apex) + dist(apex, c3), c3, az3)

    # b3: through waypoint 2, perpendicular to the bisector of the route's directions there.
    v2 = route.wp[2]
    bis = route.travel_azimuth(2, 0.0)
    p, q = through(v2, bis + 90, 25000, 25000)
    borders.append({"id": "b3", "parts": [[list(p), list(q)]]})
    expect("b3", ch[2], 25000.0, v2, bis + 90)

    # b4: a near miss, 300 m right of segment 2 for 40 km (three vertices), never crossing.
    pts = []
    for s in (ch[2] + 40000.0, ch[2] + 60000.0, ch[2] + 80000.0):
        x, az, _, _ = route.at(s)
        pts.append(list(direct(x, az + 90, 300.0)[0]))
    borders.append({"id": "b4", "parts": [pts]})

    # b5: a shallow 3-degree crossing of segment 3.
    s5 = ch[3] + 45000.0
    c5, a5, _, _ = route.at(s5)
    p, q = through(c5, a5 + 3, 25000, 25000)
    borders.append({"id": "b5", "parts": [[list(p), list(q)]]})
    expect("b5", s5, 25000.0, c5, a5 + 3)

    # b6: two parts; the first far from the route, the second crossing segment 0 at right angles.
    far = [list(direct(route.wp[0], 100, 150000.0)[0]), list(direct(route.wp[0], 110, 180000.0)[0])]
    s6 = 120000.0
    c6, a6, _, _ = route.at(s6)
    p, q = through(c6, a6 - 90, 15000, 15000)
    borders.append({"id": "b6", "parts": [far, [list(p), list(q)]]})
    expect("b6", s6, dist(far[0], far[1]) + 15000.0, c6, a6 - 90)

    checkpoints = [
        {"id": "cp-b1", "border_id": "b1", "lonlat": list(direct(c1, 10, 4000.0)[0])},
        {"id": "cp-b2", "border_id": "b2", "lonlat": list(direct(c2, 200, 30000.0)[0])},
        {"id": "cp-b9", "border_id": "b9", "lonlat": list(direct(v2, 45, 2000.0)[0])},
        {"id": "cp-b5", "border_id": "b5", "lonlat": list(direct(c5, 270, 8000.0)[0])},
    ]
    post_radius = 10000.0
    # A checkpoint takes part in a border's analysis when it lies within `reach` of the border's
    # line (ControlSelection), whatever its border_id says: cp-b9 (border_id b9, no such border)
    # lies 2 km from the waypoint b3 passes through, so it serves b3 and covers its crossing.
    reach = 50000.0
    lines = {b["id"]: [Route(b["id"] + f"-{k}", part) for k, part in enumerate(b["parts"])] for b in borders}

    def to_line(bid, lonlat):
        return min(r.project(tuple(lonlat))["distance"] for r in lines[bid])

    for e in expected:
        c = (e["lon"], e["lat"])
        serving = [cp for cp in checkpoints if to_line(e["border"], cp["lonlat"]) <= reach]
        pool = serving or checkpoints
        best = min(pool, key=lambda cp: dist(c, cp["lonlat"]))
        e["nearest_checkpoint"] = best["id"]
        e["nearest_checkpoint_distance"] = dist(c, best["lonlat"])
        e["checkpoint_serves_border"] = bool(serving)
        # Only posts cover (no settlements); a crossing is in a gap unless a serving post is within
        # the post radius (every uncovered stretch here is far longer than the 1 km minimum).
        e["in_gap"] = not any(dist(c, cp["lonlat"]) <= post_radius for cp in serving)

    doc = header("crossings", "A route crossing six synthetic borders at known points (built through them), "
                              "a near miss that must not count, checkpoints for nearest/gap checks")
    doc["route"] = route_doc(route)
    doc["borders"] = borders
    doc["checkpoints"] = checkpoints
    doc["post_radius"] = post_radius
    doc["reach"] = reach
    doc["expected"] = sorted(expected, key=lambda e: e["route_chainage"])
    write("crossings", doc)


def main():
    os.makedirs(OUT, exist_ok=True)
    real = geodata_routes()
    if real:
        positions_case("routes", "geodata/routes.csv: random points within 45 km, points round every waypoint "
                                 "and beyond the ends, points on the route, and every located geodata seizure",
                       real, geodata_seizures(), seed=6)
    else:
        print("geodata/routes.csv not found: skipping the routes case", file=sys.stderr)
    long1 = Route("long-single", [(55.0, 38.0), direct((55.0, 38.0), 42.0, 3000000.0)[0]])
    long3 = Route("long-zigzag", [(50.0, 40.0), (62.0, 52.0), (66.0, 41.0), (80.0, 48.0)])
    positions_case("long", "a single 3,000 km geodesic segment and a 3-leg zig-zag of ~3,600 km; points up to 100 km off",
                   [long1, long3], [], seed=61, n_random=60, max_offset=100000.0)
    bends = Route("bends", [(68.0, 38.0), (68.6, 38.1), (68.2, 38.15), (68.9, 38.5), (68.95, 38.9), (68.3, 38.6)])
    positions_case("bends", "hairpins and right angles (a 170-degree reversal, acute and obtuse turns); points on both sides of every bend",
                   [bends], [], seed=62, n_random=50, max_offset=30000.0)
    crossings_case()


if __name__ == "__main__":
    main()
