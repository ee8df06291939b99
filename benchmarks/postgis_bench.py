#!/usr/bin/env python3
"""Seizures read from PostGIS and analysed by nroute, beside the same job done in SQL inside PostGIS.

    python3 benchmarks/postgis_bench.py [--n 1000000] [--runs 3] [--sql-runs N] [--nroute .build/release/nroute]

Needs a server with PostGIS: NROUTE_PG_URI, or a private cluster this script starts and stops
(scripts/pg_cluster.sh, port 55435). In one run:

1. Data: N seizures at random points (seeded: setseed(0.19)) over 66–81° E, 39–46° N, made by SQL
   in `bench.seizures` (id, drug, amount, geom Point 4326); geodata's kaz-kgz border line, its
   checkpoints within the 50 km control reach (nroute's rule) and the country polygons loaded by
   ogr2ogr.
2. nroute: `nroute seizures --seizures URI --seizures-table bench.seizures` (release build):
   read through the cursor, nearest checkpoint, distance to the border, gap, country, province,
   seizures.geojson + seizures.csv written. Wall time, median of --runs.
3. PostGIS: one CREATE TABLE AS: nearest checkpoint by geography KNN (`<->` then `ST_Distance`
   on geography, spheroid), `ST_Distance` geography to the border line (cut by `ST_Subdivide`
   into pieces of ≤ 32 vertices under a GiST index, the nearest piece by KNN: the whole line
   costs ~19 ms a point, hours for a million), country by `ST_Covers` (the polygons cut by
   `ST_Subdivide` into pieces of ≤ 255 vertices under a GiST index: whole, ~13 ms a point).
   Wall time, median of --runs.
4. The distance differences (nroute − PostGIS), max / median / p99, and the records with another
   nearest checkpoint or another country.

5. Written back: `nroute seizures --seizures URI --seizures-table bench.seizures -o URI --schema
   bench_out --overwrite --files-dir DIR` (read, analyse, COPY into a new table, GiST index,
   swapped in one transaction). Wall time, median of --runs; the table's row count and its
   checkpoint and border distances checked against the folder run's CSV, row by row."""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def psql(uri: str, sql: str) -> str:
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"psql: {r.stderr.strip()}")
    return r.stdout


def gdal(uri: str) -> str:
    p = urllib.parse.urlparse(uri)
    return (f"PG:host={p.hostname} port={p.port} dbname={p.path[1:]} user={p.username} "
            f"password={urllib.parse.unquote(p.password or '')}")


def ogr(uri: str, src: Path, table: str, *extra: str) -> None:
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", gdal(uri), str(src), "-nln", table, "-overwrite",
                    "-lco", "GEOMETRY_NAME=geom", *extra], check=True)


def load(uri: str, n: int) -> None:
    psql(uri, "DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench")
    psql(uri, "SELECT setseed(0.19); CREATE TABLE bench.seizures AS SELECT 'b-' || g AS id, "
              "(ARRAY['heroin', 'opium', 'hashish'])[1 + g % 3] AS drug, round((random() * 50)::numeric, 2) AS amount, "
              f"ST_SetSRID(ST_MakePoint(66 + random() * 15, 39 + random() * 7), 4326)::geometry(Point, 4326) AS geom "
              f"FROM generate_series(1, {n}) AS g; ANALYZE bench.seizures")
    ogr(uri, REPO / "geodata" / "borders.geojson", "bench.borders", "-nlt", "GEOMETRY")
    ogr(uri, REPO / "geodata" / "countries.geojson", "bench.countries", "-nlt", "MULTIPOLYGON")
    ogr(uri, REPO / "geodata" / "checkpoints.csv", "bench.all_checkpoints", "-oo", "X_POSSIBLE_NAMES=longitude",
        "-oo", "Y_POSSIBLE_NAMES=latitude", "-a_srs", "EPSG:4326")
    psql(uri, "CREATE TABLE bench.border AS SELECT geom::geography AS geog FROM bench.borders WHERE id = 'kaz-kgz';"
              "CREATE TABLE bench.border_pieces AS SELECT ST_Subdivide(geom, 32)::geography AS geog FROM bench.borders WHERE id = 'kaz-kgz';"
              "CREATE INDEX ON bench.border_pieces USING gist (geog);"
              "CREATE TABLE bench.checkpoints AS SELECT c.id, c.geom::geography AS geog FROM bench.all_checkpoints c, bench.border b "
              "WHERE c.kind = 'checkpoint' AND ST_DWithin(c.geom::geography, b.geog, 50000);"
              "CREATE INDEX ON bench.checkpoints USING gist (geog);"
              "CREATE TABLE bench.country_pieces AS SELECT iso3, ST_Subdivide(geom, 255) AS geom FROM bench.countries;"
              "CREATE INDEX ON bench.country_pieces USING gist (geom); ANALYZE bench.country_pieces")


SQL_JOB = """
DROP TABLE IF EXISTS bench.sql_result;
CREATE TABLE bench.sql_result AS
SELECT s.id, cp.id AS checkpoint_id, ST_Distance(s.geom::geography, cp.geog) / 1000 AS checkpoint_km,
       (SELECT ST_Distance(s.geom::geography, p.geog) FROM bench.border_pieces p
        ORDER BY p.geog <-> s.geom::geography LIMIT 1) / 1000 AS border_km, c.iso3 AS country
FROM bench.seizures s
CROSS JOIN LATERAL (SELECT id, geog FROM bench.checkpoints ORDER BY geog <-> s.geom::geography LIMIT 1) cp
LEFT JOIN LATERAL (SELECT iso3 FROM bench.country_pieces c WHERE ST_Covers(c.geom, s.geom) LIMIT 1) c ON true
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--nroute", default=str(REPO / ".build" / "release" / "nroute"))
    ap.add_argument("--sql-runs", type=int, help="runs of the PostGIS job (default --runs; 0: nroute only)")
    a = ap.parse_args()
    started = False
    uri = os.environ.get("NROUTE_PG_URI")
    env = dict(os.environ, NROUTE_PG_PORT="55435")
    if not uri:
        uri = subprocess.run([str(REPO / "scripts" / "pg_cluster.sh"), "start"], capture_output=True, text=True, check=True, env=env).stdout.strip()
        started = True
    try:
        t = time.monotonic()
        load(uri, a.n)
        print(f"data: {a.n} seizures in bench.seizures ({time.monotonic() - t:.1f} s to make)", file=sys.stderr)
        out = Path(tempfile.mkdtemp(prefix="postgis-bench-"))
        ours = []
        for i in range(a.runs):
            t = time.monotonic()
            r = subprocess.run([a.nroute, "seizures", "--seizures", uri, "--seizures-table", "bench.seizures", "-o", str(out),
                                "--format", "json"], capture_output=True, text=True)
            ours.append(time.monotonic() - t)
            if r.returncode != 0:
                sys.exit(r.stderr)
            print(f"nroute run {i + 1}: {ours[-1]:.2f} s", file=sys.stderr)
        back = []
        files = Path(tempfile.mkdtemp(prefix="postgis-bench-files-"))
        for i in range(a.runs):
            t = time.monotonic()
            r = subprocess.run([a.nroute, "seizures", "--seizures", uri, "--seizures-table", "bench.seizures", "-o", uri,
                                "--schema", "bench_out", "--overwrite", "--files-dir", str(files), "--format", "json"],
                               capture_output=True, text=True)
            back.append(time.monotonic() - t)
            if r.returncode != 0:
                sys.exit(r.stderr)
            print(f"nroute run {i + 1}, written back into PostGIS: {back[-1]:.2f} s", file=sys.stderr)
        written = {}
        for line in psql(uri, "SELECT id, checkpoint_distance_km, border_distance_km FROM bench_out.seizures").splitlines():
            i, ck, bk = line.split("|")
            written[i] = (ck, bk)
        mismatched = 0
        with open(out / "seizures.csv", newline="") as f:
            rows = 0
            for row in csv.DictReader(f):
                rows += 1
                ck, bk = written.get(row["id"], (None, None))
                if ck is None or (row["checkpoint_distance_km"] or "") != ck and float(row["checkpoint_distance_km"]) != float(ck) \
                        or (row["border_distance_km"] or "") != bk and float(row["border_distance_km"]) != float(bk):
                    mismatched += 1
        if len(written) != rows or mismatched:
            sys.exit(f"written back: {len(written)} rows for {rows} in the folder run, {mismatched} with other distances")
        print(f"written back: {len(written)} rows, every checkpoint and border distance equal to the folder run's", file=sys.stderr)
        theirs = []
        for i in range(a.runs if a.sql_runs is None else a.sql_runs):
            t = time.monotonic()
            psql(uri, SQL_JOB)
            theirs.append(time.monotonic() - t)
            print(f"PostGIS run {i + 1}: {theirs[-1]:.2f} s", file=sys.stderr)
        result = {"n": a.n, "nroute_wall_s": ours, "nroute_median_s": statistics.median(ours),
                  "nroute_written_back_wall_s": back, "nroute_written_back_median_s": statistics.median(back),
                  "load_average": os.getloadavg()}
        if theirs:
            sql = {}
            for line in psql(uri, "SELECT id, checkpoint_id, checkpoint_km, border_km, coalesce(country, '') FROM bench.sql_result").splitlines():
                i, cp, ck, bk, co = line.split("|")
                sql[i] = (cp, float(ck), float(bk), co)
            dc, db, other_cp, other_country = [], [], 0, 0
            with open(out / "seizures.csv", newline="") as f:
                for row in csv.DictReader(f):
                    cp, ck, bk, co = sql[row["id"]]
                    if row["checkpoint_id"] != cp:
                        other_cp += 1
                    else:
                        dc.append(abs(float(row["checkpoint_distance_km"]) - ck) * 1000)
                    db.append(abs(float(row["border_distance_km"]) - bk) * 1000)
                    if (row["country"] or "") != co:
                        other_country += 1
            dc.sort(); db.sort()
            result |= {"postgis_wall_s": theirs, "postgis_median_s": statistics.median(theirs),
                       "checkpoint_diff_m": {"max": dc[-1], "median": dc[len(dc) // 2], "p99": dc[int(len(dc) * 0.99)]},
                       "border_diff_m": {"max": db[-1], "median": db[len(db) // 2], "p99": db[int(len(db) * 0.99)]},
                       "other_nearest_checkpoint": other_cp, "other_country": other_country}
        print(json.dumps(result, indent=2))
    finally:
        if started:
            subprocess.run([str(REPO / "scripts" / "pg_cluster.sh"), "stop"], env=env)


if __name__ == "__main__":
    main()
