"""The QGIS Processing plugin (qgis-plugin/northernroute), installed and run by real QGIS.

The plugin is zipped by scripts/package_qgis_plugin.py, unpacked into a fresh QGIS profile (a new
QGIS_CUSTOM_CONFIG_PATH), enabled with `qgis_process plugins enable`, and then:

* `qgis_process list` shows the provider and its four algorithms;
* `qgis_process run northernroute:<alg>` of gaps, seizures, corridor and plan on the embedded data
  writes a GeoPackage whose every table is row for row, byte for byte, what `nroute <command>
  -o FILE.gpkg` writes with the same flags (the gaps the same as the CLI's), and the same files
  beside it, and its log's headline (gaps, plan, seizures) carries the CLI's JSON figures; also gaps over a DEM layer, gaps by patrol travel time over geodata's DEM, and the
  plan's travel objective;
* with patrol hours the travel-time GeoTIFF is loaded into the map beside the GeoPackage's layers,
  styled by nroute's .qml;
* a posts layer taken from the map (here a GeoJSON layer GDAL made from geodata's checkpoints.csv)
  is exported by the plugin and gives the gaps `nroute gaps --posts` gives on the same file;
* the nroute program is found on PATH by default, or from the provider's setting in the profile;
* an invalid or unwritable output path, an unknown border, or no nroute at all: one error line in
  the Processing log, a non-zero status, and no file written.

QGIS 3.22's `/usr/bin/qgis_process` wrapper adds a flag 3.22 rejects, so `/usr/bin/qgis_process.bin`
is called directly (Debian package `qgis`).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from nroute_tool import nroute_binary

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")

ALGORITHMS = ["gaps", "seizures", "corridor", "plan"]
# A DEM layer is a copy of geodata's: QGIS writes its statistics (.aux.xml) beside a raster it reads.
DEM = "{dem}"
# case: (algorithm, its Processing parameters, the nroute command line that must write the same tables)
RUNS = {
    "gaps": ("gaps", ["BORDER=kgz"], ["gaps", "--border", "kgz"]),
    "seizures": ("seizures", [], ["seizures"]),
    "corridor": ("corridor", ["HALF_WIDTH_KM=30"], ["corridor", "--half-width-km", "30"]),
    "plan": ("plan", ["NEW_POSTS=3", "NO_CURVE=true"], ["plan", "--border", "kgz", "--new-posts", "3", "--no-curve"]),
    "gaps-terrain": ("gaps", [f"DEM={DEM}", "MAX_ELEVATION_M=3000", "MAX_SLOPE_DEG=15"],
                     ["gaps", "--dem", str(DEM), "--max-elevation-m", "3000", "--max-slope-deg", "15"]),
    "gaps-travel": ("gaps", ["GEODATA_DEM=true", "PATROL_HOURS=4", "SETTLEMENT_HOURS=1.5", "TRAVEL_MODE=1"],
                    ["gaps", "--dem", "geodata", "--patrol-hours", "4", "--settlement-hours", "1.5", "--travel-mode", "horse"]),
    "plan-travel": ("plan", ["NEW_POSTS=3", "NO_CURVE=true", "GEODATA_DEM=true", "PATROL_HOURS=3", "OBJECTIVE=2"],
                    ["plan", "--new-posts", "3", "--no-curve", "--dem", "geodata", "--patrol-hours", "3", "--objective", "travel"]),
}


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> dict:
    if not QGIS_PROCESS.is_file():
        pytest.skip(f"{QGIS_PROCESS} missing (Debian: apt-get install qgis)")
    base = tmp_path_factory.mktemp("qgis-plugin")
    r = subprocess.run(["python3", str(REPO / "scripts" / "package_qgis_plugin.py"), "--out", str(base / "dist")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    archive = Path(r.stdout.strip())
    plugins = base / "config" / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(archive) as z:
        assert all(n.startswith("northernroute/") for n in z.namelist())
        z.extractall(plugins)
    bin_dir = base / "bin"
    bin_dir.mkdir()
    (bin_dir / "nroute").symlink_to(nroute_binary())
    env = {**os.environ, "QGIS_CUSTOM_CONFIG_PATH": str(base / "config"), "QT_QPA_PLATFORM": "offscreen",
           "XDG_RUNTIME_DIR": str(base / "runtime"), "PATH": f"{bin_dir}:/usr/bin:/bin",
           "NROUTE_GEODATA": str(REPO / "geodata")}
    (base / "runtime").mkdir(mode=0o700)
    r = subprocess.run([str(QGIS_PROCESS), "plugins", "enable", "northernroute"], env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"plugins enable failed:\n{r.stdout}\n{r.stderr}"
    return {"base": base, "env": env, "config": base / "config"}


def qgis_process(profile, *args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(QGIS_PROCESS), *args], env=env or profile["env"], capture_output=True, text=True, timeout=1800)


def tables(gpkg: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
        names = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
        return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY fid').fetchall() for t in names}


def error_lines(r: subprocess.CompletedProcess) -> list[str]:
    return sorted({l for l in (r.stdout + r.stderr).splitlines() if l.startswith("ERROR:")})


def side_file(path: Path):
    """A file's bytes; of a CSV, its rows without the solver's wall time (`seconds`), which no two runs share."""
    if path.suffix != ".csv":
        return path.read_bytes()
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    keep = [i for i, name in enumerate(rows[0]) if name != "seconds"]
    return [[row[i] for i in keep] for row in rows]


def test_qgis_process_lists_the_provider(profile):
    r = qgis_process(profile, "list")
    assert r.returncode == 0, r.stderr
    for alg in ALGORITHMS:
        assert f"northernroute:{alg}" in r.stdout, f"northernroute:{alg} not listed:\n{r.stdout[:3000]}"


@pytest.mark.parametrize("case", RUNS)
def test_each_algorithm_writes_what_the_cli_writes(profile, case, tmp_path):
    alg, params, cli = RUNS[case]
    dem = tmp_path / "dem" / "dem-kaz-kgz.tif"
    dem.parent.mkdir()
    shutil.copyfile(REPO / "geodata" / "dem-kaz-kgz.tif", dem)
    params, cli = [a.replace(DEM, str(dem)) for a in params], [a.replace(DEM, str(dem)) for a in cli]
    geodata_before = sorted(p.name for p in (REPO / "geodata").iterdir())
    plugin_out, cli_out = tmp_path / "plugin.gpkg", tmp_path / "cli" / "cli.gpkg"
    run = qgis_process(profile, "run", f"northernroute:{alg}", "--", *params, f"OUTPUT={plugin_out}")
    assert run.returncode == 0, f"qgis_process run northernroute:{alg} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    r = subprocess.run([str(nroute_binary()), *cli, "-o", str(cli_out), "--format", "json"], cwd=REPO, capture_output=True,
                       text=True, timeout=1800)
    assert r.returncode == 0, r.stderr
    # The Processing log's headline carries the CLI's own figures.
    for line in headlines(alg, json.loads(r.stdout)):
        assert line in run.stdout, f"{case}: {line!r} not in the log:\n{run.stdout[-3000:]}"
    ours, theirs = tables(plugin_out), tables(cli_out)
    assert ours.keys() == theirs.keys() and ours
    for t in ours:
        assert ours[t] == theirs[t], f"{case}: table {t} differs between the plugin and the CLI"
    # The files beside the GeoPackage (terrain profile, travel-time GeoTIFF and its style, plan curve).
    side = sorted(p.name for p in (tmp_path / "cli").iterdir() if p.suffix != ".gpkg")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file() and p.suffix != ".gpkg") == side
    for name in side:
        assert side_file(tmp_path / name) == side_file(tmp_path / "cli" / name), f"{case}: {name} differs"
    assert sorted(p.name for p in (REPO / "geodata").iterdir()) == geodata_before, "nothing written into geodata/"
    if case == "gaps-travel":
        assert "kaz-kgz-travel-time.tif" in side and "kaz-kgz-travel-time.qml" in side, side
        assert "kaz-kgz-travel-time.tif" in run.stdout, "the travel-time raster is reported as written (and loaded)"


def headlines(alg: str, summary) -> list[str]:
    """What the plugin's log must say, from `nroute <alg> --format json`'s summary."""
    if alg == "gaps":
        return [f"{b['gap_count']} gaps, {b['gap_km']} km of {b['length_km']} km uncovered" for b in summary]
    if alg == "plan":
        return [f"{len(summary['posts'])} new posts, optimum {summary['optimum']} km newly covered ({summary['status']}, "
                f"bound {summary['bound']} km", f"gaps {summary['gap_km_before']} km in {summary['gap_count_before']} before, "
                f"{summary['gap_km_after']} km in {summary['gap_count_after']} after"]
    if alg == "seizures":
        t = summary["total"]
        return [f"{summary['records_kept']} of {summary['records_read']} records kept: {t['in_gap']} in a gap; median "
                f"{t['median_border_distance_km']} km from the border, {t['median_checkpoint_distance_km']} km from the nearest checkpoint"]
    return []


def test_posts_layer_from_the_map(profile, tmp_path):
    posts = tmp_path / "posts.geojson"
    r = subprocess.run(["ogr2ogr", "-f", "GeoJSON", str(posts), str(REPO / "geodata" / "checkpoints.csv"),
                        "-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude", "-oo", "AUTODETECT_TYPE=YES",
                        "-a_srs", "EPSG:4326"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    plugin_out, cli_out = tmp_path / "plugin.gpkg", tmp_path / "cli.gpkg"
    r = qgis_process(profile, "run", "northernroute:gaps", "--", f"POSTS={posts}", "NO_CHECKPOINTS=true",
                     "POST_RADIUS_KM=15", f"OUTPUT={plugin_out}")
    assert r.returncode == 0, f"{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    assert "--posts" in r.stdout and "--no-checkpoints" in r.stdout
    r = subprocess.run([str(nroute_binary()), "gaps", "--posts", str(posts), "--no-checkpoints", "--post-radius-km", "15",
                        "-o", str(cli_out)], cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stderr
    ours, theirs = tables(plugin_out), tables(cli_out)
    assert ours["kaz_kgz_gaps"] == theirs["kaz_kgz_gaps"] and ours["kaz_kgz_gaps"]
    default = tmp_path / "default.gpkg"
    r = subprocess.run([str(nroute_binary()), "gaps", "-o", str(default)], cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert tables(default)["kaz_kgz_gaps"] != ours["kaz_kgz_gaps"], "the posts and radius must change the gaps"


@pytest.mark.parametrize("output, message", [
    ("{tmp}/missing/x.gpkg", "does not exist"),
    ("{tmp}/x.txt", "not a GeoPackage path"),
    ("{tmp}/folder.gpkg", "is a folder"),
])
def test_bad_output_path_one_line_nothing_written(profile, tmp_path, output, message):
    if message == "is a folder":
        (tmp_path / "folder.gpkg").mkdir()
    before = sorted(tmp_path.rglob("*"))
    r = qgis_process(profile, "run", "northernroute:gaps", "--", f"OUTPUT={output.format(tmp=tmp_path)}")
    assert r.returncode != 0
    errors = error_lines(r)
    assert len(errors) == 1 and message in errors[0], errors or r.stdout[-2000:]
    assert sorted(tmp_path.rglob("*")) == before


def test_nroute_failure_is_one_line_and_nothing_written(profile, tmp_path):
    r = qgis_process(profile, "run", "northernroute:gaps", "--", "BORDER=nosuch", f"OUTPUT={tmp_path / 'x.gpkg'}")
    assert r.returncode != 0
    errors = error_lines(r)
    assert len(errors) == 1 and "nroute:" in errors[0] and "nosuch" in errors[0], errors or r.stdout[-2000:]
    assert list(tmp_path.iterdir()) == []


def test_nroute_program_from_the_setting_or_path(profile, tmp_path):
    env = {**profile["env"], "PATH": "/usr/bin:/bin"}
    r = qgis_process(profile, "run", "northernroute:gaps", "--", f"OUTPUT={tmp_path / 'a.gpkg'}", env=env)
    errors = error_lines(r)
    assert r.returncode != 0 and len(errors) == 1 and "not on PATH" in errors[0], errors or r.stdout[-2000:]
    ini = profile["config"] / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    original = ini.read_text() if ini.exists() else None
    try:
        with ini.open("a") as f:
            f.write(f"\n[Processing]\nConfiguration\\NORTHERNROUTE_NROUTE={nroute_binary()}\n")
        r = qgis_process(profile, "run", "northernroute:gaps", "--", f"OUTPUT={tmp_path / 'b.gpkg'}", env=env)
        assert r.returncode == 0, f"{r.stdout[-2000:]}\n{r.stderr[-2000:]}"
        assert tables(tmp_path / "b.gpkg")["kaz_kgz_gaps"]
    finally:
        if original is None:
            ini.unlink()
        else:
            ini.write_text(original)


LOAD_SCRIPT = r'''
import json, sys
sys.path.insert(0, sys.argv[1])
# The profile's settings (its saved connections), where QGIS started with that profile reads them.
from qgis.PyQt.QtCore import QCoreApplication, QSettings
QCoreApplication.setOrganizationName("QGIS")
QCoreApplication.setApplicationName("QGIS3")
QSettings.setDefaultFormat(QSettings.IniFormat)
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, sys.argv[3])
from qgis.core import (QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProcessingUtils, QgsProject, QgsRasterLayer,
                       QgsVectorLayer)
app = QgsApplication([], False, sys.argv[3])
app.initQgis()
sys.path.insert(0, "/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing
Processing.initialize()
import processing
from northernroute.plugin import NorthernRoutePlugin
plugin = NorthernRoutePlugin()
plugin.initProcessing()
context = QgsProcessingContext()
context.setProject(QgsProject.instance())
feedback = QgsProcessingFeedback()
result = processing.run("northernroute:gaps", json.loads(sys.argv[2]), context=context, feedback=feedback)
loaded = []
for uri, details in context.layersToLoadOnCompletion().items():
    # A file as QGIS opens one (its .qml or stored style applied); a database table by its layer id.
    if uri.endswith(".tif"):
        layer = QgsRasterLayer(uri, details.name, "gdal")
    elif "|layername=" in uri:
        layer = QgsVectorLayer(uri, details.name, "ogr")
    else:
        layer = QgsProcessingUtils.mapLayerFromString(uri, context)
    loaded.append({"uri": uri, "name": details.name, "provider": layer.providerType() if layer else None,
                   "valid": bool(layer and layer.isValid()), "source": layer.source() if layer else None,
                   "features": layer.featureCount() if isinstance(layer, QgsVectorLayer) else None,
                   "renderer": layer.renderer().type() if layer and layer.renderer() else None})
    del layer
print(json.dumps({"result": {k: str(v) for k, v in result.items()}, "loaded": loaded, "log": feedback.textLog()}))
sys.stdout.flush()
plugin.unload()
QgsProject.instance().clear()
app.exitQgis()
'''


def run_in_qgis(profile, parameters: dict) -> dict:
    """`northernroute:gaps` run by processing.run in QGIS's Python, as the toolbox runs it, with the
    profile's plugin and settings: the result, the layers queued to load (each opened as QGIS opens
    it) and the log."""
    from test_qgis_project import qgis_python
    python = qgis_python()
    if python is None:
        pytest.skip("QGIS Python bindings not importable (Debian: apt-get install python3-qgis)")
    plugins = profile["config"] / "profiles" / "default" / "python" / "plugins"
    r = subprocess.run([python, "-c", LOAD_SCRIPT, str(plugins), json.dumps(parameters), str(plugins.parent.parent)],
                       env=profile["env"], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_results_are_loaded_styled_and_logged(profile, tmp_path):
    """In QGIS itself (processing.run, as the toolbox runs it): the GeoPackage's tables are queued
    to load into the map when the algorithm completes, each with its stored style; the log has the
    command line and the gap totals."""
    out = tmp_path / "gaps.gpkg"
    report = run_in_qgis(profile, {"BORDER": "kgz", "OUTPUT": str(out)})
    loaded = {Path(l["uri"].split("|layername=")[0]).resolve(): l for l in report["loaded"]}
    assert {l["uri"].split("|layername=")[1] for l in report["loaded"]} == set(tables(out))
    assert all(p == out.resolve() for p in loaded)
    renderers = {l["uri"].split("|layername=")[1]: l["renderer"] for l in report["loaded"]}
    assert renderers["kaz_kgz_gaps"] == "graduatedSymbol", renderers
    assert all(l["valid"] for l in report["loaded"])
    assert "nroute gaps --border kgz" in report["log"] and " gaps, " in report["log"], report["log"][-2000:]


def test_travel_time_raster_is_loaded_with_its_style(profile, tmp_path):
    """With patrol hours (Processing as the toolbox runs it): the travel-time GeoTIFF nroute writes
    beside the GeoPackage is queued to load too, valid, painted by the .qml nroute wrote."""
    out = tmp_path / "gaps.gpkg"
    report = run_in_qgis(profile, {"BORDER": "kgz", "GEODATA_DEM": True, "PATROL_HOURS": 4, "OUTPUT": str(out)})
    rasters = [l for l in report["loaded"] if l["uri"].endswith(".tif")]
    assert [Path(l["uri"]) for l in rasters] == [tmp_path / "kaz-kgz-travel-time.tif"], report["loaded"]
    assert rasters[0]["valid"] and rasters[0]["renderer"] == "singlebandpseudocolor", rasters
    vectors = [l for l in report["loaded"] if not l["uri"].endswith(".tif")]
    assert {l["uri"].split("|layername=")[1] for l in vectors} == set(tables(out))
    # Coverage by travel time has no circles: no empty circles table, every layer drawn by a renderer.
    assert "kaz_kgz_coverage_polygon" not in tables(out) and all(l["renderer"] for l in vectors), vectors
    assert "--dem geodata" in report["log"] and "--patrol-hours 4" in report["log"], report["log"][-2000:]
    assert str(report["result"]["LAYERS"]) == str(len(report["loaded"]))
