"""`nroute layers` checked with real QGIS, not by parsing our own XML.

Runs the built nroute (NROUTE_BIN, else the newest of .build/release, .build/debug and
.build-*/debug that has the `layers` command, else builds it) as `nroute layers --border kgz`
(and `--border all`) into a temporary folder, then:

* every GeoJSON: RFC 7946 by plain json (FeatureCollection, no `crs` member, [lon, lat] in WGS84
  ranges and inside the region, closed rings, exterior rings counter-clockwise, holes clockwise)
  and opened by GDAL (`ogrinfo -ro -so -al`, Debian gdal-bin) with the same feature count;
* the project: opened headless by QGIS 3.22 through scripts/qgis_check.py (run with a python that
  can import `qgis`: Debian's /usr/bin/python3 with python3-qgis, usually not the pyenv/venv python
  running pytest). Every layer must be valid, in the expected order, with the expected feature
  count, geometry type, CRS (EPSG:4326) and renderer; each .qml must load onto its file (also as
  QGIS's automatic default style) and give the same renderer; every layer must paint pixels; the
  whole map is rendered to a PNG whose pixels must not be blank.

Skipped with the reason when QGIS's Python bindings or ogrinfo are not installed:
    apt-get install python3-qgis gdal-bin      (python3-qgis pulls qgis-providers)
Set NROUTE_QGIS_PYTHON to choose the interpreter that has `qgis`.
"""
from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nroute_tool import nroute_binary

REPO = Path(__file__).resolve().parents[2]
QGIS_CHECK = REPO / "scripts" / "qgis_check.py"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

# The Northern Route region: every coordinate of every layer lies in it. A [lat, lon] swap would
# put latitudes of 69-80 (the longitudes of Kyrgyzstan) in the latitude slot and fail.
REGION_LON = (35.0, 100.0)
REGION_LAT = (25.0, 62.0)

# Layers top to bottom as the issue asks: file (and sublayer) -> geometry, renderer, labelled.
KGZ_LAYERS = [
    ("route-crossings.geojson", "Point", "categorizedSymbol", True),
    ("checkpoints.geojson", "Point", "categorizedSymbol", True),
    ("seizures.geojson", "Point", "categorizedSymbol", False),
    ("settlements.geojson", "Point", "singleSymbol", True),
    ("kaz-kgz-gaps.geojson", "Line", "graduatedSymbol", True),
    ("kaz-kgz-coverage.geojson|geometrytype=LineString", "Line", "singleSymbol", False),
    ("kaz-kgz-coverage.geojson|geometrytype=Polygon", "Polygon", "singleSymbol", False),
    ("route.geojson", "Line", "singleSymbol", True),
    ("corridor.geojson", "Polygon", "singleSymbol", False),
    ("borders.geojson", "Line", "categorizedSymbol", False),
    ("rivers.geojson", "Line", "singleSymbol", True),
    ("lakes.geojson", "Polygon", "singleSymbol", True),
    ("countries.geojson", "Polygon", "singleSymbol", True),
]
GEOMETRY_TYPES = {
    "Point": {"Point", "MultiPoint"},
    "Line": {"LineString", "MultiLineString"},
    "Polygon": {"Polygon", "MultiPolygon"},
}
OGR_FILTER = {"LineString": "Line", "Polygon": "Polygon", "Point": "Point"}


# ------------------------------------------------------------------ locating the tools
def qgis_python() -> str | None:
    """An interpreter that can import qgis.core: NROUTE_QGIS_PYTHON, this one, or Debian's."""
    seen = []
    for c in [os.environ.get("NROUTE_QGIS_PYTHON"), sys.executable, "/usr/bin/python3", shutil.which("python3")]:
        if not c or c in seen or not Path(c).exists():
            continue
        seen.append(c)
        try:
            r = subprocess.run([c, "-c", "import qgis.core"], env=ENV, capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if r.returncode == 0:
            return c
    return None


def run_layers(out: Path, border: str) -> subprocess.CompletedProcess:
    r = subprocess.run([str(nroute_binary()), "layers", "--border", border, "-o", str(out)], cwd=REPO,
                       capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, f"nroute layers --border {border} failed ({r.returncode}):\n{r.stderr}\n{r.stdout[-2000:]}"
    return r


def qgis_report(out: Path) -> dict:
    python = qgis_python()
    if python is None:
        pytest.skip("QGIS Python bindings not importable by NROUTE_QGIS_PYTHON, this python or /usr/bin/python3 "
                    "(Debian: apt-get install python3-qgis)")
    r = subprocess.run([python, str(QGIS_CHECK), str(out / "northern-route.qgs"), "--png", str(out / "qgis-render.png")],
                       env=ENV, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f"qgis_check.py failed ({r.returncode}):\n{r.stderr[-4000:]}"
    return json.loads(r.stdout)


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def kgz(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("layers-kgz")
    run_layers(out, "kgz")
    return out


@pytest.fixture(scope="module")
def kgz_qgis(kgz) -> dict:
    return qgis_report(kgz)


@pytest.fixture(scope="module")
def all_borders(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("layers-all")
    run_layers(out, "all")
    return out


# ------------------------------------------------------------------ helpers
def load(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def key_of(source: str, folder: Path) -> str:
    """'…/out/kaz-kgz-coverage.geojson|geometrytype=Polygon' -> 'kaz-kgz-coverage.geojson|geometrytype=Polygon'."""
    path, _, rest = source.partition("|")
    rel = os.path.relpath(path, folder)
    return rel + ("|" + rest if rest else "")


def expected_count(folder: Path, key: str) -> int:
    file, _, rest = key.partition("|")
    features = load(folder / file)["features"]
    if not rest:
        return len(features)
    kind = OGR_FILTER[rest.split("=", 1)[1]]
    return sum(1 for f in features if f["geometry"] and f["geometry"]["type"] in GEOMETRY_TYPES[kind])


def positions(geometry):
    t, c = geometry["type"], geometry.get("coordinates")
    if t == "Point":
        yield c
    elif t in ("MultiPoint", "LineString"):
        yield from c
    elif t in ("MultiLineString", "Polygon"):
        for part in c:
            yield from part
    elif t == "MultiPolygon":
        for poly in c:
            for ring in poly:
                yield from ring
    elif t == "GeometryCollection":
        for g in geometry["geometries"]:
            yield from positions(g)


def polygons(geometry):
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def shoelace(ring) -> float:
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def border_bbox(folder: Path, ids) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for f in load(folder / "borders.geojson")["features"]:
        if f["properties"]["id"] in ids:
            for lon, lat, *_ in positions(f["geometry"]):
                xs.append(lon)
                ys.append(lat)
    return min(xs), min(ys), max(xs), max(ys)


# ------------------------------------------------------------------ the files
def test_every_output_is_written(kgz):
    for key, *_ in KGZ_LAYERS:
        file = key.split("|")[0]
        assert (kgz / file).is_file(), file
        assert (kgz / file).with_suffix(".qml").is_file(), f"no style beside {file}"
    assert (kgz / "northern-route.qgs").is_file()
    assert (kgz / "northern-route.svg").is_file()
    leftovers = [p.name for p in kgz.iterdir() if p.name.startswith(".") or p.suffix in (".tmp", ".part")]
    assert not leftovers, f"temporary files left behind: {leftovers}"


def test_geojson_is_rfc7946(kgz):
    for path in sorted(kgz.glob("*.geojson")):
        doc = load(path)
        assert doc["type"] == "FeatureCollection", path.name
        assert "crs" not in doc, f"{path.name}: RFC 7946 has no crs member"
        for i, f in enumerate(doc["features"]):
            where = f"{path.name} feature {i}"
            assert f["type"] == "Feature" and "crs" not in f, where
            assert isinstance(f.get("properties"), (dict, type(None))), where
            g = f["geometry"]
            if g is None:
                continue
            assert "crs" not in g, where
            for p in positions(g):
                assert len(p) in (2, 3) and all(isinstance(v, (int, float)) and math.isfinite(v) for v in p), where
                lon, lat = p[0], p[1]
                assert -180 <= lon <= 180 and -90 <= lat <= 90, f"{where}: {p} outside WGS84 ranges"
                assert REGION_LON[0] <= lon <= REGION_LON[1] and REGION_LAT[0] <= lat <= REGION_LAT[1], \
                    f"{where}: {p} outside the region (longitude, latitude order?)"
            for poly in polygons(g):
                for k, ring in enumerate(poly):
                    assert len(ring) >= 4 and ring[0] == ring[-1], f"{where}: ring {k} not closed"
                    area = shoelace(ring)
                    if k == 0:
                        assert area > 0, f"{where}: exterior ring is clockwise (area {area})"
                    else:
                        assert area < 0, f"{where}: hole {k} is counter-clockwise (area {area})"


def test_longitude_comes_first(kgz):
    # The Kazakh-Kyrgyz border runs east-west at about 42.5-43.5 N between about 69 and 81 E.
    lon0, lat0, lon1, lat1 = border_bbox(kgz, {"kaz-kgz"})
    assert 68 < lon0 < lon1 < 82 and 42 < lat0 < lat1 < 44
    for f in load(kgz / "checkpoints.geojson")["features"]:
        lon, lat = f["geometry"]["coordinates"][:2]
        assert 69 < lon < 81 and 42 < lat < 44, f["properties"]["name"]


def test_gdal_opens_every_geojson(kgz):
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is None:
        pytest.skip("ogrinfo not installed (Debian: apt-get install gdal-bin)")
    for path in sorted(kgz.glob("*.geojson")):
        r = subprocess.run([ogrinfo, "-ro", "-so", "-al", str(path)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"ogrinfo {path.name}: {r.stderr}"
        assert "using driver `GeoJSON' successful" in r.stdout, path.name
        m = re.search(r"Feature Count: (\d+)", r.stdout)
        assert m and int(m.group(1)) == len(load(path)["features"]), f"{path.name}: {r.stdout}"
        assert "ERROR" not in r.stderr, f"{path.name}: {r.stderr}"


def test_svg_map(kgz):
    root = ET.parse(kgz / "northern-route.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert float(root.get("width")) > 800 and float(root.get("height")) > 500
    texts = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "Kazakhstan" in texts and "Legend" in texts and "km" in texts
    for name in ["Gaps", "Checkpoints", "Seizures", "Route crossings", "Borders"]:
        assert name in texts, f"legend lacks {name}"
    groups = {g.get("id") for g in root.iter(f"{ns}g") if g.get("id")}
    for layer in ["gaps_kaz_kgz", "checkpoints", "countries", "borders"]:
        assert layer in groups, f"layer {layer} not drawn"


# ------------------------------------------------------------------ QGIS
def test_qgis_opens_the_project(kgz, kgz_qgis):
    p = kgz_qgis["project"]
    assert p["read"], "QgsProject.read() failed"
    assert kgz_qgis["qgis_version"].startswith("3.")
    assert p["absolute_paths"] is False
    assert p["crs"]["valid"], p["crs"]
    assert p["crs"]["authid"] == "EPSG:4326" or not p["crs"]["geographic"], "display CRS: EPSG:4326 or projected"
    assert p["ellipsoid"] == "EPSG:7030", "measurements on the WGS84 ellipsoid"
    text = (kgz / "northern-route.qgs").read_text(encoding="utf-8")
    assert str(kgz) not in text, "the project must load its layers by relative path"
    for ds in re.findall(r"<datasource>([^<]*)</datasource>", text):
        assert ds.startswith("./"), ds


def test_layers_order_and_sources(kgz, kgz_qgis):
    keys = [key_of(l["source"], kgz) if l.get("source") else l["name"] for l in kgz_qgis["layers"]]
    assert keys == [k for k, *_ in KGZ_LAYERS]


def test_every_layer_is_valid_as_expected(kgz, kgz_qgis):
    expected = {k: (g, r, lab) for k, g, r, lab in KGZ_LAYERS}
    for layer in kgz_qgis["layers"]:
        key = key_of(layer["source"], kgz)
        geometry, renderer, labelled = expected[key]
        assert layer["loaded"] and layer["valid"], f"{key}: not valid in QGIS"
        assert layer["provider"] == "ogr", key
        assert layer["checked"], f"{key}: hidden"
        assert layer["crs"]["authid"] == "EPSG:4326", f"{key}: CRS {layer['crs']}"
        assert layer["geometry_type"] == geometry, f"{key}: {layer['geometry_type']}"
        assert layer["feature_count"] == expected_count(kgz, key), f"{key}: {layer['feature_count']} features"
        assert layer["feature_count"] > 0, f"{key}: empty"
        assert layer["renderer"] == renderer, f"{key}: renderer {layer['renderer']}"
        assert layer["labels_enabled"] == labelled, f"{key}: labels {layer['labels_enabled']}"
        assert not layer["render_errors"], f"{key}: {layer['render_errors']}"
        if layer["features_in_view"] > 0:
            assert layer["painted_pixels"] > 0, f"{key}: {layer['features_in_view']} features in view, nothing painted"
        assert layer["map_tip"], f"{key}: no map tip"


def test_styles_make_the_map_readable(kgz, kgz_qgis):
    by_key = {key_of(l["source"], kgz): l for l in kgz_qgis["layers"]}

    gaps = by_key["kaz-kgz-gaps.geojson"]
    assert gaps["class_attribute"] == "length_km"
    ranges = gaps["ranges"]
    assert 3 <= len(ranges) <= 6
    lengths = [f["properties"]["length_km"] for f in load(kgz / "kaz-kgz-gaps.geojson")["features"]]
    assert ranges[0]["lower"] <= min(lengths) and max(lengths) <= ranges[-1]["upper"], "every gap in a class"
    assert all(a["upper"] == b["lower"] for a, b in zip(ranges, ranges[1:])), "contiguous classes"
    assert [r["width"] for r in ranges] == sorted(r["width"] for r in ranges) and ranges[0]["width"] < ranges[-1]["width"], \
        "longer gaps drawn thicker"

    def rgb(h):
        return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)
    first, last = rgb(ranges[0]["colour"]), rgb(ranges[-1]["colour"])
    assert first[0] > 200 and first[1] > 150, f"short gaps yellow, not {ranges[0]['colour']}"
    assert last[0] > 150 and last[1] < 60, f"long gaps red, not {ranges[-1]['colour']}"
    assert gaps["label_pixels"] > 0, "gap labels (rank, length) drawn"

    cps = by_key["checkpoints.geojson"]
    assert cps["class_attribute"] == "regime_label"
    values = {c["value"] for c in cps["categories"]}
    for f in load(kgz / "checkpoints.geojson")["features"]:
        assert f["properties"]["regime_label"] in values, f["properties"]
    assert cps["label_pixels"] > 0, "checkpoint names drawn"

    sz = by_key["seizures.geojson"]
    assert sz["class_attribute"] == "drug"
    assert sz["data_defined_size"], "seizure size from the amount"
    drugs = {c["value"] for c in sz["categories"]}
    seizures = load(kgz / "seizures.geojson")["features"]
    for f in seizures:
        assert f["properties"].get("drug") in drugs, f["properties"].get("drug")
        assert "checkpoint_distance_km" in f["properties"] and "border_distance_km" in f["properties"]
    # QGIS's own evaluation of the size: bigger amount, bigger circle; no mass, the smallest.
    sizes = sz["marker_sizes"]
    # The amount in kg, worked out here from the record's own amount and unit (mass units only).
    per_kg = {"kg": 1, "kilogram": 1, "kilograms": 1, "g": 0.001, "t": 1000, "tonne": 1000, "tonnes": 1000}

    def kilograms(p):
        unit = (p.get("unit") or "").strip().lower()
        return p["amount"] * per_kg[unit] if p.get("amount") is not None and unit in per_kg else None

    amounts = {f["properties"]["id"]: kilograms(f["properties"]) for f in seizures}
    assert set(sizes) == set(amounts)
    with_mass = sorted((a, sizes[i]) for i, a in amounts.items() if a)
    assert len(with_mass) >= 2
    assert [s for _, s in with_mass] == sorted(s for _, s in with_mass) and with_mass[0][1] < with_mass[-1][1]
    smallest = min(sizes.values())
    assert all(sizes[i] == smallest for i, a in amounts.items() if not a)

    circles = by_key["kaz-kgz-coverage.geojson|geometrytype=Polygon"]
    translucency = circles["opacity"] * circles["symbol"]["opacity"]
    assert translucency < 0.5, f"coverage must be translucent, opacity {translucency}"

    assert by_key["borders.geojson"]["class_attribute"] == "role"
    assert by_key["route-crossings.geojson"]["label_pixels"] > 0


def test_qml_files_load_in_qgis(kgz_qgis):
    project = {l["source"].split("|")[0]: l for l in kgz_qgis["layers"]}
    assert len(kgz_qgis["styles"]) == len({k.split("|")[0] for k, *_ in KGZ_LAYERS})
    for style in kgz_qgis["styles"]:
        assert style["qml_exists"], style["file"]
        for v in style["variants"]:
            where = f"{style['qml']} on {style['file']}{v['suffix']}"
            assert v["valid"] and v["loaded"], f"{where}: {v['message']}"
            assert v["default_style_renderer"] == v["renderer"], f"{where}: QGIS did not auto-load the .qml"
            if not v["suffix"]:
                layer = next(l for s, l in project.items() if s.endswith("/" + style["file"]))
                assert v["renderer"] == layer["renderer"], f"{where}: {v['renderer']} vs the project's {layer['renderer']}"


def test_view_extent_is_the_border_with_margin(kgz, kgz_qgis):
    x0, y0, x1, y1 = kgz_qgis["project"]["view_extent_wgs84"]
    b0, c0, b1, c1 = border_bbox(kgz, {"kaz-kgz"})
    assert x0 < b0 and y0 < c0 and x1 > b1 and y1 > c1, "the whole border in view, with a margin"
    assert (x1 - x0) < 2 * (b1 - b0) and (y1 - y0) < 8 * (c1 - c0) + 2, "zoomed on the border"


def test_rendered_map_is_not_blank(kgz, kgz_qgis):
    r = kgz_qgis["render"]
    assert not r["errors"], r["errors"]
    assert Path(r["png"]).is_file() and Path(r["png"]).stat().st_size > 10_000
    assert r["width"] == 1600 and r["height"] > 400
    assert len(r["layers"]) == len(KGZ_LAYERS)
    assert r["non_background_share"] > 0.3, r
    assert r["distinct_colours"] >= 200, r


def test_all_borders_project(all_borders):
    report = qgis_report(all_borders)
    assert report["project"]["read"]
    borders = [f["properties"]["id"] for f in load(all_borders / "borders.geojson")["features"]]
    groups = {}
    for layer in report["layers"]:
        key = key_of(layer["source"], all_borders)
        assert layer["loaded"] and layer["valid"], key
        assert layer["crs"]["authid"] == "EPSG:4326", key
        assert layer["feature_count"] == expected_count(all_borders, key), key
        assert not layer["render_errors"], key
        groups.setdefault(layer["group"], []).append(key)
    assert sorted(groups["Gaps"]) == sorted(f"{b}-gaps.geojson" for b in borders)
    assert f"{borders[0]}-coverage.geojson|geometrytype=LineString" in groups["Coverage"]
    for style in report["styles"]:
        for v in style["variants"]:
            assert v["loaded"], f"{style['qml']}: {v['message']}"
    x0, y0, x1, y1 = report["project"]["view_extent_wgs84"]
    b0, c0, b1, c1 = border_bbox(all_borders, set(borders))
    assert x0 < b0 and y0 < c0 and x1 > b1 and y1 > c1
    assert report["render"]["distinct_colours"] >= 200 and not report["render"]["errors"]


# ------------------------------------------------------------------ map context and attribution
def geodata_licences(name: str) -> set[str]:
    """The `licence` values of a geodata file (GeoJSON properties or CSV column)."""
    path = REPO / "geodata" / name
    if path.suffix == ".csv":
        import csv
        with open(path, encoding="utf-8", newline="") as f:
            return {r["licence"] for r in csv.DictReader(f) if r.get("licence")}
    return {f["properties"]["licence"] for f in load(path)["features"] if f["properties"].get("licence")}


def expected_licences(folder: Path) -> dict[str, set[str]]:
    """Layer file -> the licences of the data it shows: the context layers carry theirs in the
    output; borders, countries and settlements are geodata's files as they are."""
    out = {name: {f["properties"]["licence"] for f in load(folder / name)["features"] if f["properties"].get("licence")}
           for name in ("lakes.geojson", "rivers.geojson")}
    out["borders.geojson"] = geodata_licences("borders.geojson")
    out["countries.geojson"] = geodata_licences("countries.geojson")
    out["settlements.geojson"] = geodata_licences("settlements.csv")
    return out


def test_lakes_and_rivers_in_qgis(kgz, kgz_qgis):
    by_key = {key_of(l["source"], kgz): l for l in kgz_qgis["layers"]}
    keys = [key_of(l["source"], kgz) for l in kgz_qgis["layers"]]
    # Context under the borders: borders, rivers, lakes, countries (top to bottom).
    assert keys.index("borders.geojson") < keys.index("rivers.geojson") < keys.index("lakes.geojson") < keys.index("countries.geojson")
    lakes, rivers = by_key["lakes.geojson"], by_key["rivers.geojson"]
    assert lakes["label_expression"] == '"name"' and rivers["label_expression"] == '"name"'
    # Water colours: blue dominates the lake fill and the river line.
    for layer in (lakes, rivers):
        colour = layer["symbol"]["colour"]
        r, g, b = int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
        assert b > r and b > g, f"{layer['name']}: {colour} is not a water colour"
    # A map of Kyrgyzstan shows Issyk-Kul, with its name, and the Chu.
    assert "issyk-kul" in lakes["ids_in_view"], lakes["ids_in_view"]
    assert "chu" in rivers["ids_in_view"], rivers["ids_in_view"]
    assert lakes["painted_pixels"] > 0 and lakes["label_pixels"] > 0
    assert rivers["painted_pixels"] > 0 and rivers["label_pixels"] > 0


def test_attribution_names_the_sources_of_the_layers_shown(kgz, kgz_qgis):
    expected = expected_licences(kgz)
    by_key = {key_of(l["source"], kgz): l for l in kgz_qgis["layers"]}
    for file, licences in expected.items():
        assert licences, f"{file}: geodata records carry no licence"
        assert set(by_key[file]["rights"]) == licences, f"{file}: rights {by_key[file]['rights']} vs {licences}"
        assert set(by_key[file]["licenses"]) == licences, file
        for licence in licences:
            assert licence in by_key[file]["attribution"], file
    label = kgz_qgis["project"]["copyright_label"]
    assert label["enabled"], "the copyright label decoration is on"
    every = set().union(*expected.values())
    for licence in every:
        assert licence in label["label"], f"copyright label lacks {licence!r}: {label['label']!r}"
    # Nothing is credited that no layer shows (derived layers credit the border data they cut).
    credited = {part.split(": ", 1)[1] for part in label["label"].removeprefix("Data: ").split(" | ")}
    assert credited == every, (credited, every)
    if any("OpenStreetMap" in l for l in every):
        assert "© OpenStreetMap contributors" in label["label"]
    svg = ET.parse(kgz / "northern-route.svg").getroot()
    texts = [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    for licence in every:
        assert any(licence in t for t in texts if t.startswith("Data")), f"SVG credits lack {licence!r}"
    groups = [g.get("id") for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("id")]
    # Drawn bottom first: countries, lakes, rivers, borders.
    assert groups.index("countries") < groups.index("lakes") < groups.index("rivers") < groups.index("borders"), groups
