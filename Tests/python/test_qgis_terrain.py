"""`nroute layers --dem geodata --patrol-hours 4` checked with real QGIS: the hillshaded DEM and
the travel-time surface load as valid raster layers with their renderers (hillshade,
singlebandpseudocolor), paint pixels, their .qml files load onto the GeoTIFFs; the gaps are
graduated by passable_share; the passable stretches are a layer; GEBCO is credited.

Skipped (a failure under CI=true) when QGIS's Python bindings are missing
(Debian: apt-get install python3-qgis).
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from nroute_tool import nroute_binary
from test_qgis_project import ENV, REPO, qgis_python


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("layers-dem")
    r = subprocess.run([str(nroute_binary()), "layers", "--border", "kgz", "--dem", "geodata", "--patrol-hours", "4", "-o", str(out)],
                       cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stderr
    python = qgis_python()
    if python is None:
        pytest.skip("QGIS Python bindings not importable (Debian: apt-get install python3-qgis)")
    q = subprocess.run([python, str(REPO / "scripts" / "qgis_check_terrain.py"), str(out / "northern-route.qgs")],
                       env=ENV, capture_output=True, text=True, timeout=900)
    assert q.returncode == 0, q.stderr[-3000:]
    return json.loads(q.stdout)


def layer(report: dict, name: str) -> dict:
    return next(l for l in report["layers"] if l["name"] == name)


def test_every_layer_is_valid(report):
    assert all(l["valid"] for l in report["layers"]), [l["name"] for l in report["layers"] if not l["valid"]]


def test_hillshade_dem(report):
    dem = layer(report, "Terrain (hillshade)")
    assert dem["type"] == "raster" and dem["renderer"] == "hillshade"
    assert dem["qml_loaded"] and dem["qml_renderer"] == "hillshade"
    assert dem["painted_share"] > 0.9 and dem["distinct_colours"] > 20
    # The Tian Shan: elevations up to several thousand metres.
    assert dem["min"] < 1000 < 4000 < dem["max"]
    assert any("GEBCO" in r for r in dem["licences"])
    assert "GEBCO" in report["copyright_label"]


def test_travel_time_surface(report):
    t = layer(report, "Travel time (h)")
    assert t["type"] == "raster" and t["renderer"] == "singlebandpseudocolor"
    assert t["qml_loaded"] and t["qml_renderer"] == "singlebandpseudocolor"
    assert t["min"] >= 0 and t["max"] > 4
    assert t["painted_share"] > 0.3 and t["distinct_colours"] > 20


def test_gaps_coloured_by_passable_share_and_passable_layer(report):
    gaps = layer(report, "Gaps")
    assert gaps["renderer"] == "graduatedSymbol" and gaps["class_attribute"] == "passable_share"
    assert layer(report, "Passable stretches")["type"] == "vector"
    # The rasters lie under every vector layer.
    kinds = [l["type"] for l in report["layers"]]
    assert kinds[-2:] == ["raster", "raster"] and "raster" not in kinds[:-2]
