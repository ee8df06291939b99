"""Travel-time coverage (nroute gaps --patrol-hours) against an independent Dijkstra over the same
graph: the graph is rebuilt here from the DEM as GDAL decodes it (numpy), with pyproj's geodesic
cell distances and gradients, shapely's point-in-polygon for the lakes, Tobler's function written
out again, and solved by scipy.sparse.csgraph.dijkstra (a super-source joined to every post's
cell). The surface nroute writes (<border>-travel-time.tif) must agree cell for cell.

Run:  python3 -m pytest Tests/python/test_travel_time.py
Needs GDAL's command-line tools (Debian gdal-bin: scripts/setup.sh --tests).
"""
from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from nroute_tool import nroute_binary

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
GEOD = Geod(ellps="WGS84")
MAX_ELEVATION = 3200.0
MAX_SLOPE_DEG = 21.8
FACTOR = 0.6  # Tobler's off-path factor (foot)
HOURS = 3.0
# Agreement: the surface is Float32 hours (7 significant digits: ≤ 1e-5 h at 60 h) and the two
# implementations sum edges in different orders; 1e-4 h = 0.36 s.
TIME_TOLERANCE_H = 1e-4
# Cells reachable in one and not the other: a slope or a lake edge exactly at a threshold may be
# decided differently by the two arithmetics; at most 0.05 % of the cells.
MISMATCH_SHARE = 5e-4


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (Debian gdal-bin)")
    return path


def read_raster(path: Path, tmp: Path) -> tuple[np.ndarray, list[float], float | None]:
    info = json.loads(subprocess.run([tool("gdalinfo"), "-json", str(path)], capture_output=True, text=True, check=True).stdout)
    raw = tmp / (path.stem + ".f32")
    subprocess.run([tool("gdal_translate"), "-q", "-of", "ENVI", "-ot", "Float32", str(path), str(raw)], check=True)
    cols, rows = info["size"]
    a = np.fromfile(raw, dtype="<f4").reshape(rows, cols).astype(float)
    nodata = info["bands"][0].get("noDataValue")
    return a, info["geoTransform"], nodata


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("travel")
    with open(GEODATA / "checkpoints.csv", newline="", encoding="utf-8") as f:
        posts = [(float(r["longitude"]), float(r["latitude"])) for r in csv.DictReader(f) if r["border_id"] == "kaz-kgz"]
    assert len(posts) >= 5
    posts_csv = tmp / "posts.csv"
    posts_csv.write_text("id,lon,lat\n" + "".join(f"p{k},{lon!r},{lat!r}\n" for k, (lon, lat) in enumerate(posts)))
    out = tmp / "out"
    res = subprocess.run([str(nroute_binary()), "gaps", "--border", "kgz", "--dem", "geodata", "--no-checkpoints", "--no-settlements",
                          "--posts", str(posts_csv), "--seizures", "none", "--patrol-hours", str(HOURS), "--format", "json", "-o", str(out)],
                         capture_output=True, text=True, timeout=600, cwd=REPO)
    assert res.returncode == 0, res.stderr
    return tmp, out, posts, json.loads(res.stdout)


def oracle(dem: np.ndarray, west: float, north: float, cell: float, posts, lakes) -> np.ndarray:
    rows, cols = dem.shape
    lat = north - (np.arange(rows) + 0.5) * cell
    lon0 = west + 0.5 * cell
    width = np.array([GEOD.inv(lon0, y, lon0 + cell, y)[2] for y in lat])
    spacing = np.array([GEOD.inv(lon0, lat[r], lon0, lat[r + 1])[2] for r in range(rows - 1)])
    # Gradient: central differences, one-sided at the edges, over geodesic spacings.
    ge = np.empty_like(dem)
    ge[:, 1:-1] = (dem[:, 2:] - dem[:, :-2]) / (2 * width[:, None])
    ge[:, 0] = (dem[:, 1] - dem[:, 0]) / width
    ge[:, -1] = (dem[:, -1] - dem[:, -2]) / width
    gn = np.empty_like(dem)
    gn[1:-1, :] = (dem[:-2, :] - dem[2:, :]) / (spacing[:-1] + spacing[1:])[:, None]
    gn[0, :] = (dem[0, :] - dem[1, :]) / spacing[0]
    gn[-1, :] = (dem[-2, :] - dem[-1, :]) / spacing[-1]
    slope = np.hypot(ge, gn)
    cx, cy = np.meshgrid(west + (np.arange(cols) + 0.5) * cell, lat)
    water = np.zeros(dem.shape, dtype=bool)
    box = shapely.box(west, north - rows * cell, west + cols * cell, north)
    for g in lakes:
        if g.intersects(box):
            water |= shapely.contains_xy(g, cx, cy)
    passable = ~np.isnan(dem) & (dem <= MAX_ELEVATION) & (slope <= math.tan(math.radians(MAX_SLOPE_DEG))) & ~water
    n = rows * cols
    moves = [(0, 1, []), (0, -1, []), (1, 0, []), (-1, 0, [])]
    moves += [(dr, dc, [(dr, 0), (0, dc)]) for dr in (-1, 1) for dc in (-1, 1)]
    moves += [(dr, dc, [(0, dc // 2), (dr, dc // 2)]) for dr in (-1, 1) for dc in (-2, 2)]
    moves += [(dr, dc, [(dr // 2, 0), (dr // 2, dc)]) for dr in (-2, 2) for dc in (-1, 1)]
    rr, cc = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    src, dst, w = [], [], []
    for dr, dc, via in moves:
        r2, c2 = rr + dr, cc + dc
        ok = (r2 >= 0) & (r2 < rows) & (c2 >= 0) & (c2 < cols)
        r1, c1, r2, c2 = rr[ok], cc[ok], r2[ok], c2[ok]
        keep = passable[r2, c2]
        for vr, vc in via:
            a, b = r1 + vr, c1 + vc
            inside = (a >= 0) & (a < rows) & (b >= 0) & (b < cols)
            keep &= inside & passable[np.clip(a, 0, rows - 1), np.clip(b, 0, cols - 1)]
        r1, c1, r2, c2 = r1[keep], c1[keep], r2[keep], c2[keep]
        # Geodesic between the two centres: depends on the start row only.
        length_by_row = np.array([GEOD.inv(lon0, lat[r], lon0 + dc * cell, lat[r + dr])[2] if 0 <= r + dr < rows else np.nan for r in range(rows)])
        d = length_by_row[r1]
        s = (dem[r2, c2] - dem[r1, c1]) / d
        speed = FACTOR * 6 * np.exp(-3.5 * np.abs(s + 0.05)) / 3.6  # Tobler (1993), m/s
        src.append(r1 * cols + c1)
        dst.append(r2 * cols + c2)
        w.append(d / speed)
    flat = FACTOR * 6 * math.exp(-3.5 * 0.05) / 3.6
    start: dict[int, float] = {}
    for lon, la in posts:
        c, r = int((lon - west) / cell), int((north - la) / cell)
        if 0 <= r < rows and 0 <= c < cols:
            t = GEOD.inv(lon, la, west + (c + 0.5) * cell, north - (r + 0.5) * cell)[2] / flat
            start[r * cols + c] = min(start.get(r * cols + c, math.inf), max(t, 1e-9))  # scipy drops zero weights
    src.append(np.full(len(start), n))
    dst.append(np.array(list(start)))
    w.append(np.array(list(start.values())))
    graph = csr_matrix((np.concatenate(w), (np.concatenate(src), np.concatenate(dst))), shape=(n + 1, n + 1))
    return dijkstra(graph, directed=True, indices=n)[:n].reshape(rows, cols) / 3600


def test_surface_matches_an_independent_dijkstra(run):
    tmp, out, posts, _ = run
    surface, t, nodata = read_raster(out / "kaz-kgz-travel-time.tif", tmp)
    assert nodata == -1
    dem, td, dem_nodata = read_raster(GEODATA / "dem-kaz-kgz.tif", tmp)
    dem[dem == dem_nodata] = np.nan
    cell = t[1]
    assert t[1] == pytest.approx(td[1], abs=1e-15) and -t[5] == pytest.approx(cell, abs=1e-15)
    c0, r0 = round((t[0] - td[0]) / cell), round((td[3] - t[3]) / cell)
    rows, cols = surface.shape
    window = dem[r0:r0 + rows, c0:c0 + cols]
    fc = json.loads((GEODATA / "lakes.geojson").read_text(encoding="utf-8"))
    lakes = [shapely.geometry.shape(f["geometry"]) for f in fc["features"]]
    expected = oracle(window, t[0], t[3], cell, posts, lakes)
    ours = np.where(surface == -1, np.inf, surface)
    both = np.isfinite(ours) & np.isfinite(expected)
    mismatch = np.count_nonzero(np.isfinite(ours) != np.isfinite(expected))
    diff = np.abs(ours[both] - expected[both])
    print(f"[accuracy] travel-time surface vs scipy Dijkstra on {rows} x {cols} cells: {np.count_nonzero(both)} reached by both, "
          f"max |diff| {diff.max():.2e} h, reachability differs in {mismatch} cells")
    assert np.count_nonzero(both) > 0.3 * rows * cols
    assert mismatch <= MISMATCH_SHARE * rows * cols
    assert diff.max() <= TIME_TOLERANCE_H


def test_gaps_report_travel_time(run):
    _, out, _, summary = run
    border = summary[0] if isinstance(summary, list) else summary["borders"][0]
    travel = border["travel"]
    assert travel["mode"] == "foot" and travel["patrol_hours"] == HOURS
    assert travel["flat_speed_kmh"] == pytest.approx(0.6 * 6 * math.exp(-0.175), abs=1e-4)
    gaps = json.loads((out / "kaz-kgz-gaps.geojson").read_text())["features"]
    assert gaps and all("max_time_h" in g["properties"] and "passable_km" in g["properties"] for g in gaps)
    # Every gap's most remote reachable point is beyond the patrol budget (it is a gap).
    assert all(g["properties"]["max_time_h"] is None or g["properties"]["max_time_h"] >= HOURS - 1e-3 for g in gaps)
    assert (out / "kaz-kgz-travel-time.qml").read_text().count("singlebandpseudocolor") == 1
