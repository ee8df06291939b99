#!/usr/bin/env python3
"""DuckDB with its spatial extension doing `nroute seizures`' job, as the benchmark's peer.

    python3 benchmarks/seizures_duckdb_peer.py --input benchmarks/data/seizures-1000000.csv \
        --geodata geodata --out benchmarks/data/out-duckdb [--ours out/seizures.csv] [--report r.json]

What an analyst who knows DuckDB spatial would write, in SQL, from the same CSV to a CSV:
- the nearest checkpoint by ellipsoidal distance: `ST_Distance_Spheroid` (GeographicLib on WGS84,
  lat/lon axis order) from every point to every checkpoint of the border, `arg_min`;
- the nearest border point: found in UTM (the zone of the border's centroid, EPSG:32643 for
  kaz-kgz) as the end of `ST_ShortestLine(point, piece)`, taken back to WGS84, and its distance
  measured with `ST_Distance_Spheroid`. `ST_ShortestLine` against the whole 3,755-vertex line
  costs ~0.3-0.6 ms a point, so the line is cut into pieces of 32 segments, and only the pieces
  whose bounding box is no farther than the nearest piece's first vertex (a proven bound, plain
  arithmetic) are measured with `ST_Distance`: the same nearest point, ~3x faster;
- the country: `ST_Covers` on the country polygons cut into 0.5° cells (so that each test is
  against a small polygon; DuckDB's spatial join indexes the cells);
- `COPY ... TO` a CSV in input order.
Timed as a whole (connecting and loading the extension included, Python's start excluded: the
caller times the process). Afterwards (not timed), with --ours (nroute's seizures.csv for the same
input), compares per id: |peer - ours| of the checkpoint and border distances in metres (max,
median, p99), points with a different nearest checkpoint, points in a different country.

The spatial extension is loaded offline from the PyPI package duckdb-ext-spatial (which ships
`duckdb_ext/extensions/v<version>/<platform>/spatial.duckdb_extension`): the extension directory
is pointed at it and automatic installs are off, so nothing is downloaded.
"""

import argparse
import importlib
import json
import os
import time

import duckdb


def connect():
    ext = importlib.import_module("duckdb_ext")
    directory = os.path.join(list(ext.__path__)[0], "extensions")
    con = duckdb.connect()
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET extension_directory = ?", (directory,))
    con.execute("LOAD spatial")
    return con


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--geodata", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--border", default="kaz-kgz")
    ap.add_argument("--utm", type=int, default=0, help="EPSG code of the UTM zone (default: the border centroid's zone)")
    ap.add_argument("--cell-deg", type=float, default=0.5)
    ap.add_argument("--ours")
    ap.add_argument("--report")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    out_csv = os.path.join(a.out, "seizures.csv")

    t0 = time.perf_counter()
    con = connect()
    g = a.geodata
    con.execute("CREATE TABLE pts AS SELECT row_number() OVER () AS rid, * FROM read_csv(?, header = true)", (a.input,))
    con.execute("""CREATE TABLE cps AS SELECT id AS checkpoint_id, name AS checkpoint_name, ST_Point(latitude, longitude) AS g
                   FROM read_csv(?, header = true)
                   WHERE kind = 'checkpoint' AND (border_id IS NULL OR border_id = ?)""", (os.path.join(g, "checkpoints.csv"), a.border))
    con.execute("CREATE TABLE border AS SELECT geom FROM ST_Read(?) WHERE id = ?", (os.path.join(g, "borders.geojson"), a.border))
    utm = a.utm
    if not utm:
        lon = con.execute("SELECT ST_X(ST_Centroid(geom)) FROM border").fetchone()[0]
        utm = 32600 + int((lon + 180) // 6) + 1
    crs = "EPSG:%d" % utm
    con.execute("CREATE TABLE border_utm AS SELECT ST_Transform(geom, 'EPSG:4326', ?, always_xy := true) AS g FROM border", (crs,))
    # The line in pieces of 32 segments (consecutive pieces share a vertex), with their bounding boxes.
    con.execute("""CREATE TABLE pieces AS
                   WITH v AS (SELECT i, ST_PointN(g, CAST(i AS INTEGER)) AS p FROM border_utm, range(1, ST_NPoints(g) + 1) r(i)),
                   l AS (SELECT k, ST_MakeLine(list(p ORDER BY i)) AS g
                         FROM (SELECT (i - 1) // 32 AS k, i, p FROM v
                               UNION ALL SELECT (i - 2) // 32 AS k, i, p FROM v WHERE i > 1 AND (i - 1) % 32 = 0)
                         GROUP BY k HAVING count(*) > 1)
                   SELECT k, g, ST_XMin(g) AS x0, ST_YMin(g) AS y0, ST_XMax(g) AS x1, ST_YMax(g) AS y1,
                          ST_X(ST_StartPoint(g)) AS vx, ST_Y(ST_StartPoint(g)) AS vy FROM l""")
    # Country polygons cut into cells over the points' extent.
    x0, y0, x1, y1 = con.execute("SELECT min(longitude), min(latitude), max(longitude), max(latitude) FROM pts").fetchone()
    con.execute("""CREATE TABLE cells AS
                   WITH grid AS (
                     SELECT ST_MakeEnvelope(?1 + i * ?5, ?2 + j * ?5, ?1 + (i + 1) * ?5, ?2 + (j + 1) * ?5) AS cell
                     FROM range(0, CAST(ceil((?3 - ?1) / ?5) AS BIGINT) + 1) r(i), range(0, CAST(ceil((?4 - ?2) / ?5) AS BIGINT) + 1) s(j)),
                   c AS (SELECT iso3, geom FROM ST_Read(?6))
                   SELECT iso3, ST_Intersection(c.geom, grid.cell) AS g
                   FROM c JOIN grid ON ST_Intersects(c.geom, grid.cell)""",
                (x0, y0, x1, y1, a.cell_deg, os.path.join(g, "countries.geojson")))
    con.execute("DELETE FROM cells WHERE ST_IsEmpty(g)")
    t1 = time.perf_counter()

    con.execute("""CREATE TABLE near_cp AS
                   SELECT rid, arg_min(checkpoint_id, d) AS checkpoint_id, arg_min(checkpoint_name, d) AS checkpoint_name, min(d) AS d
                   FROM (SELECT p.rid, c.checkpoint_id, c.checkpoint_name, ST_Distance_Spheroid(ST_Point(p.latitude, p.longitude), c.g) AS d
                         FROM pts p CROSS JOIN cps c)
                   GROUP BY rid""")
    con.execute("""CREATE TABLE pu AS SELECT rid, latitude, longitude, g, ST_X(g) AS x, ST_Y(g) AS y
                   FROM (SELECT rid, latitude, longitude, ST_Transform(ST_Point(longitude, latitude), 'EPSG:4326', ?, always_xy := true) AS g FROM pts)""",
                (crs,))
    # An upper bound of each point's distance to the line: to the nearest piece start.
    con.execute("""CREATE TABLE bound AS SELECT p.rid, min(sqrt((c.vx - p.x) ^ 2 + (c.vy - p.y) ^ 2)) AS u
                   FROM pu p CROSS JOIN pieces c GROUP BY p.rid""")
    con.execute("""CREATE TABLE near_piece AS
                   SELECT p.rid, arg_min(c.k, ST_Distance(p.g, c.g)) AS k
                   FROM pu p JOIN bound b USING (rid) CROSS JOIN pieces c
                   WHERE sqrt(greatest(c.x0 - p.x, 0, p.x - c.x1) ^ 2 + greatest(c.y0 - p.y, 0, p.y - c.y1) ^ 2) <= b.u
                   GROUP BY p.rid""")
    con.execute("""CREATE TABLE near_border AS
                   SELECT rid, ST_Distance_Spheroid(ST_Point(latitude, longitude), ST_Point(ST_Y(np), ST_X(np))) AS d, ST_X(np) AS lon, ST_Y(np) AS lat
                   FROM (SELECT p.rid, p.latitude, p.longitude,
                                ST_Transform(ST_EndPoint(ST_ShortestLine(p.g, c.g)), ?, 'EPSG:4326', always_xy := true) AS np
                         FROM pu p JOIN near_piece n USING (rid) JOIN pieces c USING (k))""", (crs,))
    con.execute("""CREATE TABLE country AS
                   SELECT p.rid, min(c.iso3) AS country
                   FROM pts p JOIN cells c ON ST_Covers(c.g, ST_Point(p.longitude, p.latitude))
                   GROUP BY p.rid""")
    t2 = time.perf_counter()
    con.execute("""COPY (SELECT p.* EXCLUDE (rid), k.country, n.checkpoint_id, n.checkpoint_name,
                                round(n.d / 1000, 6) AS checkpoint_distance_km, round(b.d / 1000, 6) AS border_distance_km,
                                round(b.lon, 9) AS border_point_lon, round(b.lat, 9) AS border_point_lat
                         FROM pts p JOIN near_cp n USING (rid) JOIN near_border b USING (rid) LEFT JOIN country k USING (rid)
                         ORDER BY p.rid) TO '%s' (HEADER, DELIMITER ',')""" % out_csv.replace("'", "''"))
    t3 = time.perf_counter()

    report = {"engine": "DuckDB %s, spatial extension (duckdb-ext-spatial)" % duckdb.__version__, "crs": crs,
              "points": con.execute("SELECT count(*) FROM pts").fetchone()[0],
              "cells": con.execute("SELECT count(*) FROM cells").fetchone()[0],
              "prepare_s": t1 - t0, "compute_s": t2 - t1, "write_s": t3 - t2, "pipeline_s": t3 - t0}
    if a.ours:
        con.execute("CREATE TABLE ours AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", (a.ours,))
        con.execute("CREATE TABLE peer AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", (out_csv,))
        counts = con.execute("SELECT (SELECT count(*) FROM ours), (SELECT count(*) FROM peer)").fetchone()
        if counts[0] == counts[1]:
            for key in ("checkpoint", "border"):
                mx, med, p99, n = con.execute("""
                    SELECT max(e), median(e), quantile_cont(e, 0.99), count(*) FROM (
                      SELECT abs(CAST(p.{k}_distance_km AS DOUBLE) - CAST(o.{k}_distance_km AS DOUBLE)) * 1000 AS e
                      FROM peer p JOIN ours o USING (id))""".format(k=key)).fetchone()
                report["%s_error_m" % key] = {"max": mx, "median": med, "p99": p99, "n": n}
            report["checkpoint_mismatch"] = con.execute(
                "SELECT count(*) FROM peer p JOIN ours o USING (id) WHERE p.checkpoint_id IS DISTINCT FROM o.checkpoint_id").fetchone()[0]
            report["country_mismatch"] = con.execute(
                "SELECT count(*) FROM peer p JOIN ours o USING (id) WHERE p.country IS DISTINCT FROM o.country").fetchone()[0]
        else:
            report["warning"] = "row counts differ (%d ours vs %d peer): no comparison" % counts
    text = json.dumps(report, indent=1)
    print(text)
    if a.report:
        with open(a.report, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
