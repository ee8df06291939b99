"""Tests of the NorthernRoute geodata files (geodata/), independent of the Swift code.

Run:  python3 -m pip install -r scripts/requirements-geodata.txt
      python3 -m pytest Tests/python/test_geodata.py
The regeneration check (marked slow) downloads the pinned input packages on first use
(cached in ~/.cache/northernroute-geodata); deselect it with  -m "not slow".
"""
from __future__ import annotations

import csv
import json
import math
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod, Proj
from shapely.geometry import Point, box, shape

# The `slow` marker is not registered in a shared pytest config (this file must stand alone);
# silence pytest's unknown-mark warning for it. Register `markers = slow: ...` in the project's
# pytest configuration if it runs with --strict-markers.
warnings.filterwarnings("ignore", message=r"Unknown pytest\.mark\.slow", category=pytest.PytestUnknownMarkWarning)

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
SEEDS = REPO.parent / "shared" / "seeds"
GEOD = Geod(ellps="WGS84")

# Measured with `regenerate_geodata.py --metrics`: the largest geodesic distance of a
# Natural Earth 1:10m boundary-line vertex to either country's polygon boundary in
# world_map.gpkg is 1,192 m (kaz-rus); the gpkg polygons are generalised (~0.01 deg).
POLYGON_LINE_TOLERANCE_M = 1250.0
# Checkpoints lie on the OSM-derived line (7 decimals: ~1 cm of rounding).
CHECKPOINT_ON_LINE_M = 1.0
SETTLEMENT_RADIUS_M = 50_000.0
BORDER_IDS = ["kaz-kgz", "kaz-uzb", "kaz-tkm", "kaz-rus", "kaz-chn", "afg-tjk", "afg-uzb", "afg-tkm",
              "tjk-kgz", "tjk-uzb", "kgz-uzb"]
REGION = ["KAZ", "KGZ", "UZB", "TKM", "TJK", "AFG", "CHN", "RUS"]
HEADERS = {
    "settlements.csv": "id,geonameid,name,asciiname,country,population,longitude,latitude,border_ids,source,licence",
    "checkpoints.csv": "id,name,partner_name,border_id,kind,mode,regime,longitude,latitude,location_precision_m,"
                       "placement,anchor_geonameid,sources,notes",
    "seizures.csv": "id,date_start,date_end,date_inferred,place_reported,admin_level,province,country,geonameid,"
                    "longitude,latitude,location_precision_m,drug,amount,unit,source_file,source_sentence,notes",
    "statistics.csv": "id,country,year,indicator,value,unit,source_file,source_sentence,notes",
    "routes.csv": "route_id,route_name,seq,waypoint,country,geonameid,longitude,latitude,source,notes",
}
COORD = re.compile(r"^-?\d{1,3}\.\d{7}$")
ISO3 = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ------------------------------------------------------------------ helpers
def read_csv(name):
    with open(GEODATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_geojson(name):
    with open(GEODATA / name, encoding="utf-8") as f:
        return json.load(f)


def geodesic_distance(lon, lat, geom, margin=0.6):
    """Geodesic distance (m) from a point to a lon/lat geometry (AEQD centred on the point)."""
    while margin <= 60:
        dlon = min(margin / max(math.cos(math.radians(lat)), 0.15), 179.0)
        clip = geom.intersection(box(lon - dlon, lat - margin, lon + dlon, lat + margin))
        if not clip.is_empty:
            p = Proj(proj="aeqd", lat_0=lat, lon_0=lon, ellps="WGS84")
            pg = shapely.transform(clip, lambda xy: np.column_stack(p(xy[:, 0], xy[:, 1])))
            d = pg.distance(Point(0.0, 0.0))
            if d < 100_000.0 * margin:
                return float(d)
        margin *= 2.0
    raise AssertionError(f"nothing near {lon},{lat}")


def norm_ws(s):
    return re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()


@pytest.fixture(scope="module")
def borders():
    """The Natural Earth lines (borders-ne.geojson); the default OSM-derived ones are tested in
    test_geodata_osm.py."""
    return {f["properties"]["id"]: (f["properties"], shape(f["geometry"]))
            for f in read_geojson("borders-ne.geojson")["features"]}


@pytest.fixture(scope="module")
def default_borders():
    """The default lines (borders.geojson, OSM-derived): settlements and checkpoints are placed on them."""
    return {f["properties"]["id"]: (f["properties"], shape(f["geometry"]))
            for f in read_geojson("borders.geojson")["features"]}


@pytest.fixture(scope="module")
def countries():
    return {f["properties"]["iso3"]: (f["properties"], shape(f["geometry"]))
            for f in read_geojson("countries-ne.geojson")["features"]}


# ------------------------------------------------------------------ formats
@pytest.mark.parametrize("name", sorted(HEADERS))
def test_csv_header_and_line_endings(name):
    raw = (GEODATA / name).read_bytes()
    assert b"\r" not in raw, f"{name} must use LF line endings"
    assert raw.decode("utf-8").split("\n", 1)[0] == HEADERS[name]


@pytest.mark.parametrize("name", ["settlements.csv", "checkpoints.csv", "seizures.csv", "routes.csv"])
def test_coordinates_have_seven_decimals(name):
    for r in read_csv(name):
        for k in ("longitude", "latitude"):
            if name == "seizures.csv" and r["admin_level"] == "unlocated":
                continue
            assert COORD.match(r[k]), f"{name} {r.get('id', r.get('route_id'))} {k}={r[k]!r}"


def test_geojson_is_rfc7946(borders, countries):
    for name in ("borders-ne.geojson", "countries-ne.geojson"):
        d = read_geojson(name)
        assert d["type"] == "FeatureCollection" and "crs" not in d
        assert (GEODATA / name).read_bytes().count(b"\r") == 0


# ------------------------------------------------------------------ ids and sources
@pytest.mark.parametrize("name,key", [("settlements.csv", "id"), ("settlements.csv", "geonameid"),
                                      ("checkpoints.csv", "id"), ("seizures.csv", "id"),
                                      ("statistics.csv", "id")])
def test_unique_ids(name, key):
    ids = [r[key] for r in read_csv(name)]
    assert ids and len(ids) == len(set(ids)), f"duplicate {key} in {name}"


def test_unique_ids_geojson_and_routes():
    b = [f["properties"]["id"] for f in read_geojson("borders-ne.geojson")["features"]]
    assert b == BORDER_IDS
    c = [f["properties"]["iso3"] for f in read_geojson("countries-ne.geojson")["features"]]
    assert sorted(c) == sorted(REGION) and len(set(c)) == len(c)
    keys = [(r["route_id"], r["seq"]) for r in read_csv("routes.csv")]
    assert len(keys) == len(set(keys))


def test_every_record_is_sourced():
    for f in read_geojson("borders-ne.geojson")["features"] + read_geojson("countries-ne.geojson")["features"]:
        assert f["properties"]["source"].strip() and f["properties"]["licence"].strip()
    for r in read_csv("settlements.csv"):
        assert r["source"].strip() and r["licence"].strip()
    for r in read_csv("checkpoints.csv"):
        assert r["sources"].strip() and r["placement"].strip()
    for name in ("seizures.csv", "statistics.csv"):
        for r in read_csv(name):
            assert r["source_file"].strip() and r["source_sentence"].strip(), r["id"]
    for r in read_csv("routes.csv"):
        assert r["source"].strip()


# ------------------------------------------------------------------ borders and countries
def test_border_properties(borders):
    for bid, (p, g) in borders.items():
        assert list(p) == ["id", "name", "country_a", "country_b", "source", "licence", "length_km", "vertices"]
        assert ISO3.match(p["country_a"]) and ISO3.match(p["country_b"]) and p["country_a"] != p["country_b"]
        assert bid == f"{p['country_a']}-{p['country_b']}".lower()
        assert g.geom_type in ("LineString", "MultiLineString")
        assert p["vertices"] == shapely.get_num_coordinates(g)
        assert p["length_km"] == pytest.approx(GEOD.geometry_length(g) / 1000.0, abs=0.001)


def test_border_lines_valid_and_simple(borders):
    for bid, (_, g) in borders.items():
        assert g.is_valid, bid
        assert g.is_simple, bid


def test_kaz_kgz_length_matches_natural_earth(borders):
    # Natural Earth 1:10m: ~1,017 km geodesic, against the 1,212 km usually cited.
    assert borders["kaz-kgz"][0]["length_km"] == pytest.approx(1017.0, rel=0.02)


def test_border_lines_lie_on_both_country_boundaries(borders, countries):
    worst = {}
    for bid, (p, g) in borders.items():
        for iso in (p["country_a"], p["country_b"]):
            boundary = countries[iso][1].boundary
            for lon, lat in shapely.get_coordinates(g):
                d = geodesic_distance(lon, lat, boundary, margin=0.1)
                worst[bid] = max(worst.get(bid, 0.0), d)
    assert max(worst.values()) <= POLYGON_LINE_TOLERANCE_M, worst


def test_countries(countries):
    for iso, (p, g) in countries.items():
        assert list(p) == ["iso3", "name", "source", "licence"]
        assert g.geom_type == "MultiPolygon" and g.is_valid, iso
        for poly in g.geoms:
            assert poly.exterior.is_ccw, f"{iso}: exterior ring must be counter-clockwise"
            assert all(not r.is_ccw for r in poly.interiors), f"{iso}: holes must be clockwise"


# ------------------------------------------------------------------ settlements
def test_settlements_within_50_km_of_their_borders(default_borders):
    borders = default_borders
    rows = read_csv("settlements.csv")
    assert len(rows) > 100
    for r in rows:
        assert ISO3.match(r["country"]) and r["asciiname"].isascii()
        assert r["population"] == "" or int(r["population"]) > 0, "population: empty = unknown, never 0"
        ids = r["border_ids"].split(";")
        assert ids and all(i in borders for i in ids), r["id"]
        for bid in ids:
            d = geodesic_distance(float(r["longitude"]), float(r["latitude"]), borders[bid][1])
            assert d <= SETTLEMENT_RADIUS_M + 1.0, (r["id"], bid, d)


# ------------------------------------------------------------------ checkpoints
def test_checkpoints_on_their_border(default_borders):
    borders = default_borders
    rows = read_csv("checkpoints.csv")
    assert len(rows) == 8  # the eight official Kazakh-Kyrgyz crossings
    for r in rows:
        assert r["kind"] in ("checkpoint", "outpost") and r["mode"] in ("road", "rail")
        assert r["border_id"] in borders and int(r["location_precision_m"]) > 0
        for reg in filter(None, r["regime"].split(";")):
            assert reg in ("multilateral", "bilateral", "cargo-only", "seasonal"), r["id"]
        # Placed on the default, OpenStreetMap-derived line (test_geodata_places.py checks the
        # placement), to within the 7-decimal rounding of the coordinates (~1 cm).
        d = geodesic_distance(float(r["longitude"]), float(r["latitude"]), borders[r["border_id"]][1])
        assert d <= CHECKPOINT_ON_LINE_M, (r["id"], d)


# ------------------------------------------------------------------ seizures and statistics
def test_seizures_inside_region(countries):
    region = shapely.union_all([g for _, g in countries.values()])
    for r in read_csv("seizures.csv"):
        assert r["country"] in REGION and r["source_file"].endswith(".txt")
        assert r["date_end"] == "" or DATE.match(r["date_end"])
        assert r["date_start"] == "" or DATE.match(r["date_start"])
        if r["date_start"] and r["date_end"]:
            assert r["date_start"] <= r["date_end"]
        if r["admin_level"] == "unlocated":
            assert r["longitude"] == r["latitude"] == r["geonameid"] == r["location_precision_m"] == ""
            assert r["notes"].strip(), "an unlocated seizure must say why"
            continue
        assert r["admin_level"] in ("settlement", "district", "province", "country")
        assert r["geonameid"] and int(r["location_precision_m"]) > 0
        assert region.contains(Point(float(r["longitude"]), float(r["latitude"]))), r["id"]


def test_statistics_values():
    for r in read_csv("statistics.csv"):
        float(r["value"])
        assert r["unit"].strip() and r["indicator"].strip()
        assert r["year"] == "" or re.match(r"^\d{4}$", r["year"])
        assert ISO3.match(r["country"])


@pytest.mark.parametrize("name", ["seizures.csv", "statistics.csv"])
def test_sentences_appear_verbatim_in_seed_articles(name):
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (shared/ must sit beside the repository)")
    texts = {}
    for r in read_csv(name):
        path = SEEDS / r["source_file"]
        assert path.is_file(), f"{r['id']}: no seed file {r['source_file']}"
        if path not in texts:
            texts[path] = norm_ws(path.read_text(encoding="utf-8"))
        # several sentences of one record are joined by ' || '; whitespace (incl. NBSP) is normalised
        for part in r["source_sentence"].split(" || "):
            assert norm_ws(part) in texts[path], f"{name} {r['id']}: not in {r['source_file']}: {part!r}"


# ------------------------------------------------------------------ routes
def test_routes():
    rows = read_csv("routes.csv")
    routes = {}
    for r in rows:
        routes.setdefault(r["route_id"], []).append(int(r["seq"]))
        assert ISO3.match(r["country"]) and r["geonameid"].isdigit()
    for rid, seqs in routes.items():
        assert seqs == list(range(1, len(seqs) + 1)), rid
    assert len(routes) >= 3


# ------------------------------------------------------------------ regeneration
@pytest.mark.slow
def test_regeneration_is_byte_identical():
    res = subprocess.run([sys.executable, str(REPO / "scripts" / "regenerate_geodata.py"), "--check"],
                         capture_output=True, text=True, timeout=1800)
    assert res.returncode == 0, res.stdout + res.stderr
    # The one regeneration check of the Python tests: it covers every derived file (OSM borders and
    # countries, the comparison, map context, DEM, provinces, gazetteer, checkpoints).
    for name in ("borders.geojson", "countries.geojson", "borders-comparison.csv", "dem-kaz-kgz.tif", "provinces.geojson"):
        assert name in res.stdout, res.stdout
