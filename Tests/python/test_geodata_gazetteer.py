"""geodata/gazetteer.csv (issue 20): schema, sources and licences, provinces of the settlements,
and every precision checked with an independent geodesic (geographiclib's Karney inverse, not the
pyproj the generator uses) on the outlines densified to ~5 km, so that no edge point lies farther
than the precision written."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point, shape

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
WGS84 = Geodesic.WGS84


def rows():
    with open(GEODATA / "gazetteer.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def polygons(name):
    doc = json.loads((GEODATA / name).read_text(encoding="utf-8"))
    return doc["features"]


def far(lon, lat, geom):
    """Largest geographiclib distance from (lon, lat) to the outline, edges densified to ~5 km."""
    xy = shapely.get_coordinates(shapely.segmentize(shapely.boundary(geom), 0.05))
    return max(WGS84.Inverse(lat, lon, y, x, Geodesic.DISTANCE)["s12"] for x, y in xy)


def test_schema_sources_licences():
    rs = rows()
    assert [r for r in rs if r["level"] == "country"] and len(rs) > 900
    ids = set()
    for r in rs:
        assert r["level"] in {"settlement", "province", "country"}
        assert r["source"] and r["licence"], r["id"]
        assert r["id"] not in ids
        ids.add(r["id"])
        assert r["names"].split(";")[0] == r["name"]
        assert -180 <= float(r["longitude"]) <= 180 and -90 <= float(r["latitude"]) <= 90
        assert float(r["location_precision_m"]) > 0
    assert {r["iso3"] for r in rs} == {"KAZ", "KGZ", "UZB", "TJK", "TKM"}
    # Not only the border: Pavlodar and Aktobe regions have their towns.
    provs = {r["province_id"] for r in rs if r["level"] == "settlement"}
    assert {"KAZ016", "KAZ003"} <= provs


def test_settlements_lie_in_their_province():
    feats = {f["properties"]["id"]: (f["properties"], shape(f["geometry"])) for f in polygons("provinces.geojson")}
    for r in rows():
        if r["level"] != "settlement" or not r["province_id"]:
            continue
        p, g = feats[r["province_id"]]
        assert p["iso3"] == r["iso3"]
        assert g.covers(Point(float(r["longitude"]), float(r["latitude"]))), r["id"]
        assert r["location_precision_m"] == ("10000" if int(r["population"]) >= 100_000 else "5000")


def test_province_and_country_precision_bounds_the_outline():
    feats = {f["properties"]["id"]: shape(f["geometry"]) for f in polygons("provinces.geojson")}
    countries = {f["properties"]["iso3"]: shape(f["geometry"]) for f in polygons("countries.geojson")}
    checked = 0
    for r in rows():
        if r["level"] == "settlement":
            continue
        g = feats[r["id"]] if r["level"] == "province" else countries[r["id"]]
        lon, lat, p = float(r["longitude"]), float(r["latitude"]), float(r["location_precision_m"])
        assert g.covers(Point(lon, lat)), r["id"]
        d = far(lon, lat, g)
        # Vertices give the maximum; densified edge points may exceed it by the edge's bulge only (< 100 m).
        assert d <= p + 100, (r["id"], d, p)
        assert d >= p - 1, (r["id"], d, p)
        checked += 1
    assert checked == 57


def test_centres_and_renames_resolve():
    rs = {(r["level"], r["iso3"], r["name"]) for r in rows()}
    with open(GEODATA / "curated" / "place-renames.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            assert r["source"]
            assert (r["level"], r["iso3"], r["current_name"]) in rs, r
    byid = {r["id"]: r for r in rows()}
    with open(GEODATA / "curated" / "province-centres.csv", encoding="utf-8") as f:
        centres = list(csv.DictReader(f))
    assert len(centres) == 20
    for c in centres:
        p, s = byid[c["province_id"]], byid[c["geonameid"]]
        assert (p["longitude"], p["latitude"]) == (s["longitude"], s["latitude"])
        assert s["province_id"] == c["province_id"]


def test_seed_seizure_places_are_in_the_gazetteer():
    byid = {r["id"]: r for r in rows()}
    with open(GEODATA / "seizures.csv", encoding="utf-8") as f:
        for s in csv.DictReader(f):
            if s["admin_level"] in ("settlement", "district"):
                g = byid[s["geonameid"]]
                assert np.isclose(float(g["longitude"]), float(s["longitude"]), atol=1e-5)
                assert np.isclose(float(g["latitude"]), float(s["latitude"]), atol=1e-5)
