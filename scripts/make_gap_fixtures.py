#!/usr/bin/env python3
"""Independent oracle for the gaps analysis: writes Tests/AnalysisTests/Fixtures/gaps_*.json.

The Swift analysis (Sources/Analysis) computes coverage per disc with PROJ's C geodesic code,
chord bounds and Newton iterations. This oracle shares none of that: it uses PyPI `geographiclib`
(Karney's pure-Python implementation) and numpy, and a different method:

  * every border segment is the geodesic between its vertices (geographiclib InverseLine);
  * positions are sampled along each segment at most SPACING (10 m) apart, vertices included;
  * each sample is classified "covered" (some active control within its radius: distance <= R)
    or not. A vectorised haversine distance on a sphere gives rigorous bounds on the WGS84
    geodesic distance (the ellipsoid's metric is within [0.9944, 1.0044] of the R = 6371008.8 m
    sphere's in every direction, we use [0.99, 1.01]); every sample/control pair those bounds
    cannot decide is evaluated exactly with geographiclib's Inverse;
  * each bracket between consecutive samples is certified uniformly covered or uncovered with
    the 1-Lipschitz property of distance in arc length (per control: the whole bracket is within
    R if (d_a + d_b + l)/2 <= R, none of it if (d_a + d_b - l)/2 > R); brackets that cannot be
    certified are bisected (exact geographiclib evaluation at the midpoint) down to 0.1 mm, so
    every covered/uncovered transition -- including a circle that only grazes a segment between
    two samples -- is found to < 0.1 mm;
  * gaps are the maximal uncovered stretches of each part, at least min_gap_length long;
  * each gap's maximum distance to the nearest control is found by branch and bound over the
    10 m samples with the same Lipschitz bound (exact geographiclib distances), to 1 mm.

Chainage is metres from the start of the first part, continuous across parts (part k starts at
the chainage where part k-1 ends), as in Sources/Domain/Border.swift.

    pip install geographiclib numpy        # tested with geographiclib 2.1, numpy 2.x
    python3 scripts/make_gap_fixtures.py                # synthetic cases (+ real border if present)
    python3 scripts/make_gap_fixtures.py --only random  # one case
    python3 scripts/make_gap_fixtures.py --real-only    # only the Kazakh-Kyrgyz border

Deterministic (fixed seeds). Fixture format (one case per file):
  {"name", "description", "oracle_version", "geographiclib",
   "parameters": {"post_radius", "settlement_radius", "include_settlements", "min_population",
                  "min_gap_length"},
   "border": {"id", "parts": [[[lon, lat], ...], ...]},
   "controls": [{"id", "kind": checkpoint|outpost|settlement, "lon", "lat", "population"}],
   "oracle": {"length", "part_ranges": [[start, end], ...], "active_controls": [indices into
              controls], "covered": [[start, end], ...] (merged; touching intervals joined),
              "covered_stretches": [{"part", "start", "end", "start_point", "end_point"}] (per part),
              "covered_length", "short_uncovered_length",
              "gaps": [{"part", "start", "end", "length", "start_point", "end_point",
                        "max_distance" (null without controls), "max_distance_chainage",
                        "max_distance_point", "start_nearest": [active index, distance] | null,
                        "end_nearest": [...]}]  (in border order)}}
"""

import argparse
import csv
import heapq
import json
import math
import os
import sys

import numpy as np
from geographiclib import __version__ as GLIB_VERSION
from geographiclib.geodesic import Geodesic

G = Geodesic.WGS84
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "AnalysisTests", "Fixtures")
ORACLE_VERSION = 1

SPACING = 10.0          # metres between samples along the border
LEAF = 1e-4             # bisection stops at 0.1 mm
MAX_TOL = 1e-3          # max-distance branch and bound tolerance, metres
R_SPHERE = 6371008.8
LO, HI = 0.99, 1.01     # sphere -> ellipsoid distance bounds (true ratio within [0.9944, 1.0044])
EPS = 0.01              # absolute slack on the bounds, metres (round-off)
LINE_CAPS = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.DISTANCE | Geodesic.DISTANCE_IN | Geodesic.AZIMUTH
POS = Geodesic.LATITUDE | Geodesic.LONGITUDE


def exact(lon1, lat1, lon2, lat2):
    return G.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]


def haversine(lon1, lat1, lon2, lat2):
    """Great-circle distance on the R_SPHERE sphere (numpy, broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * R_SPHERE * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


class Segment:
    __slots__ = ("part", "c0", "length", "line", "a", "b")

    def __init__(self, part, c0, a, b):
        self.part, self.c0, self.a, self.b = part, c0, a, b
        self.line = G.InverseLine(a[1], a[0], b[1], b[0], LINE_CAPS)
        self.length = self.line.s13

    def point(self, off):
        if off <= 0:
            return self.a
        if off >= self.length:
            return self.b
        p = self.line.Position(off, POS)
        return (p["lon2"], p["lat2"])


class Oracle:
    def __init__(self, parts, controls, radii):
        """parts: [[(lon, lat), ...]]; controls: [(lon, lat)] (active ones); radii per control."""
        self.parts = parts
        self.clon = np.array([c[0] for c in controls], dtype=float)
        self.clat = np.array([c[1] for c in controls], dtype=float)
        self.rad = np.array(radii, dtype=float)
        self.segs = []          # per part: list of Segment
        self.part_ranges = []
        total = 0.0
        for pi, part in enumerate(parts):
            start = total
            segs = []
            for a, b in zip(part[:-1], part[1:]):
                s = Segment(pi, total, tuple(a), tuple(b))
                segs.append(s)
                total += s.length
            self.segs.append(segs)
            self.part_ranges.append((start, total))
        self.length = total

    # --- distance bounds -------------------------------------------------------------------------
    def bounds(self, lons, lats, cand):
        """(lb, ub) arrays [samples x cand]; pairs the bounds cannot decide against the radius are
        replaced by the exact geographiclib distance."""
        lons = np.atleast_1d(np.asarray(lons, dtype=float))
        lats = np.atleast_1d(np.asarray(lats, dtype=float))
        d = haversine(lons[:, None], lats[:, None], self.clon[cand][None, :], self.clat[cand][None, :])
        lb, ub = d * LO - EPS, d * HI + EPS
        r = self.rad[cand][None, :]
        amb = (lb <= r) & (ub > r)
        for i, k in zip(*np.nonzero(amb)):
            e = exact(lons[i], lats[i], self.clon[cand[k]], self.clat[cand[k]])
            lb[i, k] = ub[i, k] = e
        return lb, ub

    def nearest(self, lon, lat):
        """Exact nearest active control: (index, distance), or None."""
        if len(self.rad) == 0:
            return None
        d = haversine(lon, lat, self.clon, self.clat)
        lb, ub = d * LO - EPS, d * HI + EPS
        best = None
        for k in np.nonzero(lb <= ub.min())[0]:
            e = exact(lon, lat, self.clon[k], self.clat[k])
            if best is None or e < best[1]:
                best = (int(k), e)
        return best

    # --- coverage --------------------------------------------------------------------------------
    def candidates(self, seg):
        """Controls that may come within their radius of some point of the segment."""
        if len(self.rad) == 0:
            return np.zeros(0, dtype=int)
        da = haversine(seg.a[0], seg.a[1], self.clon, self.clat) * LO - EPS
        db = haversine(seg.b[0], seg.b[1], self.clon, self.clat) * LO - EPS
        return np.nonzero((da + db - seg.length) / 2 <= self.rad)[0]

    def segment_transitions(self, seg):
        """(covered at start, [offsets where the class flips], covered at end)."""
        cand = self.candidates(seg)
        if len(cand) == 0:
            return False, [], False
        n = max(1, math.ceil(seg.length / SPACING))
        offs = seg.length * np.arange(n + 1) / n
        pts = [seg.point(o) for o in offs]
        lb, ub = self.bounds([p[0] for p in pts], [p[1] for p in pts], cand)
        r = self.rad[cand][None, :]
        cls = np.any(ub <= r, axis=1)
        ell = np.diff(offs)[:, None]
        cov = np.any((ub[:-1] + ub[1:] + ell) / 2 <= r, axis=1)
        unc = np.all((lb[:-1] + lb[1:] - ell) / 2 > r, axis=1)
        flips = []
        for k in np.nonzero(~(cov | unc))[0]:
            self.refine(seg, cand, offs[k], offs[k + 1], lb[k], ub[k], lb[k + 1], ub[k + 1],
                        bool(cls[k]), bool(cls[k + 1]), flips)
        flips.sort()
        # consistency: the flips must take the start class to the end class
        assert (bool(cls[0]) ^ (len(flips) % 2 == 1)) == bool(cls[-1]), "inconsistent flips"
        return bool(cls[0]), flips, bool(cls[-1])

    def refine(self, seg, cand, a, b, lba, uba, lbb, ubb, ca, cb, out):
        r = self.rad[cand]
        stack = [(a, b, lba, uba, lbb, ubb, ca, cb)]
        while stack:
            a, b, lba, uba, lbb, ubb, ca, cb = stack.pop()
            ell = b - a
            if np.any((uba + ubb + ell) / 2 <= r):
                continue                        # covered throughout
            if not np.any((lba + lbb - ell) / 2 <= r):
                continue                        # uncovered throughout
            if ell < LEAF:
                if ca != cb:
                    out.append((a + b) / 2)
                continue
            m = (a + b) / 2
            p = seg.point(m)
            lbm, ubm = self.bounds([p[0]], [p[1]], cand)
            lbm, ubm = lbm[0], ubm[0]
            cm = bool(np.any(ubm <= r))
            stack.append((a, m, lba, uba, lbm, ubm, ca, cm))
            stack.append((m, b, lbm, ubm, lbb, ubb, cm, cb))

    def covered_intervals(self):
        """Per part: list of (start, end) covered chainage intervals (not yet merged across parts)."""
        out = []
        for pi, segs in enumerate(self.segs):
            ps, pe = self.part_ranges[pi]
            ivs = []
            cur = None
            prev_end = None
            for seg in segs:
                c_start, flips, c_end = self.segment_transitions(seg)
                if prev_end is not None:
                    assert prev_end == c_start, "class differs at a shared vertex"
                if cur is None and c_start and prev_end is None:
                    cur = seg.c0
                for t in flips:
                    if cur is None:
                        cur = seg.c0 + t
                    else:
                        ivs.append((cur, seg.c0 + t))
                        cur = None
                prev_end = c_end
            if cur is not None:
                ivs.append((cur, pe))
            out.append(ivs)
        return out

    # --- positions and the remote point ----------------------------------------------------------
    def locate(self, part, s):
        segs = self.segs[part]
        lo, hi = 0, len(segs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if segs[mid].c0 <= s:
                lo = mid
            else:
                hi = mid - 1
        return segs[lo], s - segs[lo].c0

    def point(self, part, s):
        seg, off = self.locate(part, s)
        return seg.point(off)

    def f_exact(self, lon, lat):
        n = self.nearest(lon, lat)
        return n[1]

    def most_remote(self, part, s0, s1):
        """max over [s0, s1] of the distance to the nearest control: (distance, chainage, point)."""
        if len(self.rad) == 0:
            return None
        # samples: ends, vertices inside, and at most SPACING apart
        samples = []
        for seg in self.segs[part]:
            a, b = max(s0, seg.c0), min(s1, seg.c0 + seg.length)
            if b < a or (b == a and samples):
                continue
            n = max(1, math.ceil((b - a) / SPACING))
            for k in range(n + 1):
                s = a + (b - a) * k / n if k < n else b
                if samples and s <= samples[-1][0]:
                    continue
                samples.append((s, seg, s - seg.c0))
        pts = [smp[1].point(smp[2]) for smp in samples]
        lons = np.array([p[0] for p in pts])
        lats = np.array([p[1] for p in pts])
        lbf = np.empty(len(pts))
        ubf = np.empty(len(pts))
        for i in range(0, len(pts), 4096):
            d = haversine(lons[i:i + 4096, None], lats[i:i + 4096, None], self.clon[None, :], self.clat[None, :])
            lbf[i:i + 4096] = (d * LO - EPS).min(axis=1)
            ubf[i:i + 4096] = (d * HI + EPS).min(axis=1)
        exact_f = {}

        def fval(i):
            if i not in exact_f:
                exact_f[i] = self.f_exact(lons[i], lats[i])
            return exact_f[i]

        i0 = int(np.argmax(lbf))
        best = (fval(i0), samples[i0][0], pts[i0])
        for i in (0, len(samples) - 1):
            if fval(i) > best[0]:
                best = (fval(i), samples[i][0], pts[i])
        heap = []
        for i in range(len(samples) - 1):
            ub = (ubf[i] + ubf[i + 1] + samples[i + 1][0] - samples[i][0]) / 2
            if ub > best[0] + MAX_TOL:
                heapq.heappush(heap, (-ub, samples[i][0], samples[i + 1][0], i, i + 1, None, None))
        # bracket items: (-ub, sa, sb, ia, ib, fa, fb); ia/ib sample index or None (then fa/fb exact)
        while heap:
            negub, sa, sb, ia, ib, fa, fb = heapq.heappop(heap)
            if -negub <= best[0] + MAX_TOL:
                break
            if fa is None or fb is None:
                fa = fval(ia) if fa is None else fa
                fb = fval(ib) if fb is None else fb
                for i, fv in ((ia, fa), (ib, fb)):
                    if i is not None and fv > best[0]:
                        best = (fv, samples[i][0], pts[i])
                ub = (fa + fb + sb - sa) / 2
                if ub > best[0] + MAX_TOL:
                    heapq.heappush(heap, (-ub, sa, sb, None, None, fa, fb))
                continue
            m = (sa + sb) / 2
            seg, off = self.locate(part, m)
            p = seg.point(off)
            fm = self.f_exact(p[0], p[1])
            if fm > best[0]:
                best = (fm, m, p)
            for (x, fx, y, fy) in ((sa, fa, m, fm), (m, fm, sb, fb)):
                ub = (fx + fy + y - x) / 2
                if ub > best[0] + MAX_TOL:
                    heapq.heappush(heap, (-ub, x, y, None, None, fx, fy))
        return best

    # --- the whole analysis ----------------------------------------------------------------------
    def run(self, min_gap_length):
        per_part = self.covered_intervals()
        flat = [iv for ivs in per_part for iv in ivs]
        merged = []
        for a, b in sorted(flat):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        gaps, short, stretches = [], 0.0, []
        for pi, ivs in enumerate(per_part):
            ps, pe = self.part_ranges[pi]
            cursor = ps
            for a, b in ivs:
                if a > cursor:
                    stretches.append((pi, cursor, a))
                cursor = max(cursor, b)
            if cursor < pe:
                stretches.append((pi, cursor, pe))
        for pi, a, b in stretches:
            if b - a < min_gap_length:
                short += b - a
                continue
            remote = self.most_remote(pi, a, b)
            sp, ep = self.point(pi, a), self.point(pi, b)
            # the end point of a gap that ends a part is that part's last vertex
            if b == self.part_ranges[pi][1]:
                ep = tuple(self.parts[pi][-1])
            sn, en = self.nearest(*sp), self.nearest(*ep)
            gaps.append({
                "part": pi, "start": a, "end": b, "length": b - a,
                "start_point": list(sp), "end_point": list(ep),
                "max_distance": None if remote is None else remote[0],
                "max_distance_chainage": None if remote is None else remote[1],
                "max_distance_point": None if remote is None else list(remote[2]),
                "start_nearest": None if sn is None else [sn[0], sn[1]],
                "end_nearest": None if en is None else [en[0], en[1]],
            })
        covered_stretches = [
            {"part": pi, "start": a, "end": b, "start_point": list(self.point(pi, a)), "end_point": list(self.point(pi, b))}
            for pi, ivs in enumerate(per_part) for a, b in ivs]
        return {
            "length": self.length,
            "part_ranges": [list(r) for r in self.part_ranges],
            "covered": merged,
            "covered_stretches": covered_stretches,
            "covered_length": sum(b - a for a, b in merged),
            "short_uncovered_length": short,
            "gaps": gaps,
            "_stretches": stretches,
            "_covered_per_part": per_part,
        }


# --- case construction helpers -----------------------------------------------------------------
def walk(start, steps):
    """Polyline from start (lon, lat) by (azimuth deg, distance m) steps along geodesics."""
    pts = [start]
    for az, d in steps:
        p = G.Direct(pts[-1][1], pts[-1][0], az, d, POS)
        pts.append((p["lon2"], p["lat2"]))
    return pts


def along(part, i, frac):
    """Point at fraction `frac` of segment i of `part`, and the segment azimuth there."""
    a, b = part[i], part[i + 1]
    line = G.InverseLine(a[1], a[0], b[1], b[0], LINE_CAPS)
    p = line.Position(line.s13 * frac, POS | Geodesic.AZIMUTH)
    return (p["lon2"], p["lat2"]), p["azi2"]


def offset(part, i, frac, dist, side=1):
    """A point `dist` m from segment i at `frac`, perpendicular to it (side +1 right, -1 left).

    The perpendicular geodesic from an interior point makes that point the nearest of the segment
    (first variation), so the control's distance to the segment is exactly `dist`."""
    (lon, lat), az = along(part, i, frac)
    p = G.Direct(lat, lon, az + 90 * side, dist, POS)
    return (p["lon2"], p["lat2"])


def ctl(cid, kind, lonlat, population=None):
    return {"id": cid, "kind": kind, "lon": lonlat[0], "lat": lonlat[1], "population": population}


def params(**kw):
    p = {"post_radius": 10000.0, "settlement_radius": 5000.0, "include_settlements": True,
         "min_population": None, "min_gap_length": 1000.0}
    p.update(kw)
    return p


def case_on_border():
    part = walk((74.0, 42.9), [(80, 30000), (100, 25000), (70, 28000)])
    controls = [
        ctl("cp-vertex", "checkpoint", part[1]),                 # exactly a vertex
        ctl("op-mid", "outpost", along(part, 2, 0.5)[0]),        # exactly mid-segment
        ctl("st-mid", "settlement", along(part, 0, 0.27)[0], 1200),
    ]
    return ("on_border", "controls exactly on the border: on a vertex and mid-segment", [part], controls, params())


def case_overlapping():
    part = walk((75.0, 42.6), [(95, 20000), (85, 22000), (100, 24000), (90, 18000)])
    controls = [
        ctl("cp-1", "checkpoint", offset(part, 0, 0.6, 3000, +1)),
        ctl("op-2", "outpost", offset(part, 1, 0.15, 6000, -1)),    # overlaps cp-1
        ctl("op-3", "outpost", offset(part, 1, 0.55, 2000, +1)),    # overlaps op-2
        ctl("st-4", "settlement", offset(part, 1, 0.9, 1000, -1), 5000),   # overlaps op-3
        ctl("st-5", "settlement", offset(part, 3, 0.5, 2500, +1), 800),
        ctl("st-6", "settlement", offset(part, 3, 0.55, 3000, -1), 900),   # overlaps st-5
        ctl("cp-7", "checkpoint", offset(part, 3, 0.52, 500, +1)),       # contains both
    ]
    return ("overlapping", "overlapping circles of posts and settlements merge into one covered stretch",
            [part], controls, params())


def case_far_control():
    part = walk((76.0, 42.2), [(80, 26000), (92, 31000), (75, 20000)])
    controls = [
        ctl("op-near-miss", "outpost", offset(part, 1, 0.5, 10300, +1)),   # 300 m beyond R_c
        ctl("st-near-miss", "settlement", offset(part, 0, 0.4, 5200, -1), 3000),
        ctl("cp-far", "checkpoint", offset(part, 2, 0.5, 300000, +1)),
        ctl("cp-cover", "checkpoint", offset(part, 2, 0.7, 4000, -1)),
    ]
    return ("far_control", "controls farther than their radius from the whole border cover nothing but count for the max distance",
            [part], controls, params())


def case_no_controls():
    part = walk((77.5, 42.0), [(60, 15000), (110, 22000), (80, 12000)])
    return ("no_controls", "no controls at all: one gap, the whole border, max distance infinite",
            [part], [], params())


def case_multipart():
    p1 = walk((70.0, 42.0), [(90, 20000), (80, 25000)])
    p2 = walk((72.5, 43.3), [(120, 30000), (95, 20000)])   # starts ~170 km away, far from every control
    p3 = walk((71.0, 41.2), [(85, 18000), (70, 16000), (95, 12000)])
    controls = [
        ctl("cp-p1", "checkpoint", offset(p1, 0, 0.3, 2000, +1)),          # covers early part 1
        ctl("op-p1-end", "outpost", offset(p1, 1, 0.2, 1000, -1)),         # part 1 ends uncovered
        ctl("cp-p2", "checkpoint", offset(p2, 1, 0.5, 3000, +1)),
        ctl("st-p2-end", "settlement", offset(p2, 1, 0.95, 1500, -1), 4000),  # covers part 2's end
        ctl("op-p3-start", "outpost", p3[0]),                              # covers part 3's start
        ctl("st-p3a", "settlement", offset(p3, 1, 0.3, 2000, +1), 2000),
        ctl("st-p3b", "settlement", offset(p3, 1, 0.3, 2000, +1), 2000),   # same place twice
    ]
    # a short uncovered stretch (< 1 km) between two settlement circles on part 3's last segment
    controls.append(ctl("st-p3c", "settlement", offset(p3, 2, 0.1, 1000, -1), 2000))
    controls.append(ctl("st-p3d", "settlement", offset(p3, 2, 0.93, 1000, -1), 2000))
    return ("multipart", "three parts, chainage continuous across them; gaps never span parts; a gap that ends a part "
            "and a part that starts far from every control; coverage running from the end of part 2 into the start of "
            "part 3 (one merged interval, two covered stretches); a short uncovered stretch below the minimum gap length",
            [p1, p2, p3], controls, params())


def case_antimeridian():
    part = [(179.2, 65.6), (179.5, 65.7), (179.85, 65.65), (-179.9, 65.7), (-179.5, 65.8), (-179.1, 65.75)]
    controls = [
        ctl("cp-dateline", "checkpoint", (179.98, 65.72)),           # circle straddles 180
        ctl("op-west", "outpost", (-179.3, 65.70)),
        ctl("st-east", "settlement", (179.4, 65.66), 600),
        ctl("st-far", "settlement", (-179.99, 65.9), 700),
    ]
    return ("antimeridian", "a border crossing the antimeridian (Chukotka latitudes), a circle straddling 180",
            [part], controls, params())


def case_polar():
    part = [(0.0, 88.0), (30.0, 88.6), (70.0, 89.2), (120.0, 89.5), (-160.0, 89.3), (-120.0, 88.9)]
    controls = [
        ctl("cp-a", "checkpoint", (20.0, 88.45)),
        ctl("op-pole", "outpost", (90.0, 89.92)),                    # near the pole
        ctl("st-b", "settlement", (-170.0, 89.25), 100),
        ctl("op-c", "outpost", (-130.0, 88.95)),
    ]
    return ("polar", "a border near the north pole (lat 88-89.5) with segments passing within 50 km of the pole",
            [part], controls, params())


def case_long_segments():
    part = walk((66.0, 48.5), [(88, 50000), (92, 50000), (85, 50000), (95, 50000)])
    controls = [
        ctl("op-dip-1", "outpost", offset(part, 0, 0.5, 8000, -1)),      # dips 2 km between outside vertices
        ctl("op-dip-2", "outpost", offset(part, 1, 0.45, 9900, +1)),     # dips 100 m
        ctl("st-dip", "settlement", offset(part, 2, 0.6, 4000, -1), 3000),
        ctl("cp-vertex-near", "checkpoint", offset(part, 3, 0.02, 9000, +1)),
    ]
    return ("long_segments", "50 km geodesic segments (east-west at 48 N) where circles dip between two outside vertices",
            [part], controls, params())


def case_mixed_radii():
    part = walk((73.0, 42.4), [(85, 22000), (95, 26000), (80, 24000), (90, 20000)])
    controls = [
        ctl("op-7km", "outpost", offset(part, 0, 0.5, 7000, +1)),                 # covers (R_c = 10 km)
        ctl("st-7km", "settlement", offset(part, 1, 0.5, 7000, -1), 5000),        # covers nothing (R_s = 5 km)
        ctl("st-3km", "settlement", offset(part, 1, 0.9, 3000, +1), 5000),
        ctl("st-small", "settlement", offset(part, 2, 0.5, 1000, -1), 200),       # filtered out: population < 500
        ctl("st-unknown", "settlement", offset(part, 3, 0.3, 500, +1), None),     # filtered out: population unknown
        ctl("cp-on", "checkpoint", along(part, 3, 0.8)[0]),
    ]
    return ("mixed_radii", "posts cover 10 km, settlements 5 km; settlements below min_population (or unknown) are excluded",
            [part], controls, params(min_population=500))


def case_custom_radii():
    part = walk((78.0, 42.7), [(70, 15000), (100, 15000), (85, 15000)])
    controls = [
        ctl("op-a", "outpost", offset(part, 0, 0.4, 6000, +1)),
        ctl("st-a", "settlement", offset(part, 1, 0.5, 2000, -1), 100),
        ctl("st-b", "settlement", offset(part, 2, 0.6, 2600, -1), 100),   # beyond R_s = 2.5 km
    ]
    return ("custom_radii", "non-default radii (R_c 7.5 km, R_s 2.5 km) and minimum gap length 500 m",
            [part], controls, params(post_radius=7500.0, settlement_radius=2500.0, min_gap_length=500.0))


def case_grazing():
    part = walk((74.5, 43.1), [(90, 40000), (88, 40000)])
    controls = [
        ctl("st-graze-in", "settlement", offset(part, 0, 0.5, 5000 - 0.01, +1), 2000),   # 1 cm dip: ~20 m covered
        ctl("op-graze-out", "outpost", offset(part, 1, 0.3, 10000 + 0.01, -1)),          # misses by 1 cm
        ctl("op-graze-in", "outpost", offset(part, 1, 0.75, 10000 - 0.5, +1)),           # 0.5 m dip: ~200 m covered
    ]
    return ("grazing", "circles that just graze the border (1 cm and 50 cm inside: 20 m and 200 m covered) or just miss it (1 cm)",
            [part], controls, params())


def case_dense():
    """A densely digitised border like the benchmark's: most segments 15-60 m, some 0.8-1.5 km (on
    both sides of PolylineIndex's 1 km switch from the chord formula to the geodesic inverse)."""
    rng = np.random.default_rng(7)
    steps, az = [], 70.0
    for k in range(1999):
        az += rng.normal(0, 12)
        az = 70 + (az - 70) * 0.97
        d = float(rng.uniform(800, 1500)) if k % 100 == 50 else float(rng.uniform(15, 60))
        steps.append((az, d))
    part = walk((79.0, 42.9), steps)
    n = len(part) - 1
    controls = [
        ctl("cp-a", "checkpoint", offset(part, n // 10, 0.5, 4000, +1)),
        ctl("op-b", "outpost", offset(part, n // 3, 0.3, 9000, -1)),
        ctl("st-c", "settlement", offset(part, n // 2, 0.7, 1500, +1), 3000),
        ctl("st-d", "settlement", offset(part, 2 * n // 3, 0.1, 4990, -1), 800),
        ctl("op-e", "outpost", part[9 * n // 10]),
    ]
    return ("dense", "a densely digitised border (2,000 vertices, 15-60 m segments and some of 0.8-1.5 km), as in the benchmark",
            [part], controls, params())


def case_random(seed):
    rng = np.random.default_rng(seed)
    steps, az = [], 80.0
    for _ in range(199):
        az += rng.normal(0, 25)
        az = 80 + (az - 80) * 0.9                          # meander around east-north-east
        steps.append((az, float(rng.uniform(500, 6000))))
    part = walk((71.0, 42.3), steps)
    controls = []
    for k in range(40):
        i = int(rng.integers(0, len(part) - 1))
        frac = float(rng.uniform(0, 1))
        d = float(rng.uniform(0, 14000))
        side = 1 if rng.uniform() < 0.5 else -1
        kind = ["checkpoint", "outpost", "settlement", "settlement"][int(rng.integers(0, 4))]
        pop = int(rng.lognormal(7, 1.5)) if kind == "settlement" else None
        if kind == "settlement" and rng.uniform() < 0.15:
            pop = None
        controls.append(ctl(f"c{k:02d}", kind, offset(part, i, frac, d, side), pop))
    return ("random", f"seeded random meandering border (200 vertices, ~{int(sum(s[1] for s in steps) / 1000)} km) and 40 controls of every kind",
            [part], controls, params())


# --- running a case ----------------------------------------------------------------------------
def active(controls, p):
    out = []
    for i, c in enumerate(controls):
        if c["kind"] != "settlement":
            out.append(i)
        elif p["include_settlements"]:
            if p["min_population"] is None or (c["population"] or 0) >= p["min_population"]:
                out.append(i)
    return out


def solve(parts, controls, p):
    act = active(controls, p)
    radii = [p["post_radius"] if controls[i]["kind"] != "settlement" else p["settlement_radius"] for i in act]
    oracle = Oracle(parts, [(controls[i]["lon"], controls[i]["lat"]) for i in act], radii)
    res = oracle.run(p["min_gap_length"])
    res["active_controls"] = act
    return res


def check_unambiguous(name, res, p, min_len=2.0):
    """A fixture must not depend on sub-metre decisions: every covered and uncovered stretch is at
    least `min_len` long and no uncovered stretch is within 1 m of the minimum gap length."""
    problems = []
    for ivs in res["_covered_per_part"]:
        for a, b in ivs:
            if b - a < min_len:
                problems.append(f"covered stretch {a:.3f}-{b:.3f} is {b - a:.4f} m")
    for pi, a, b in res["_stretches"]:
        if b - a < min_len:
            problems.append(f"uncovered stretch {a:.3f}-{b:.3f} is {b - a:.4f} m")
        if abs((b - a) - p["min_gap_length"]) < 1.0:
            problems.append(f"uncovered stretch {a:.3f}-{b:.3f} is within 1 m of the minimum gap length")
    return problems


def r9(x):
    return None if x is None else round(float(x), 9)


def write_case(name, description, parts, controls, p, res, border_id="synthetic", extra=None):
    res = dict(res)
    res.pop("_stretches")
    res.pop("_covered_per_part")
    doc = {
        "name": name,
        "description": description,
        "oracle_version": ORACLE_VERSION,
        "geographiclib": GLIB_VERSION,
        "parameters": p,
        "border": {"id": border_id, "parts": [[[r9(x), r9(y)] for x, y in part] for part in parts]},
        "controls": [{**c, "lon": r9(c["lon"]), "lat": r9(c["lat"])} for c in controls],
        "oracle": res,
    }
    if extra:
        doc.update(extra)
    path = os.path.join(OUT, f"gaps_{name}.json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    return path


def round_inputs(parts, controls):
    """The fixture stores 9 decimals; compute the oracle on exactly what the test will read."""
    parts = [[(r9(x), r9(y)) for x, y in part] for part in parts]
    controls = [{**c, "lon": r9(c["lon"]), "lat": r9(c["lat"])} for c in controls]
    return parts, controls


SYNTHETIC = {
    "on_border": case_on_border,
    "overlapping": case_overlapping,
    "far_control": case_far_control,
    "no_controls": case_no_controls,
    "multipart": case_multipart,
    "antimeridian": case_antimeridian,
    "polar": case_polar,
    "long_segments": case_long_segments,
    "mixed_radii": case_mixed_radii,
    "custom_radii": case_custom_radii,
    "grazing": case_grazing,
    "dense": case_dense,
}

RANDOM_SEED = 20251123


def summary(name, res):
    g = res["gaps"]
    print(f"{name:14s} length {res['length'] / 1000:9.3f} km  covered {len(res['covered']):3d}  "
          f"gaps {len(g):3d}  gap km {sum(x['length'] for x in g) / 1000:9.3f}  "
          f"short {res['short_uncovered_length']:.1f} m", flush=True)


# --- the real border -----------------------------------------------------------------------------
def read_real(geodata, border_id):
    with open(os.path.join(geodata, "borders.geojson")) as f:
        fc = json.load(f)
    feat = None
    for ft in fc["features"]:
        fid = ft.get("id", ft.get("properties", {}).get("id"))
        if fid == border_id or ft.get("properties", {}).get("border_id") == border_id:
            feat = ft
            break
    if feat is None:
        raise SystemExit(f"no feature {border_id} in borders.geojson")
    geom = feat["geometry"]
    if geom["type"] == "LineString":
        parts = [geom["coordinates"]]
    elif geom["type"] == "MultiLineString":
        parts = geom["coordinates"]
    else:
        raise SystemExit(f"unexpected geometry {geom['type']}")
    parts = [[(float(c[0]), float(c[1])) for c in part] for part in parts if len(part) >= 2]

    def rows(fn):
        path = os.path.join(geodata, fn)
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def num(v):
        return None if v is None or v.strip() == "" else float(v)

    def lonlat(r):
        lon = r.get("longitude", r.get("lon"))
        lat = r.get("latitude", r.get("lat"))
        return float(lon), float(lat)

    controls = []
    for r in rows("checkpoints.csv"):
        if (r.get("border_id") or "") != border_id:
            continue
        kind = (r.get("kind") or "checkpoint").strip() or "checkpoint"
        if kind not in ("checkpoint", "outpost"):
            kind = "checkpoint"
        controls.append(ctl(r.get("id") or f"cp{len(controls)}", kind, lonlat(r)))
    for r in rows("settlements.csv"):           # every settlement (empty population = unknown)
        pop = num(r.get("population"))
        controls.append(ctl(r.get("id") or r.get("geonameid") or f"st{len(controls)}", "settlement",
                            lonlat(r), None if pop is None else int(pop)))
    return parts, controls


def real_case(geodata, border_id):
    """The border, its checkpoints and every settlement of settlements.csv (all of them take part in
    the analysis: any settlement within R_s covers, and any control may be the nearest)."""
    parts, controls = read_real(geodata, border_id)
    return parts, controls, params()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated case names")
    ap.add_argument("--real-only", action="store_true")
    ap.add_argument("--geodata", default=os.path.join(ROOT, "geodata"))
    ap.add_argument("--border-id", default="kaz-kgz")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    only = set(args.only.split(",")) if args.only else None

    if not args.real_only:
        for name, make in SYNTHETIC.items():
            if only and name not in only:
                continue
            name, desc, parts, controls, p = make()
            parts, controls = round_inputs(parts, controls)
            res = solve(parts, controls, p)
            problems = check_unambiguous(name, res, p)
            if problems:
                raise SystemExit(f"{name}: ambiguous fixture:\n  " + "\n  ".join(problems))
            write_case(name, desc, parts, controls, p, res)
            summary(name, res)
        if not only or "random" in only:
            seed = RANDOM_SEED
            while True:
                name, desc, parts, controls, p = case_random(seed)
                parts, controls = round_inputs(parts, controls)
                res = solve(parts, controls, p)
                if not check_unambiguous(name, res, p):
                    break
                seed += 1
            write_case(name, desc + f" (numpy seed {seed})", parts, controls, p, res, extra={"seed": seed})
            summary(name, res)

    have_real = all(os.path.exists(os.path.join(args.geodata, fn))
                    for fn in ("borders.geojson", "checkpoints.csv", "settlements.csv"))
    if (not only or "real" in only) and have_real:
        parts, controls, p = real_case(args.geodata, args.border_id)
        parts, controls = round_inputs(parts, controls)
        res = solve(parts, controls, p)
        problems = check_unambiguous("real", res, p, min_len=0.5)
        for pr in problems:
            print("real border: note:", pr, file=sys.stderr)
        write_case("real_kaz_kgz", f"the real {args.border_id} border from geodata/ (its checkpoints and every settlement, default parameters)",
                   parts, controls, p, res, border_id=args.border_id,
                   extra={"ambiguities": problems})
        summary("real_kaz_kgz", res)
    elif args.real_only or (only and "real" in only):
        raise SystemExit("geodata/borders.geojson, checkpoints.csv or settlements.csv not found")
    elif not only:
        print("real border skipped: geodata/borders.geojson, checkpoints.csv, settlements.csv not all there", file=sys.stderr)


if __name__ == "__main__":
    main()
