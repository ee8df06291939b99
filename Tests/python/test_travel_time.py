"""Travel-time coverage (nroute gaps --patrol-hours) against an independent Dijkstra over the same
graph: the graph is rebuilt here from the DEM as GDAL decodes it (numpy), with pyproj's geodesic
cell distances and gradients, shapely's point-in-polygon for the lakes, Tobler's function written
out again, and solved by scipy.sparse.csgraph.dijkstra (a super-source joined to every post's
cell). The surface nroute writes (<border>-travel-time.tif) must agree cell for cell.
And `nroute plan --objective travel`: each chosen post's own reach (coverage_intervals_km, from
nroute's bounded single-source search) must be what scipy's Dijkstra from that post reaches on the
same graph, sample labels and linear crossings recomputed here.

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


def travel_graph(dem: np.ndarray, west: float, north: float, cell: float, lakes) -> tuple[list, list, list]:
    """The edges (from, to, seconds) of the 16-move graph between passable cells."""
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
    return src, dst, w


FLAT_SPEED = FACTOR * 6 * math.exp(-3.5 * 0.05) / 3.6  # m/s


def oracle(dem: np.ndarray, west: float, north: float, cell: float, posts, lakes, edges=None) -> np.ndarray:
    rows, cols = dem.shape
    n = rows * cols
    src, dst, w = [list(e) for e in (edges or travel_graph(dem, west, north, cell, lakes))]
    flat = FLAT_SPEED
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


@pytest.fixture(scope="module")
def graph(run):
    """The DEM window nroute's surface covers (the scenario's terrain window), its lakes and the
    oracle's edges over it, built once for the tests below."""
    tmp, out, _, _ = run
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
    return surface, t, window, lakes, travel_graph(window, t[0], t[3], cell, lakes)


def test_surface_matches_an_independent_dijkstra(run, graph):
    _, _, posts, _ = run
    surface, t, window, lakes, edges = graph
    rows, cols = surface.shape
    cell = t[1]
    expected = oracle(window, t[0], t[3], cell, posts, lakes, edges)
    ours = np.where(surface == -1, np.inf, surface)
    both = np.isfinite(ours) & np.isfinite(expected)
    mismatch = np.count_nonzero(np.isfinite(ours) != np.isfinite(expected))
    diff = np.abs(ours[both] - expected[both])
    print(f"[accuracy] travel-time surface vs scipy Dijkstra on {rows} x {cols} cells: {np.count_nonzero(both)} reached by both, "
          f"max |diff| {diff.max():.2e} h, reachability differs in {mismatch} cells")
    assert np.count_nonzero(both) > 0.3 * rows * cols
    assert mismatch <= MISMATCH_SHARE * rows * cols
    assert diff.max() <= TIME_TOLERANCE_H


# A plan candidate's reach: interval ends agree within 2 m (the layer's 1 m rounding, the profile
# CSV's 0.5 m rounding of the chainage, and a time difference of ≤ 1e-4 h moving a linear
# crossing between samples by well under a metre).
INTERVAL_TOLERANCE_M = 2.0


def corner_cells(lon: float, lat: float, west: float, north: float, cell: float, rows: int, cols: int):
    """The four cells around a point whose centres it is bilinear between, clamped at the edges."""
    def axis(f: float, n: int):
        if n == 1 or f <= 0:
            return 0, min(1, n - 1), 0.0
        if f >= n - 1:
            return n - 2, n - 1, 1.0
        i = math.floor(f)
        return i, i + 1, f - i
    c0, c1, tx = axis((lon - west) / cell - 0.5, cols)
    r0, r1, ty = axis((north - lat) / cell - 0.5, rows)
    return (r0, r1, c0, c1, tx, ty)


def reached_intervals(samples, label_of_cell, dem, west, north, cell, budget_s):
    """Chainage intervals (m) where a sample's label (best corner label + the straight leg at
    Tobler's speed to the sample's bilinear elevation) is within the budget, crossings linear
    between samples; merged."""
    rows, cols = dem.shape
    out = []
    for part in samples:
        f = []
        for ch, lon, lat in part:
            r0, r1, c0, c1, tx, ty = corner_cells(lon, lat, west, north, cell, rows, cols)
            zp = (1 - ty) * ((1 - tx) * dem[r0, c0] + tx * dem[r0, c1]) + ty * ((1 - tx) * dem[r1, c0] + tx * dem[r1, c1])
            best = math.inf
            for r, c in ((r0, c0), (r0, c1), (r1, c0), (r1, c1)):
                base = label_of_cell[r * cols + c]
                if not np.isfinite(base):
                    continue
                zc = dem[r, c]
                d = GEOD.inv(west + (c + 0.5) * cell, north - (r + 0.5) * cell, lon, lat)[2]
                z1 = zc if np.isnan(zp) else zp
                leg = 0.0 if d <= 0 else d / (FACTOR * 6 * math.exp(-3.5 * abs((z1 - zc) / d + 0.05)) / 3.6)
                best = min(best, base + leg)
            f.append(best - budget_s)
        for k in range(len(part) - 1):
            x, y, fx, fy = part[k][0], part[k + 1][0], f[k], f[k + 1]
            if fx <= 0 and fy <= 0:
                out.append([x, y])
            elif fx <= 0:
                e = x + (y - x) * fx / (fx - fy) if math.isfinite(fy) else x
                if e > x:
                    out.append([x, e])
            elif fy <= 0:
                s = x + (y - x) * fx / (fx - fy) if math.isfinite(fx) else y
                if s < y:
                    out.append([s, y])
    out.sort()
    merged = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def test_plan_candidates_reach_what_an_independent_dijkstra_reaches(run, graph, tmp_path):
    """`nroute plan --objective travel`: each chosen post's coverage_intervals_km (its own patrol's
    reach, from nroute's bounded Dijkstra) against scipy's full Dijkstra from that post on the
    oracle's graph, sample labels and crossings recomputed here from the profile's samples."""
    tmp, out, _, _ = run
    _, t, dem, _, (src, dst, w) = graph
    west, north, cell = t[0], t[3], t[1]
    rows, cols = dem.shape
    n = rows * cols
    res = subprocess.run([str(nroute_binary("plan", "--patrol-hours")), "plan", "--border", "kgz", "--dem", "geodata", "--no-checkpoints", "--no-settlements",
                          "--posts", str(tmp / "posts.csv"), "--seizures", "none", "--patrol-hours", str(HOURS), "--objective", "travel",
                          "--new-posts", "3", "--no-curve", "--format", "json", "--export-model", str(tmp_path / "travel.lp"), "-o", str(tmp_path / "plan")],
                         capture_output=True, text=True, timeout=600, cwd=REPO)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["coverage"] == "travel time" and summary["patrol_hours"] == HOURS
    # HiGHS on the exported model reaches the same optimum (test_plan_highs.py's check).
    pytest.importorskip("highspy", reason="highspy is not installed (Tests/python/requirements.txt)")
    from test_plan_highs import check
    check(summary, tmp_path / "travel.lp")
    chosen = json.loads((tmp_path / "plan" / "kaz-kgz-plan-posts.geojson").read_text())["features"]
    assert len(chosen) == 3
    parts: dict[int, list] = {}
    with open(out / "kaz-kgz-profile.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            parts.setdefault(int(r["part"]), []).append((float(r["chainage_km"]) * 1000, float(r["longitude"]), float(r["latitude"])))
    samples = [parts[k] for k in sorted(parts)]
    g = csr_matrix((np.concatenate(w), (np.concatenate(src), np.concatenate(dst))), shape=(n, n))
    worst = 0.0
    for feature in chosen:
        lon, lat = feature["geometry"]["coordinates"][:2]
        c, r = int((lon - west) / cell), int((north - lat) / cell)
        t0 = GEOD.inv(lon, lat, west + (c + 0.5) * cell, north - (r + 0.5) * cell)[2] / FLAT_SPEED
        labels = dijkstra(g, directed=True, indices=r * cols + c) + t0
        expected = reached_intervals(samples, labels, dem, west, north, cell, HOURS * 3600)
        ours = [[float(v) * 1000 for v in iv.split("-")] for iv in feature["properties"]["coverage_intervals_km"].split(";")]
        assert len(ours) == len(expected), (feature["properties"]["id"], ours, expected)
        for a, b in zip(ours, expected):
            worst = max(worst, abs(a[0] - b[0]), abs(a[1] - b[1]))
        assert sum(b - a for a, b in expected) > 1000
    print(f"[accuracy] plan candidates' travel-time reach vs scipy Dijkstra (3 posts, {HOURS} h): interval ends within {worst:.2f} m")
    assert worst <= INTERVAL_TOLERANCE_M


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
