"""`-o FILE.gpkg` checked with GDAL and QGIS, against the same command's GeoJSON folder.

Every command that writes layers (gaps, seizures, corridor, plan, layers) runs twice on the
embedded data: into a folder (GeoJSON, the default) and into a GeoPackage. Then:

* GDAL's own GeoPackage validator (`validate_gpkg.py`, Debian python3-gdal) accepts the file, and
  `ogrinfo` opens every table and finds its R-tree (`HasSpatialIndex(t, 'geom')` = 1);
* every table holds exactly the features of its GeoJSON layer (a mixed file's lines and polygons
  are two tables, `<t>_line` and `<t>_polygon`): the geometry decoded from the GeoPackage blob by
  shapely has the same coordinates, bit for bit (tolerance 0), and every property has the same
  value in its typed column (JSON text for arrays and objects);
* headless QGIS opens every table with the style stored in `layer_styles` as its default (the same
  renderer and symbol colours as that QML loaded explicitly; for categorised and graduated styles
  a renderer QGIS would not choose by itself), with the GeoJSON's feature count; the project stored
  in the GeoPackage loads every layer from it and renders a non-blank map;
* an existing GeoPackage is replaced only as a whole: a run that fails while writing (a file-size
  limit) leaves it byte for byte and leaves no temporary file; an output that is a folder or
  inside geodata is refused with one line.
"""
from __future__ import annotations

import json
import re
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
import shapely.geometry

from folder_layers import expected_tables
from nroute_tool import nroute_binary
from test_qgis_project import ENV, qgis_python

REPO = Path(__file__).resolve().parents[2]
GPKG_CHECK = REPO / "scripts" / "qgis_gpkg_check.py"
VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")

COMMANDS = {
    "gaps": ["gaps", "--border", "kgz"],
    "seizures": ["seizures"],
    "corridor": ["corridor"],
    "plan": ["plan", "--border", "kgz", "--new-posts", "3", "--no-curve"],
    "layers": ["layers", "--border", "kgz"],
}


def run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(nroute_binary()), *args], cwd=REPO, capture_output=True, text=True, timeout=1800, **kw)


def blob_geometry(blob: bytes):
    """A GeoPackage binary geometry decoded by shapely: header checked, envelope skipped."""
    assert blob[:2] == b"GP" and blob[2] == 0, "not a GeoPackage geometry blob"
    flags = blob[3]
    assert flags & 1, "byte order: little-endian expected"
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    srs = int.from_bytes(blob[4:8], "little")
    assert srs == 4326
    return shapely.from_wkb(blob[8 + envelope:])


def same_value(column_value, json_value) -> bool:
    if json_value is None:
        return column_value is None
    if isinstance(json_value, bool):
        return column_value == int(json_value)
    if isinstance(json_value, (int, float)):
        return isinstance(column_value, (int, float)) and float(column_value) == float(json_value)
    if isinstance(json_value, str):
        return column_value == json_value
    return json.loads(column_value) == json_value


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """command -> (folder output, GeoPackage)."""
    base = tmp_path_factory.mktemp("gpkg")
    result = {}
    for name, args in COMMANDS.items():
        folder, gpkg = base / f"{name}-folder", base / f"{name}-gpkg" / f"{name}.gpkg"
        for target in (folder, gpkg):
            r = run([*args, "-o", str(target)])
            assert r.returncode == 0, f"nroute {' '.join(args)} -o {target} failed ({r.returncode}):\n{r.stderr}"
        result[name] = (folder, gpkg)
    return result


def gdal_python() -> str:
    for c in [sys.executable, "/usr/bin/python3"]:
        if subprocess.run([c, "-c", "import osgeo.ogr"], capture_output=True).returncode == 0:
            return c
    pytest.skip("no python with GDAL's bindings (Debian: apt-get install python3-gdal)")


@pytest.mark.parametrize("command", COMMANDS)
def test_gdal_validates_the_geopackage(outputs, command):
    if not VALIDATOR.is_file():
        pytest.skip(f"{VALIDATOR} missing (Debian: apt-get install python3-gdal)")
    gpkg = outputs[command][1]
    r = subprocess.run([gdal_python(), str(VALIDATOR), str(gpkg)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"validate_gpkg.py rejects {gpkg}:\n{r.stdout}\n{r.stderr}"


@pytest.mark.parametrize("command", COMMANDS)
def test_ogrinfo_finds_every_table_and_its_spatial_index(outputs, command):
    folder, gpkg = outputs[command]
    expected = expected_tables(folder)
    r = subprocess.run(["ogrinfo", "-ro", "-q", str(gpkg)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    listed = {m.group(1) for m in re.finditer(r"^\d+: (\S+)", r.stdout, re.M)} - {"layer_styles"}
    assert listed == set(expected), f"ogrinfo lists {sorted(listed)}, the folder has {sorted(expected)}"
    for table, features in expected.items():
        r = subprocess.run(["ogrinfo", "-ro", "-q", str(gpkg), "-sql", f"SELECT HasSpatialIndex('{table}', 'geom')"],
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0 and re.search(r"HasSpatialIndex\S* \(Integer\) = 1", r.stdout), f"{table}: no R-tree\n{r.stdout}{r.stderr}"
        r = subprocess.run(["ogrinfo", "-ro", "-so", str(gpkg), table], capture_output=True, text=True, timeout=600)
        assert f"Feature Count: {len(features)}" in r.stdout, f"{table}: GDAL counts differ from {len(features)}\n{r.stdout}"


@pytest.mark.parametrize("command", COMMANDS)
def test_tables_hold_the_geojson_features_exactly(outputs, command):
    folder, gpkg = outputs[command]
    expected = expected_tables(folder)
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10300
        for table, features in expected.items():
            cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY fid')
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            assert len(rows) == len(features), f"{table}: {len(rows)} rows, GeoJSON {len(features)}"
            assert names[:2] == ["fid", "geom"]
            for row, feature in zip(rows, features):
                values = dict(zip(names, row))
                g = blob_geometry(values["geom"])
                ref = shapely.geometry.shape(feature["geometry"])
                assert g.geom_type in (ref.geom_type, "Multi" + ref.geom_type), f"{table}: {g.geom_type} for {ref.geom_type}"
                assert np.array_equal(shapely.get_coordinates(g), shapely.get_coordinates(ref)), f"{table}: coordinates differ"
                for key, value in (feature["properties"] or {}).items():
                    assert key in values, f"{table}: no column {key}"
                    assert same_value(values[key], value), f"{table}.{key}: {values[key]!r} in the GeoPackage, {value!r} in GeoJSON"


def test_non_layer_files_go_beside_the_geopackage(outputs):
    folder, gpkg = outputs["corridor"]
    beside = sorted(p.name for p in gpkg.parent.iterdir())
    assert beside == sorted([gpkg.name] + [p.name for p in folder.iterdir() if p.suffix != ".geojson"])
    _, seizures = outputs["seizures"]
    assert sorted(p.name for p in seizures.parent.iterdir()) == [seizures.name], "the seizures table replaces the CSV"


@pytest.fixture(scope="module")
def qgis_report(outputs, tmp_path_factory) -> dict:
    python = qgis_python()
    if python is None:
        pytest.skip("QGIS Python bindings not importable (Debian: apt-get install python3-qgis)")
    png = tmp_path_factory.mktemp("gpkg-render") / "project.png"
    gpkg = outputs["layers"][1]
    r = subprocess.run([python, str(GPKG_CHECK), str(gpkg), "--project", "northern-route", "--png", str(png)],
                       env=ENV, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f"qgis_gpkg_check.py failed ({r.returncode}):\n{r.stderr[-4000:]}"
    return json.loads(r.stdout)


def test_qgis_opens_every_table_with_its_stored_style(outputs, qgis_report):
    expected = expected_tables(outputs["layers"][0])
    tables = {t["table"]: t for t in qgis_report["tables"]}
    assert set(tables) == set(expected)
    styled = 0
    for name, t in tables.items():
        assert t["valid"] and t["crs"] == "EPSG:4326", t
        assert t["features"] == len(expected[name]), f"{name}: QGIS counts {t['features']}, GeoJSON {len(expected[name])}"
        assert t["stored_style_loaded"], f"{name}: the stored QML does not load"
        assert t["styles_in_database"] == 1, f"{name}: QGIS lists {t['styles_in_database']} styles in the GeoPackage"
        assert (t["renderer"], t["colours"]) == (t["stored_renderer"], t["stored_colours"]), \
            f"{name}: QGIS applied {t['renderer']} {t['colours']}, the stored style is {t['stored_renderer']} {t['stored_colours']}"
        if t["stored_renderer"] != "singleSymbol":
            assert t["bare_renderer"] == "singleSymbol"
            styled += 1
    assert styled >= 5, "gaps, checkpoints, seizures, crossings and borders are classified"


def test_qgis_project_in_the_geopackage_loads_and_renders(outputs, qgis_report):
    p = qgis_report["project"]
    assert p["loaded"], "QgsProject.read(geopackage:…?projectName=northern-route) failed"
    gpkg = outputs["layers"][1]
    expected = expected_tables(outputs["layers"][0])
    assert len(p["layers"]) == len(expected)
    for layer in p["layers"]:
        assert layer["valid"], f"{layer['name']}: invalid ({layer['source']})"
        path, _, table = layer["source"].partition("|layername=")
        assert Path(path).resolve() == gpkg.resolve() and table in expected, layer["source"]
        assert layer["features"] == len(expected[table])
    render = p["render"]
    assert not render["errors"], render["errors"]
    assert render["distinct_colours"] > 100 and render["non_background_share"] > 0.5, render


def test_failed_run_leaves_the_existing_geopackage_whole(tmp_path):
    gpkg = tmp_path / "nr.gpkg"
    r = run(["gaps", "--border", "kgz", "-o", str(gpkg)])
    assert r.returncode == 0, r.stderr
    before = gpkg.read_bytes()

    def limit():  # writes beyond 64 KiB fail with EFBIG instead of killing the process
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    r = run(["layers", "--border", "kgz", "-o", str(gpkg)], preexec_fn=limit)
    assert r.returncode == 74, f"expected the I/O status 74, got {r.returncode}: {r.stderr}"
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and str(gpkg) in lines[0], r.stderr
    assert gpkg.read_bytes() == before, "the existing GeoPackage was changed by a failed run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nr.gpkg"], "temporary files left behind"

    r = run(["gaps", "--border", "kgz", "--post-radius-km", "20", "-o", str(gpkg)])
    assert r.returncode == 0, r.stderr
    assert gpkg.read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nr.gpkg"]


def test_refused_outputs_get_one_line(tmp_path):
    folder = tmp_path / "x.gpkg"
    folder.mkdir()
    r = run(["gaps", "-o", str(folder)])
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1 and "directory" in r.stderr, r.stderr
    r = run(["gaps", "-o", str(REPO / "geodata" / "x.gpkg")])
    assert r.returncode == 64 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not (REPO / "geodata" / "x.gpkg").exists()


def test_awkward_property_names_and_mixed_values(tmp_path):
    """A user's seizure file whose columns clash with the table's own (`fid`, `GEOM`, two names
    SQLite takes for one) or mix kinds: every column is kept, renamed where it clashes, typed by
    its values (synthetic records, written here)."""
    source = tmp_path / "awkward.geojson"
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [74.6, 42.9]},
         "properties": {"id": "t-1", "fid": 7, "GEOM": "x", "mixed": 12, "flag": True, "tags": ["a", "b"], "drug": "heroin"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [75.1, 42.8]},
         "properties": {"id": "t-2", "fid": 8, "GEOM": None, "mixed": "twelve", "flag": False, "tags": {"k": 1}, "drug": "opium"}},
    ]
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    gpkg = tmp_path / "out" / "s.gpkg"
    r = run(["seizures", "--seizures", str(source), "-o", str(gpkg)])
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
        columns = {row[1]: row[2] for row in db.execute('PRAGMA table_info("seizures")')}
        rows = db.execute('SELECT "fid_2", "GEOM_2", "mixed", "flag", "tags" FROM "seizures" ORDER BY fid').fetchall()
        json_columns = {r[0] for r in db.execute("SELECT column_name FROM gpkg_data_columns WHERE table_name = 'seizures' AND mime_type = 'application/json'")}
    assert columns["fid"] == "INTEGER" and columns["geom"] == "POINT"
    assert (columns["fid_2"], columns["GEOM_2"], columns["mixed"], columns["flag"], columns["tags"]) == ("INTEGER", "TEXT", "TEXT", "BOOLEAN", "TEXT")
    assert rows == [(7, "x", "12", 1, '["a","b"]'), (8, None, "twelve", 0, '{"k":1}')]
    assert json_columns == {"tags"}
    v = subprocess.run([gdal_python(), str(VALIDATOR), str(gpkg)], capture_output=True, text=True, timeout=600)
    assert v.returncode == 0, v.stdout + v.stderr
