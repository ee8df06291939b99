#!/usr/bin/env python3
"""The usual GeoPandas/Shapely way to find border gaps, timed and compared with NorthernRoute's.

Spawned by `swift run -c release nroute-bench gaps`, which writes the data first:
  benchmarks/data/gaps_border.geojson    one LineString (lon/lat, WGS84)
  benchmarks/data/gaps_controls.geojson  Points with properties kind, radius (metres)
  benchmarks/data/gaps_params.json       {"post_radius", "settlement_radius", "min_gap_length"}
  benchmarks/data/gaps_ours.json         NorthernRoute's geodesic gaps (for the error figures)

The peer (timed, median of --runs, from in-memory lon/lat GeoDataFrames; file reading excluded):
  1. reproject border and points to the UTM zone of the border's centroid (pyproj via to_crs);
  2. buffer each point by its radius (Shapely default: 8 segments per quarter circle);
  3. unary_union of the buffers;
  4. border.difference(union), line_merge, explode into single LineStrings;
  5. keep pieces at least min_gap_length long (planar length in the UTM zone).

Errors against ours (not timed): each of our gaps is matched with the peer gap that overlaps it
most along the border; the displacement of each gap endpoint is the geodesic distance (WGS84)
between our endpoint and the matched peer endpoint mapped back to lon/lat (ends of the border,
where both agree by construction, are left out). Length differences use the peer's planar UTM
lengths, which is what that workflow reports.

The last line on stdout is a JSON object for nroute-bench; a readable summary goes to stderr.

    pip install -r benchmarks/requirements.txt
    python3 benchmarks/gaps_peer.py --data benchmarks/data --runs 3
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, Point


def utm_crs(lon, lat):
    zone = int(math.floor((lon + 180) / 6)) % 60 + 1
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def peer_gaps(border, controls, min_gap):
    """The usual way. Returns (GeoSeries of gap LineStrings in UTM, their planar lengths, crs)."""
    c = border.geometry.iloc[0].centroid                  # lon/lat centroid of the line
    crs = utm_crs(c.x, c.y)
    b = border.to_crs(crs)
    p = controls.to_crs(crs)
    buffers = p.geometry.buffer(p["radius"].to_numpy())
    covered = shapely.union_all(buffers.to_numpy())
    diff = b.geometry.iloc[0].difference(covered)
    diff = shapely.line_merge(diff) if diff.geom_type == "MultiLineString" else diff
    pieces = gpd.GeoSeries([diff], crs=crs).explode(index_parts=False)
    pieces = pieces[~pieces.is_empty]
    lengths = pieces.length.to_numpy()
    keep = lengths >= min_gap
    return pieces[keep].reset_index(drop=True), lengths[keep], crs


def compare(border_lonlat, gaps_utm, crs, ours):
    """Error figures of the peer's gaps against ours."""
    geod = pyproj.Geod(ellps="WGS84")
    coords = np.asarray(border_lonlat.coords)
    seg = geod.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])[2]
    chain = np.concatenate([[0.0], np.cumsum(seg)])
    to_utm = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    to_ll = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    ux, uy = to_utm.transform(coords[:, 0], coords[:, 1])
    uline = LineString(np.column_stack([ux, uy]))
    ucum = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(ux), np.diff(uy)))])

    def chainage(pt):
        """Geodesic chainage along the border of a point of the projected line."""
        d = uline.project(Point(pt))
        i = int(np.clip(np.searchsorted(ucum, d, side="right") - 1, 0, len(seg) - 1))
        f = (d - ucum[i]) / (ucum[i + 1] - ucum[i]) if ucum[i + 1] > ucum[i] else 0.0
        return chain[i] + f * seg[i]

    peer = []
    for g in gaps_utm:
        xy = np.asarray(g.coords)
        a, b = chainage(xy[0]), chainage(xy[-1])
        (lon0, lon1), (lat0, lat1) = to_ll.transform(xy[[0, -1], 0], xy[[0, -1], 1])
        if a > b:
            a, b, lon0, lat0, lon1, lat1 = b, a, lon1, lat1, lon0, lat0
        peer.append((a, b, (lon0, lat0), (lon1, lat1)))
    peer.sort()
    total = ours["length"]
    disp, len_diff = [], []
    matched_peer = set()
    matched = 0
    for og in ours["gaps"]:
        best, best_ov = None, 0.0
        for k, (a, b, _, _) in enumerate(peer):  # few hundred gaps: quadratic is fine
            ov = min(b, og["end"]) - max(a, og["start"])
            if ov > best_ov:
                best, best_ov = k, ov
        if best is None:
            continue
        matched += 1
        matched_peer.add(best)
        a, b, pa, pb = peer[best]
        len_diff.append(abs((b - a) - og["length"]))
        for ours_pt, ours_s, peer_pt in ((og["start_point"], og["start"], pa), (og["end_point"], og["end"], pb)):
            if ours_s <= 1e-6 or ours_s >= total - 1e-6:
                continue
            disp.append(geod.inv(ours_pt[0], ours_pt[1], peer_pt[0], peer_pt[1])[2])
    return {
        "matched": matched,
        "extra": len(peer) - len(matched_peer),
        "disp_max_m": max(disp) if disp else None,
        "disp_median_m": statistics.median(disp) if disp else None,
        "disp_p95_m": float(np.percentile(disp, 95)) if disp else None,
        "len_diff_max_m": max(len_diff) if len_diff else None,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    border = gpd.read_file(os.path.join(args.data, "gaps_border.geojson"))
    controls = gpd.read_file(os.path.join(args.data, "gaps_controls.geojson"))
    with open(os.path.join(args.data, "gaps_params.json")) as f:
        params = json.load(f)
    border = border.set_crs("EPSG:4326", allow_override=True)
    controls = controls.set_crs("EPSG:4326", allow_override=True)
    # geometry as read (pyogrio parses the same decimal text as NorthernRoute's run used)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        gaps, lengths, crs = peer_gaps(border, controls, params["min_gap_length"])
        times.append(time.perf_counter() - t0)
    result = {
        "times_s": times,
        "median_s": statistics.median(times),
        "crs": crs,
        "n_gaps": int(len(gaps)),
        "total_gap_length_m": float(lengths.sum()),
        "versions": {"geopandas": gpd.__version__, "shapely": shapely.__version__, "geos": shapely.geos_version_string,
                     "pyproj": pyproj.__version__, "proj": pyproj.proj_version_str},
    }
    ours_path = os.path.join(args.data, "gaps_ours.json")
    if os.path.exists(ours_path):
        with open(ours_path) as f:
            ours = json.load(f)
        result.update(compare(border.geometry.iloc[0], gaps, crs, ours))
        result["total_len_diff_m"] = result["total_gap_length_m"] - ours["gap_length"]
        result["total_len_diff_pct"] = 100 * result["total_len_diff_m"] / ours["gap_length"] if ours["gap_length"] else None
    print(f"gaps_peer: {crs}, {result['n_gaps']} gaps, {result['total_gap_length_m'] / 1000:.3f} km, "
          f"times {', '.join(f'{t:.3f}' for t in times)} s", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
