"""Invariants of the OpenStreetMap-derived geodata (issue 13): geodata/borders.geojson,
countries.geojson, borders-comparison.csv and the comparison table in geodata/README.md.

Run:  python3 -m pip install -r Tests/python/requirements.txt
      python3 -m pytest Tests/python/test_geodata_osm.py        (-m "not slow": no downloads)
The tests marked slow read the pinned input packages (MAPS.ME outlines, GSHHG) through
scripts/regenerate_geodata.py's cache (~/.cache/northernroute-geodata, downloaded on first use)
(the regeneration check itself is test_geodata.py's). Nothing here is skipped.
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
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, shape

warnings.filterwarnings("ignore", message=r"Unknown pytest\.mark\.slow", category=pytest.PytestUnknownMarkWarning)

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
SCRIPTS = REPO / "scripts"
GEOD = Geod(ellps="WGS84")
REGION = ["KAZ", "KGZ", "UZB", "TKM", "TJK", "AFG", "CHN", "RUS"]
# Every border vertex and every segment midpoint lies within this of both countries' polygon
# boundaries (measured: vertices 0 m except one vertex of kaz-rus and kaz-chn moved by 1e-5 deg
# (~1 m) when the polygons were snapped to the 1e-5 deg grid; midpoints <= 0.9 m, where an edge of
# the line steps over a vertex that only one outline has).
LINE_POLYGON_TOLERANCE_M = 2.0
M_PER_DEG = 111_700.0  # upper bound of the length of a degree (of latitude) on WGS84: planar-degree bound
KAZ_KGZ_KM = 1146.0
LICENCE = "ODbL 1.0, © OpenStreetMap contributors"
PAIR = re.compile(r"\[(-?\d+\.\d+),(-?\d+\.\d+)\]")


def load(name):
    with open(GEODATA / name, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def borders():
    return load("borders.geojson")["features"]


@pytest.fixture(scope="module")
def countries():
    return {f["properties"]["iso3"]: f for f in load("countries.geojson")["features"]}


@pytest.fixture(scope="module")
def curated():
    with open(GEODATA / "curated" / "borders-osm.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def comparison():
    with open(GEODATA / "borders-comparison.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def lines_of(geom):
    return list(getattr(geom, "geoms", [geom]))


# ------------------------------------------------------------------ schema
def test_border_schema_and_ids(borders, curated):
    ids = [f["properties"]["id"] for f in borders]
    assert len(ids) == len(set(ids)), "duplicate border ids"
    assert ids == [r["id"] for r in curated]
    keys = {"id", "name", "country_a", "country_b", "source", "licence", "length_km", "vertices"}
    for f, r in zip(borders, curated):
        p = f["properties"]
        assert set(p) == keys, p["id"]
        assert (p["country_a"], p["country_b"], p["name"]) == (r["country_a"], r["country_b"], r["name"])
        assert p["country_a"] in REGION and p["country_b"] in REGION and p["country_a"] != p["country_b"]
        assert f["geometry"]["type"] in ("LineString", "MultiLineString")


def test_ids_agree_with_natural_earth_file(borders):
    ne = {f["properties"]["id"]: f["properties"] for f in load("borders-ne.geojson")["features"]}
    osm = {f["properties"]["id"]: f["properties"] for f in borders}
    assert set(ne) <= set(osm), "every Natural Earth border must have its OSM counterpart"
    for bid, p in ne.items():
        assert {p["country_a"], p["country_b"]} == {osm[bid]["country_a"], osm[bid]["country_b"]}, bid
    pairs = [frozenset((p["country_a"], p["country_b"])) for p in osm.values()]
    assert len(pairs) == len(set(pairs)), "one feature per country pair"
    for pair in [("UZB", "TKM"), ("KGZ", "CHN"), ("TJK", "CHN")]:
        assert frozenset(pair) in pairs, pair


def test_every_record_has_source_and_licence(borders, countries):
    for f in borders + list(countries.values()):
        p = f["properties"]
        assert p["source"].strip() and "omim-data-borders 10.3.0rc2" in p["source"], p
        assert p["licence"] == LICENCE, p


def test_coordinates_have_poly_precision():
    """The .poly files give 7 significant digits (1e-5 deg here): written with exactly 5 decimals."""
    for name in ("borders.geojson", "countries.geojson"):
        text = (GEODATA / name).read_text(encoding="utf-8")
        pairs = PAIR.findall(text)
        total = sum(int(shapely.get_num_coordinates(shape(f["geometry"]))) for f in json.loads(text)["features"])
        assert len(pairs) == total, name
        assert all(len(x.split(".")[1]) == 5 and len(y.split(".")[1]) == 5 for x, y in pairs), name


def test_length_and_vertex_count(borders):
    for f in borders:
        p, g = f["properties"], shape(f["geometry"])
        assert abs(GEOD.geometry_length(g) / 1000.0 - p["length_km"]) < 0.001, p["id"]
        assert p["vertices"] == shapely.get_num_coordinates(g), p["id"]
        assert g.is_valid and g.is_simple, p["id"]


def test_kaz_kgz_length(borders):
    p = next(f["properties"] for f in borders if f["properties"]["id"] == "kaz-kgz")
    assert abs(p["length_km"] - KAZ_KGZ_KM) <= 0.01 * KAZ_KGZ_KM, p["length_km"]


def test_borders_are_single_lines_meeting_at_tripoints(borders):
    """Each border is one line here (the outlines have no enclaves); endpoints are tripoints shared
    with another border or the Caspian-shore ends of kaz-rus and kaz-tkm."""
    ends = {}
    for f in borders:
        g = shape(f["geometry"])
        assert g.geom_type == "LineString", f["properties"]["id"]
        for q in (g.coords[0], g.coords[-1]):
            ends.setdefault(q, []).append(f["properties"]["id"])
    lonely = sorted(ids[0] for q, ids in ends.items() if len(ids) == 1)
    # kaz-rus, kaz-tkm: Caspian ends; rus-chn, kaz-rus, kaz-chn ... end at tripoints with Mongolia or
    # countries outside the set (afg-tkm: Iran; afg-chn: Pakistan; rus-chn: Mongolia)
    assert lonely == sorted(["kaz-rus", "kaz-tkm", "afg-tkm", "afg-chn", "rus-chn"]), lonely


# ------------------------------------------------------------------ countries
def test_country_polygons_valid(countries):
    assert list(countries) == REGION
    for iso, f in countries.items():
        p = f["properties"]
        assert set(p) == {"iso3", "name", "source", "licence"}
        g = shape(f["geometry"])
        assert isinstance(g, MultiPolygon) and g.is_valid and not g.is_empty, iso
        for poly in g.geoms:
            assert poly.exterior.is_ccw, iso
            assert all(not r.is_ccw for r in poly.interiors), iso
    polys = {iso: shape(f["geometry"]) for iso, f in countries.items()}
    for f in load("borders.geojson")["features"]:  # neighbours overlap by slivers at most
        a, b = polys[f["properties"]["country_a"]], polys[f["properties"]["country_b"]]
        assert a.intersection(b).area < 1e-4, f["properties"]["id"]


def test_country_polygons_cover_their_border_lines(borders, countries):
    boundaries = {iso: shape(f["geometry"]).boundary for iso, f in countries.items()}
    for b in boundaries.values():
        shapely.prepare(b)
    for f in borders:
        p, g = f["properties"], shape(f["geometry"])
        c = shapely.get_coordinates(g)
        probes = shapely.points(np.vstack([c, (c[:-1] + c[1:]) / 2.0]))
        for iso in (p["country_a"], p["country_b"]):
            boundary = boundaries[iso]
            ok = shapely.dwithin(boundary, probes, LINE_POLYGON_TOLERANCE_M / M_PER_DEG)
            assert ok.all(), (p["id"], iso, shapely.get_coordinates(probes[~ok])[:5])


def test_point_in_country_agrees_with_the_lines(borders, countries):
    """Just off the middle of each border line, 300 m to either side, lies one of its two countries
    and only that one."""
    polys = {iso: shape(f["geometry"]) for iso, f in countries.items()}
    for f in borders:
        p, g = f["properties"], shape(f["geometry"])
        c = np.asarray(g.coords)
        k = len(c) // 2
        (lon1, lat1), (lon2, lat2) = c[k - 1], c[k]
        az, _, _ = GEOD.inv(lon1, lat1, lon2, lat2)
        mlon, mlat, _ = GEOD.fwd(lon1, lat1, az, GEOD.inv(lon1, lat1, lon2, lat2)[2] / 2)
        found = set()
        for side in (90.0, -90.0):
            qlon, qlat, _ = GEOD.fwd(mlon, mlat, az + side, 300.0)
            inside = [iso for iso, poly in polys.items() if poly.contains(Point(qlon, qlat))]
            assert len(inside) == 1, (p["id"], side, inside)
            found.add(inside[0])
        assert found == {p["country_a"], p["country_b"]}, (p["id"], found)


def test_no_border_vertex_in_the_caspian_per_natural_earth(borders):
    """Independent of GSHHG: every vertex lies on land in the Natural Earth country polygons
    (countries-ne.geojson, Caspian outside) or within 2 km of them (their generalisation)."""
    ne = shapely.unary_union([shape(f["geometry"]) for f in load("countries-ne.geojson")["features"]])
    shapely.prepare(ne)
    for f in borders:
        pts = shapely.points(shapely.get_coordinates(shape(f["geometry"])))
        ok = shapely.dwithin(ne, pts, 2000.0 / M_PER_DEG)
        assert ok.all(), (f["properties"]["id"], shapely.get_coordinates(pts[~ok])[:5])


# ------------------------------------------------------------------ comparison table
def test_comparison_csv(borders, comparison):
    osm = {f["properties"]["id"]: f["properties"] for f in borders}
    ne = {f["properties"]["id"]: f["properties"] for f in load("borders-ne.geojson")["features"]}
    rows = {(r["id"], r["source"]): r for r in comparison}
    assert len(rows) == len(comparison)
    for bid, p in osm.items():
        r = rows[(bid, "osm")]
        assert int(r["vertices"]) == p["vertices"] and float(r["length_km"]) == round(p["length_km"], 1)
        for src in ("gshhg-wdbii", "dcw"):
            assert (bid, src) in rows, (bid, src)
        if bid in ne:
            r = rows[(bid, "ne10m")]
            assert int(r["vertices"]) == ne[bid]["vertices"]
            assert float(r["length_km"]) == round(ne[bid]["length_km"], 1)
    for r in comparison:
        med, p90, mx = float(r["median_km_to_osm"]), float(r["p90_km_to_osm"]), float(r["max_km_to_osm"])
        assert 0.0 <= med <= p90 <= mx, r
        if r["source"] != "osm":
            assert mx <= 45.0, r  # 25 km assignment tolerance + enclave rings (NE kgz-uzb: 42 km)
    kk = rows[("kaz-kgz", "gshhg-wdbii")], rows[("kaz-kgz", "dcw")], rows[("kaz-kgz", "ne10m")]
    assert all(float(r["median_km_to_osm"]) < 1.5 for r in kk)


def test_readme_carries_the_comparison_table(comparison):
    sys.path.insert(0, str(SCRIPTS))
    import geodata_osm
    import regenerate_geodata as rg
    text = (GEODATA / "README.md").read_text(encoding="utf-8")
    assert rg.readme_with_table(text, geodata_osm.render_table(comparison)) == text
    assert "ODbL" in text and "© OpenStreetMap contributors" in text
    for name in ("borders.geojson", "countries.geojson", "borders-comparison.csv"):
        assert name in rg.DERIVED, name


# ------------------------------------------------------------------ against the inputs (slow)
@pytest.fixture(scope="module")
def inputs():
    sys.path.insert(0, str(SCRIPTS))
    import geodata_osm
    import regenerate_geodata as rg
    cache = Path(rg.os.environ.get("NORTHERNROUTE_GEODATA_CACHE", Path.home() / ".cache" / "northernroute-geodata"))
    polys = geodata_osm.read_polys(rg, cache)
    caspian, _, _ = geodata_osm.read_gshhg(rg, cache)
    return geodata_osm, polys, caspian


@pytest.mark.slow
def test_border_vertices_are_shared_vertices_of_both_outlines(borders, inputs):
    osm, polys, _ = inputs
    owners = {iso: [n for n, p in polys.items() if n in names] for iso, names in osm.PIECES.items()}
    owners["RUS"] = [n for n in polys if n.startswith("Russia_")]
    for f in borders:
        p = f["properties"]
        sets = []
        for iso in (p["country_a"], p["country_b"]):
            sets.append({(x, y) for n in owners[iso] for ring in polys[n] for x, y in ring})
        for line in lines_of(shape(f["geometry"])):
            for lon, lat in line.coords:
                v = (round(lon * 1e5), round(lat * 1e5))
                assert v in sets[0] and v in sets[1], (p["id"], lon, lat)


@pytest.mark.slow
def test_no_piece_runs_in_the_caspian(borders, inputs):
    _, _, caspian = inputs
    shapely.prepare(caspian)
    for f in borders:
        c = shapely.get_coordinates(shape(f["geometry"]))
        segs = shapely.linestrings(np.stack([c[:-1], c[1:]], axis=1))
        assert not shapely.intersects(caspian, segs).any(), f["properties"]["id"]


@pytest.mark.slow
def test_country_polygons_exclude_the_caspian(countries, inputs):
    """No part of a country polygon reaches more than 2e-5 deg (~2 m) into the Caspian: the
    snapping to the 1e-5 deg grid moves the GSHHG shore vertices by up to ~0.7 m."""
    _, _, caspian = inputs
    inner = caspian.buffer(-2e-5)
    for iso, f in countries.items():
        assert not shape(f["geometry"]).intersects(inner), iso
