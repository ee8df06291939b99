#!/usr/bin/env python3
"""The usual GeoPandas pipeline for `nroute seizures`, as the benchmark's peer.

    python3 benchmarks/seizures_peer.py --input benchmarks/data/seizures-1000000.geojson \
        --geodata geodata --out benchmarks/data/out-peer [--ours out/seizures.csv] [--report r.json]

What an analyst would write: read the points with pyogrio, project everything to UTM (the zone of
the border's centroid: 43N for kaz-kgz), `sjoin_nearest` the checkpoints and the border line,
write GeoJSON and CSV. Times read / join / write (imports excluded), then, if --ours is given
(nroute's seizures.csv for the same input, rows in input order), compares its planar distances
with nroute's geodesic ones: max, median and p99 of |peer - ours| in metres, and how often it
picked a different nearest checkpoint. Writes the numbers as JSON to --report (and stdout).
"""

import argparse
import json
import os
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--geodata", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--border", default="kaz-kgz")
    ap.add_argument("--ours")
    ap.add_argument("--report")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    t0 = time.perf_counter()
    pts = pyogrio.read_dataframe(a.input)
    borders = pyogrio.read_dataframe(os.path.join(a.geodata, "borders.geojson"))
    border = borders[borders["id"] == a.border]
    cps = pd.read_csv(os.path.join(a.geodata, "checkpoints.csv"))
    cps = cps[(cps["kind"] == "checkpoint") & (cps["border_id"].isna() | (cps["border_id"] == a.border))]
    cps = gpd.GeoDataFrame(cps[["id", "name"]].rename(columns={"id": "checkpoint_id", "name": "checkpoint_name"}),
                           geometry=gpd.points_from_xy(cps["longitude"], cps["latitude"]), crs="EPSG:4326")
    t1 = time.perf_counter()

    lon = border.geometry.iloc[0].centroid.x
    zone = int((lon + 180) // 6) + 1
    utm = 32600 + zone  # northern hemisphere
    pts_u = pts.to_crs(utm)
    cps_u = cps.to_crs(utm)
    border_u = border[["id", "geometry"]].rename(columns={"id": "border_id"}).to_crs(utm)
    j = gpd.sjoin_nearest(pts_u, cps_u, how="left", distance_col="checkpoint_distance_m")
    j = j[~j.index.duplicated(keep="first")].drop(columns=["index_right"])
    j = gpd.sjoin_nearest(j, border_u, how="left", distance_col="border_distance_m")
    j = j[~j.index.duplicated(keep="first")].drop(columns=["index_right"])
    j["checkpoint_distance_km"] = j["checkpoint_distance_m"] / 1000
    j["border_distance_km"] = j["border_distance_m"] / 1000
    out = j.to_crs(4326)
    t2 = time.perf_counter()

    pyogrio.write_dataframe(out, os.path.join(a.out, "seizures.geojson"), driver="GeoJSON")
    csv = pd.DataFrame(out.drop(columns="geometry"))
    csv.insert(0, "latitude", out.geometry.y)
    csv.insert(0, "longitude", out.geometry.x)
    csv.to_csv(os.path.join(a.out, "seizures.csv"), index=False)
    t3 = time.perf_counter()

    report = {"crs": "EPSG:%d" % utm, "points": len(pts), "read_s": t1 - t0, "join_s": t2 - t1, "write_s": t3 - t2,
              "pipeline_s": t3 - t0}
    if a.ours:
        ours = pd.read_csv(a.ours, usecols=["checkpoint_id", "checkpoint_distance_km", "border_distance_km"])
        if len(ours) == len(j):
            for key in ("checkpoint", "border"):
                err = np.abs(j["%s_distance_km" % key].to_numpy() - ours["%s_distance_km" % key].to_numpy()) * 1000
                report["%s_error_m" % key] = {"max": float(err.max()), "median": float(np.median(err)),
                                              "p99": float(np.percentile(err, 99)), "n": int(len(err))}
            report["checkpoint_mismatch"] = int((j["checkpoint_id"].to_numpy() != ours["checkpoint_id"].to_numpy()).sum())
        else:
            report["warning"] = "row counts differ (%d vs %d): no comparison" % (len(j), len(ours))
    text = json.dumps(report, indent=1)
    print(text)
    if a.report:
        with open(a.report, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
