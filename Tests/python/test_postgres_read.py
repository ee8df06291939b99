"""Reading from PostGIS (`--seizures`, `--posts`, `--border-file` with a postgresql:// or PG:
connection and `--…-table` / `--…-query`) against the private test cluster that scripts/test
starts (`scripts/pg_cluster.sh start`, URI in NROUTE_PG_URI; without it these tests skip, and
fail under CI=true).

Oracles: the same records read from geodata's files by nroute's file readers (the outputs must be
identical, byte for byte, for tables loaded from those files by GDAL's ogr2ogr); for other SRIDs,
PostGIS's own ST_Transform (the projected table is made by it from the WGS84 one) and the closed
form of the spherical Mercator inverse (EPSG:3857: lon = x/R, lat = 2·atan(exp(y/R)) − π/2,
R = 6378137 m), independent of PROJ. Tolerances: positions 1e-9° (~0.1 mm), distances 2e-6 km
(the outputs' 1 mm rounding plus the transformation's round-off)."""
from __future__ import annotations

import json
import math
import os
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from nroute_tool import REPO, nroute_binary

URI = os.environ.get("NROUTE_PG_URI", "")
pytestmark = pytest.mark.skipif(not URI, reason="NROUTE_PG_URI is not set (export NROUTE_PG_URI=\"$(scripts/pg_cluster.sh start)\")")
SCHEMA = f"nroute_read_{os.getpid()}"
HOSTILE = 'x"; DROP TABLE victim; --'
POSITION_TOLERANCE_DEG = 1e-9
DISTANCE_TOLERANCE_KM = 2e-6


def parts() -> urllib.parse.ParseResult:
    return urllib.parse.urlparse(URI)


def password() -> str:
    return urllib.parse.unquote(parts().password or "")


def gdal_conninfo() -> str:
    p = parts()
    return f"PG:host={p.hostname} port={p.port} dbname={p.path[1:]} user={p.username} password={password()}"


def psql(sql: str) -> str:
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", URI, "-c", sql],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def nroute(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(nroute_binary("seizures", "--seizures-table")), *args], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


def load(file: Path, table: str, *extra: str) -> None:
    """ogr2ogr (GDAL's PostgreSQL driver) loads `file` into SCHEMA.table, without its FID column."""
    r = subprocess.run(["ogr2ogr", "-f", "PostgreSQL", gdal_conninfo(), str(file), "-nln", f"{SCHEMA}.{table}",
                        "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=nroute_fid", *extra],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    psql(f'ALTER TABLE {SCHEMA}."{table}" DROP COLUMN nroute_fid')


@pytest.fixture(scope="module")
def schema():
    psql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
    load(REPO / "geodata" / "seizures.csv", "seizures", "-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude",
         "-oo", "KEEP_GEOM_COLUMNS=NO", "-a_srs", "EPSG:4326")
    yield SCHEMA
    psql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


@pytest.fixture(scope="module")
def file_run(tmp_path_factory):
    """geodata's seizures.csv through nroute's file reader: the reference."""
    d = tmp_path_factory.mktemp("file-run")
    r = nroute("seizures", "-o", "out", "--format", "json", cwd=d)
    assert r.returncode == 0, r.stderr
    return d / "out", json.loads(r.stdout)


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text())["features"]


def test_seizures_from_postgis_equal_the_file_run(schema, file_run, tmp_path):
    out, summary = file_run
    r = nroute("seizures", "--seizures", URI, "--seizures-table", f"{schema}.seizures", "-o", "db", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert password() not in r.stdout + r.stderr
    assert json.loads(r.stdout) == summary
    for name in ("seizures.geojson", "seizures.csv"):
        assert (tmp_path / "db" / name).read_bytes() == (out / name).read_bytes(), name
    # Value for value too (the byte equality above implies it; this names the first difference).
    for a, b in zip(features(tmp_path / "db" / "seizures.geojson"), features(out / "seizures.geojson"), strict=True):
        assert a == b


def mercator_inverse(x: float, y: float) -> tuple[float, float]:
    r = 6378137.0
    return math.degrees(x / r), math.degrees(2 * math.atan(math.exp(y / r)) - math.pi / 2)


def test_other_srid_null_geometry_and_many_blocks(schema, file_run, tmp_path):
    """Web Mercator (EPSG:3857), made by PostGIS from the WGS84 table, plus 2,500 more rows (three
    cursor blocks) and one row with a NULL geometry (skipped and counted as unlocated, as a file's
    record without coordinates is)."""
    out, _ = file_run
    t = f"{schema}.seizures_3857"
    psql(f"CREATE TABLE {t} AS SELECT id, date_start, date_end, date_inferred, place_reported, admin_level, province, country, "
         f"geonameid, location_precision_m, drug, amount, unit, source_file, source_sentence, notes, "
         f"ST_Transform(geom, 3857)::geometry(Point, 3857) AS geom FROM {schema}.seizures;"
         f"INSERT INTO {t} (id, drug, amount, geom) SELECT 'syn-' || g, 'heroin', g::text, "
         f"ST_Transform(ST_SetSRID(ST_MakePoint(69.5 + (g % 50) * 0.12, 40.5 + (g / 50) * 0.06), 4326), 3857) "
         f"FROM generate_series(1, 2500) AS g;"
         f"INSERT INTO {t} (id, drug, geom) VALUES ('no-point', 'heroin', NULL)")
    xy = {row.split("|")[0]: (float(row.split("|")[1]), float(row.split("|")[2]))
          for row in psql(f"SELECT id, ST_X(geom), ST_Y(geom) FROM {t} WHERE geom IS NOT NULL").split()}
    r = nroute("seizures", "--seizures", URI, "--seizures-table", t, "-o", "db", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["records_read"] == 11 + 2500 + 1
    assert summary["records_unlocated"] == 1
    got = {f["properties"]["id"]: f for f in features(tmp_path / "db" / "seizures.geojson")}
    assert len(got) == 11 + 2500 and "no-point" not in got
    worst_position = worst_distance = 0.0
    for ref in features(out / "seizures.geojson"):
        f = got[ref["properties"]["id"]]
        for a, b in zip(f["geometry"]["coordinates"], ref["geometry"]["coordinates"], strict=True):
            worst_position = max(worst_position, abs(a - b))
        assert f["properties"].keys() == ref["properties"].keys()
        for k, v in ref["properties"].items():
            w = f["properties"][k]
            if isinstance(v, float) and k.endswith("_km"):
                worst_distance = max(worst_distance, abs(w - v))
            elif isinstance(v, float) and k.startswith("border_point_"):
                worst_position = max(worst_position, abs(w - v))
            else:
                assert w == v, (ref["properties"]["id"], k)
    assert worst_position <= POSITION_TOLERANCE_DEG
    assert worst_distance <= DISTANCE_TOLERANCE_KM
    # The synthetic rows against the closed-form inverse of spherical Mercator (no PROJ).
    worst = 0.0
    for i in range(1, 2501):
        lon, lat = got[f"syn-{i}"]["geometry"]["coordinates"]
        elon, elat = mercator_inverse(*xy[f"syn-{i}"])
        worst = max(worst, abs(lon - elon), abs(lat - elat))
    assert worst <= POSITION_TOLERANCE_DEG, worst


POSTS = [("post-a", "Outpost A", 74.1, 42.85), ("post-b", "Outpost B", 75.6, 42.9), ("post-c", "Outpost C", 78.2, 42.95)]


def test_posts_in_utm_and_a_query_agree_with_the_file(schema, tmp_path):
    """Posts in UTM zone 43N (EPSG:32643, made by PostGIS's ST_Transform), read through a query,
    against the same posts in a CSV file: the same gaps within the tolerances."""
    (tmp_path / "posts.csv").write_text("id,name,kind,longitude,latitude\n"
                                        + "".join(f"{i},{n},outpost,{lon},{lat}\n" for i, n, lon, lat in POSTS))
    psql(f"CREATE TABLE {schema}.posts_utm (id text, name text, kind text, geom geometry(Point, 32643));"
         + "".join(f"INSERT INTO {schema}.posts_utm VALUES ('{i}', '{n}', 'outpost', "
                   f"ST_Transform(ST_SetSRID(ST_MakePoint({lon}, {lat}), 4326), 32643));" for i, n, lon, lat in POSTS))
    query = f"SELECT id, name, kind, geom FROM {schema}.posts_utm ORDER BY id"
    r = nroute("gaps", "--posts", URI, "--posts-query", query, "-o", "db", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = nroute("gaps", "--posts", "posts.csv", "-o", "file", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for name in ("kaz-kgz-gaps.geojson", "kaz-kgz-coverage.geojson"):
        a, b = features(tmp_path / "db" / name), features(tmp_path / "file" / name)
        assert len(a) == len(b) > 0
        for fa, fb in zip(a, b):
            assert fa["geometry"]["type"] == fb["geometry"]["type"]
            pa, pb = json.dumps(fa["geometry"]["coordinates"]), json.dumps(fb["geometry"]["coordinates"])
            ca = [float(x) for x in pa.replace("[", " ").replace("]", " ").replace(",", " ").split()]
            cb = [float(x) for x in pb.replace("[", " ").replace("]", " ").replace(",", " ").split()]
            assert len(ca) == len(cb)
            assert max((abs(x - y) for x, y in zip(ca, cb)), default=0) <= POSITION_TOLERANCE_DEG
            assert fa["properties"].keys() == fb["properties"].keys()
            for k, v in fb["properties"].items():
                if isinstance(v, float):
                    assert abs(fa["properties"][k] - v) <= DISTANCE_TOLERANCE_KM, (name, k)
                else:
                    assert fa["properties"][k] == v, (name, k)


def test_border_lines_from_postgis_equal_the_file(schema, tmp_path):
    """geodata's Natural Earth border set loaded by ogr2ogr: `--border kgz` picks the same line."""
    load(REPO / "geodata" / "borders-ne.geojson", "borders_ne", "-nlt", "GEOMETRY")
    r = nroute("gaps", "--border-file", URI, "--border-table", f"{schema}.borders_ne", "--border", "kgz", "-o", "db",
               "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    f = nroute("gaps", "--border-file", str(REPO / "geodata" / "borders-ne.geojson"), "--border", "kgz", "-o", "file",
               "--format", "json", cwd=tmp_path)
    assert f.returncode == 0, f.stderr
    assert json.loads(r.stdout) == json.loads(f.stdout)
    for name in ("kaz-kgz-gaps.geojson", "kaz-kgz-coverage.geojson"):
        assert (tmp_path / "db" / name).read_bytes() == (tmp_path / "file" / name).read_bytes()


def one_line_failure(r: subprocess.CompletedProcess, status: int, *expected: str) -> str:
    assert r.returncode == status, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for e in expected:
        assert e in lines[0], lines[0]
    assert password() not in r.stderr + r.stdout
    return lines[0]


def test_missing_table_bad_query_no_geometry(schema, tmp_path):
    missing = nroute("seizures", "--seizures", URI, "--seizures-table", f"{schema}.no_such_table", "-o", "out", cwd=tmp_path)
    one_line_failure(missing, 66, f"table {schema}.no_such_table", "no such table")
    bad = nroute("seizures", "--seizures", URI, "--seizures-query", f"SELECT no_such_column FROM {schema}.seizures", "-o", "out", cwd=tmp_path)
    one_line_failure(bad, 65, "query", "no_such_column")
    plain = nroute("seizures", "--seizures", URI, "--seizures-query", "SELECT 1 AS n", "-o", "out", cwd=tmp_path)
    one_line_failure(plain, 65, "no geometry or geography column")
    without = nroute("seizures", "--seizures", URI, "-o", "out", cwd=tmp_path)
    assert without.returncode == 64 and "--seizures-table" in without.stderr
    assert not (tmp_path / "out").exists()


def test_wrong_password_and_server_down(schema, tmp_path):
    p = parts()
    wrong = "Wr0ngPassw0rd-4711"
    bad = URI.replace(f":{p.password}@", f":{wrong}@")
    r = nroute("seizures", "--seizures", bad, "--seizures-table", f"{schema}.seizures", "-o", "out", cwd=tmp_path)
    line = one_line_failure(r, 74, "password authentication failed")
    assert wrong not in line
    gdal = f"PG:dbname={p.path[1:]} host={p.hostname} port={p.port} user={p.username} password={wrong}"
    r = nroute("gaps", "--posts", gdal, "--posts-table", f"{schema}.seizures", "-o", "out", cwd=tmp_path)
    assert wrong not in one_line_failure(r, 74, "password authentication failed")
    down = URI.replace(f":{p.port}/", ":1/")
    r = nroute("seizures", "--seizures", down, "--seizures-table", f"{schema}.seizures", "-o", "out", cwd=tmp_path)
    one_line_failure(r, 74, "cannot connect", "refused")
    assert not (tmp_path / "out").exists()


def test_hostile_table_name(schema, tmp_path):
    quoted = '"' + HOSTILE.replace('"', '""') + '"'
    psql(f"CREATE TABLE {schema}.victim (v int); CREATE TABLE {schema}.{quoted} (id text, kind text, geom geometry(Point, 4326));"
         f"INSERT INTO {schema}.{quoted} VALUES ('p1', 'outpost', ST_SetSRID(ST_MakePoint(75.6, 42.9), 4326))")
    r = nroute("gaps", "--posts", URI, "--posts-table", f"{schema}.{quoted}", "--format", "json", "-o", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "p1" in (tmp_path / "out" / "kaz-kgz-coverage.geojson").read_text()
    # Unquoted, the same text names no table: refused as missing, nothing dropped.
    r = nroute("gaps", "--posts", URI, "--posts-table", f"{schema}.{HOSTILE}x", "-o", "out2", cwd=tmp_path)
    assert r.returncode in (64, 66), r.stderr
    assert psql(f"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename IN ('victim', '{HOSTILE}')").strip() == "2"


def test_connection_lost_mid_stream_writes_nothing(schema, tmp_path):
    """The backend of the reading connection is terminated while nroute fetches blocks: one line,
    status 74, and no output folder (the run's files are never half there)."""
    t = f"{schema}.slow"
    psql(f"CREATE TABLE {t} AS SELECT 'slow-' || g AS id, ST_SetSRID(ST_MakePoint(75 + g * 1e-4, 43), 4326) AS geom "
         f"FROM generate_series(1, 1500) AS g")
    # pg_sleep per row keeps the stream going for seconds (the count runs it too).
    query = f"SELECT id, geom, pg_sleep(0.001) IS NULL AS slow FROM {t}"
    p = subprocess.Popen([str(nroute_binary("seizures", "--seizures-table")), "seizures", "--seizures", URI, "--seizures-query", query,
                          "-o", "out"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = ""
    try:
        import time
        deadline = time.monotonic() + 240
        while not killed and p.poll() is None and time.monotonic() < deadline:
            killed = psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE application_name = 'nroute' AND query LIKE 'FETCH FORWARD%'").strip()
            time.sleep(0.05)
        out, err = p.communicate(timeout=240)
    finally:
        if p.poll() is None:
            p.kill()
    assert killed == "t", "the stream ended before its backend could be terminated"
    assert p.returncode == 74, err
    assert len(err.strip().splitlines()) == 1, err
    assert "query" in err and password() not in err + out, err
    assert not (tmp_path / "out").exists()
