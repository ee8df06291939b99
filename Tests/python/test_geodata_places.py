"""Invariants of the crossings placed against the OpenStreetMap-derived line (geodata/checkpoints.csv)
and of the provinces (geodata/provinces.geojson), issue 13 items 3 and 5.

Run:  python3 -m pip install -r Tests/python/requirements.txt
      python3 -m pytest Tests/python/test_geodata_places.py
Reads only geodata/ (no downloads); GeoNames anchors are checked through settlements-independent
values recorded in the curated file and the `placement` text. Nothing is skipped.
"""
from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
import shapely.prepared
from pyproj import Geod
from shapely.geometry import Point, shape

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
GEOD = Geod(ellps="WGS84")
OSM_LICENCE = "ODbL 1.0, © OpenStreetMap contributors"
NE_LICENCE = "public domain (Natural Earth)"
# A placed crossing lies on the stored OSM line: the script moves it onto the lon/lat polyline and
# writes 7 decimals (the geodesic between two vertices ~150 m apart departs from the straight
# lon/lat segment by well under a metre here).
ON_LINE_DEG = 1e-7
# The placed point is the line point nearest to its anchor: checked against a brute-force search
# on the line densified to DENSE_M, which finds the nearest point to within DENSE_M / 2.
DENSE_M = 5.0
# Kordai: Russian Wikipedia's 43°02′13″N 74°42′41″E (the village; the checkpoint is at the A-2
# bridge over the Chu at its entrance). Measured: the placed point is 1,183 m from it.
KORDAI_CITED = (74 + 42 / 60 + 41 / 3600, 43 + 2 / 60 + 13 / 3600)
KORDAI_MAX_FROM_CITED_M = 1_250.0
MIN_PRECISION_M = 1_000


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def osm_lines():
    doc = json.loads((GEODATA / "borders.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: shape(f["geometry"]) for f in doc["features"]}


@pytest.fixture(scope="module")
def checkpoints():
    return {r["id"]: r for r in read_csv(GEODATA / "checkpoints.csv")}


@pytest.fixture(scope="module")
def curated():
    return {r["id"]: r for r in read_csv(GEODATA / "curated" / "checkpoints.csv")}


@pytest.fixture(scope="module")
def provinces():
    return json.loads((GEODATA / "provinces.geojson").read_text(encoding="utf-8"))["features"]


def dms(text):
    """'43°02′13″N 74°42′41″E' or '42°49′N 73°32′E' -> (lon, lat)."""
    parts = re.findall(r"(\d+)°(?:(\d+)′)?(?:(\d+(?:\.\d+)?)″)?([NSEW])", text)
    assert len(parts) == 2, text
    out = {}
    for d, m, s, h in parts:
        v = int(d) + int(m or 0) / 60 + float(s or 0) / 3600
        out["lat" if h in "NS" else "lon"] = -v if h in "SW" else v
    return out["lon"], out["lat"]


def nearest_brute(lon, lat, line, radius_deg=1.0):
    """Geodesic distance from (lon, lat) to the line, by densifying every segment near the point."""
    best = math.inf
    c = np.asarray(line.coords)
    near = np.nonzero((np.abs(c[:, 0] - lon) < radius_deg * 1.5) & (np.abs(c[:, 1] - lat) < radius_deg))[0]
    segs = sorted({i for j in near for i in (j - 1, j) if 0 <= i < len(c) - 1})
    for i in segs:
        (x1, y1), (x2, y2) = c[i], c[i + 1]
        seg = GEOD.inv(x1, y1, x2, y2)[2]
        n = max(1, int(seg / DENSE_M))
        pts = [(x1, y1)] + GEOD.npts(x1, y1, x2, y2, n - 1) + [(x2, y2)] if n > 1 else [(x1, y1), (x2, y2)]
        xs, ys = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
        best = min(best, float(np.min(GEOD.inv(np.full(len(xs), lon), np.full(len(xs), lat), xs, ys)[2])))
    assert best < math.inf
    return best


def anchor_of(cur, settlements):
    if cur["cited_coordinate"]:
        return dms(cur["cited_coordinate"])
    s = settlements.get(cur["anchor_geonameid"])
    if s is not None:
        return float(s["longitude"]), float(s["latitude"])
    # Anchors not within 50 km of a border are not in settlements.csv: the placement text gives the distance.
    return None


# ------------------------------------------------------------------ checkpoints
def test_checkpoints_on_the_osm_line(checkpoints, osm_lines):
    assert len(checkpoints) == 8
    for r in checkpoints.values():
        line = osm_lines[r["border_id"]]
        lon, lat = float(r["longitude"]), float(r["latitude"])
        # On the stored lon/lat polyline, to the 7 decimals written (and so within ~1 m of its geodesics).
        assert line.distance(Point(lon, lat)) <= ON_LINE_DEG, r["id"]
        assert "OpenStreetMap-derived line of borders.geojson" in r["placement"], r["id"]


def test_each_checkpoint_is_the_line_point_nearest_its_anchor(checkpoints, curated, osm_lines):
    settlements = {r["geonameid"]: r for r in read_csv(GEODATA / "settlements.csv")}
    checked = 0
    for cid, r in checkpoints.items():
        cur = curated[cid]
        a = anchor_of(cur, settlements)
        m = re.search(r", ([\d.]+) km away; location_precision_m = that distance ([\d,]+) m", r["placement"])
        assert m, r["placement"]
        d_text = float(m.group(2).replace(",", ""))
        if a is None:
            continue
        d_placed = GEOD.inv(a[0], a[1], float(r["longitude"]), float(r["latitude"]))[2]
        d_min = nearest_brute(a[0], a[1], osm_lines[r["border_id"]])
        assert d_placed <= d_min + DENSE_M, (cid, d_placed, d_min)
        assert abs(d_placed - d_text) <= 1.0, (cid, d_placed, d_text)
        checked += 1
    assert checked >= 5


def test_precision_is_the_sum_of_its_stated_terms(checkpoints, curated):
    for cid, r in checkpoints.items():
        cur = curated[cid]
        terms = [float(x.replace(",", "")) for x in re.findall(r"(?:that distance|cited value|\+) ([\d,]+) m", r["placement"])]
        p = int(r["location_precision_m"])
        assert p == max(MIN_PRECISION_M, round(sum(terms))), (cid, terms, p)
        if float(cur["extra_uncertainty_m"] or 0):
            assert float(cur["extra_uncertainty_m"]) in terms and cur["extra_uncertainty_basis"], cid
        assert cur["sources"] == r["sources"] and cur["sources"].strip()


def test_cited_coordinates(checkpoints, curated):
    cited = [c for c in curated.values() if c["cited_coordinate"]]
    assert {c["id"] for c in cited} == {"kaz-kgz-cp-kordai", "kaz-kgz-cp-chaldybar"}
    for c in cited:
        assert c["anchor_relation"] == "cited" and c["cited_source"] and c["cited_source"] in checkpoints[c["id"]]["placement"]
        lon, lat = dms(c["cited_coordinate"])
        r = checkpoints[c["id"]]
        d = GEOD.inv(lon, lat, float(r["longitude"]), float(r["latitude"]))[2]
        assert d <= int(r["location_precision_m"]), c["id"]
    k = checkpoints["kaz-kgz-cp-kordai"]
    assert dms(curated["kaz-kgz-cp-kordai"]["cited_coordinate"]) == pytest.approx(KORDAI_CITED, abs=1e-12)
    d = GEOD.inv(*KORDAI_CITED, float(k["longitude"]), float(k["latitude"]))[2]
    assert d <= KORDAI_MAX_FROM_CITED_M, d
    assert int(k["location_precision_m"]) <= 3_500  # 1,183 + 19 (rounding) + 2,000 (village extent)


def test_the_bad_directory_coordinate_is_not_used(checkpoints):
    # A web directory puts Aisha-Bibi at 43.00 N 74.50 E (in the Chuy valley, 250 km east): not a source.
    a = checkpoints["kaz-kgz-cp-aisha-bibi"]
    assert GEOD.inv(74.50, 43.00, float(a["longitude"]), float(a["latitude"]))[2] > 200_000


# ------------------------------------------------------------------ provinces
def test_province_schema(provinces):
    ids = [f["properties"]["id"] for f in provinces]
    assert len(ids) == len(set(ids))
    for f in provinces:
        p = f["properties"]
        assert list(p) == ["id", "name", "name_variants", "iso3", "source", "licence"]
        assert p["name"] and p["source"]
        assert p["name"] not in p["name_variants"].split(";")
        # The neighbours' Natural Earth divisions are fitted to the OSM-derived country outline.
        assert p["licence"] == (OSM_LICENCE if p["iso3"] == "KAZ" else f"{OSM_LICENCE} (the outline); {NE_LICENCE} (the divisions)")
        assert "fitted to the outline of " + p["iso3"] + " in countries.geojson" in p["source"]
        assert f["geometry"]["type"] == "MultiPolygon"
        g = shape(f["geometry"])
        assert g.is_valid, p["id"]
        for poly in g.geoms:
            assert poly.exterior.is_ccw and all(not r.is_ccw for r in poly.interiors), p["id"]
    counts = {}
    for f in provinces:
        counts[f["properties"]["iso3"]] = counts.get(f["properties"]["iso3"], 0) + 1
    assert counts["KAZ"] == 20 and counts["KGZ"] == 8 and counts["CHN"] == 1
    assert set(counts) == {"KAZ", "KGZ", "UZB", "TKM", "TJK", "AFG", "CHN", "RUS"}
    kaz = {f["properties"]["name"] for f in provinces if f["properties"]["iso3"] == "KAZ"}
    assert {"Abay Region", "Jetisu Region", "Ulytau Region", "Turkistan Region", "Karaganda Region"} <= kaz


def test_kazakh_regions_tile_kazakhstan(provinces):
    """The 20 regions overlap one another by slivers only, and cover the OSM Kazakhstan polygon
    but for slivers (measured: 1 km² not covered)."""
    kz = [shape(f["geometry"]) for f in provinces if f["properties"]["iso3"] == "KAZ"]
    union = shapely.union_all(kz)
    area = lambda g: abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6
    overlap = sum(area(g) for g in kz) - area(union)
    assert overlap < 50.0, overlap
    osm = {f["properties"]["iso3"]: shape(f["geometry"])
           for f in json.loads((GEODATA / "countries.geojson").read_text(encoding="utf-8"))["features"]}
    assert area(osm["KAZ"].difference(union)) < 10.0


def test_a_point_in_a_country_is_in_a_province_of_that_country(provinces):
    """With the provinces fitted to countries.geojson, the country test and the province test
    agree (shapely, first polygon in file order wins, as nroute's locators): points every ~2 km
    along each Kazakh land border and the borders among the neighbours, offset 50 m, 500 m and
    3 km to both sides; a point in KAZ, KGZ, UZB, TKM, TJK or AFG is in a province of the same
    country (China and Russia have provinces near Kazakhstan only)."""
    countries = [(f["properties"]["iso3"], shapely.prepared.prep(shape(f["geometry"])))
                 for f in json.loads((GEODATA / "countries.geojson").read_text(encoding="utf-8"))["features"]]
    regions = [(f["properties"]["iso3"], shapely.prepared.prep(shape(f["geometry"]))) for f in provinces]
    lines = [shape(f["geometry"]) for f in json.loads((GEODATA / "borders.geojson").read_text(encoding="utf-8"))["features"]]
    full = {"KAZ", "KGZ", "UZB", "TKM", "TJK", "AFG"}
    checked, mismatched = 0, []
    for line in lines:
        for d in np.arange(0, line.length, 0.02):
            a, b = line.interpolate(d), line.interpolate(min(d + 1e-4, line.length))
            ux, uy = b.x - a.x, b.y - a.y
            norm = math.hypot(ux, uy) or 1.0
            for off in (0.0005, 0.005, 0.03):
                for side in (1, -1):
                    pt = Point(a.x - side * uy / norm * off, a.y + side * ux / norm * off)
                    country = next((iso for iso, g in countries if g.contains(pt)), None)
                    if country not in full:
                        continue
                    region = next((iso for iso, g in regions if g.contains(pt)), None)
                    checked += 1
                    if region != country:
                        mismatched.append((round(pt.x, 5), round(pt.y, 5), country, region))
    assert checked > 20_000, checked
    assert not mismatched, (len(mismatched), mismatched[:10])


def test_seizures_in_their_reported_provinces(provinces):
    """Every located seizure falls in a Kazakh region whose name (or a variant) is the one its
    record reports, administrative words aside."""
    geoms = [(f["properties"], shape(f["geometry"])) for f in provinces]
    def key(s):
        return " ".join(w for w in s.lower().split() if w not in ("region", "province", "oblysy"))
    n = 0
    for r in read_csv(GEODATA / "seizures.csv"):
        if not r["longitude"]:
            continue
        pt = Point(float(r["longitude"]), float(r["latitude"]))
        p = next(p for p, g in geoms if g.contains(pt))
        assert p["iso3"] == "KAZ", r["id"]
        if r["province"]:
            names = {key(p["name"])} | {key(v) for v in p["name_variants"].split(";") if v}
            assert key(r["province"]) in names, (r["id"], r["province"], p["name"])
        n += 1
    assert n == 11
