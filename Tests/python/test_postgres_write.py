"""`-o postgresql://…` checked against a real PostgreSQL 15 + PostGIS 3 server, read back with an
independent client (psycopg 3, the geometry as PostGIS's own `ST_AsBinary` decoded by shapely).

The server is the private test cluster (`scripts/pg_cluster.sh start` prints its URI;
`scripts/test` exports it as NROUTE_PG_URI). Every test writes into its own schema, dropped
afterwards. Checked:

* `nroute gaps --border kgz` into the database, and the round trip (geodata's seizures loaded
  into a table, `nroute seizures` reading it and writing its result as a table), hold exactly what
  the same command writes into a folder from the files: every GeoJSON layer is a table (a mixed file's lines and polygons are `<t>_line` and
  `<t>_polygon`), one row per feature in order (`fid` 1…n), the geometry equal coordinate for
  coordinate (tolerance 0: the doubles are sent as EWKB) in `geometry(<type>,4326)`, every property
  equal in its typed column (`bigint`, `double precision`, `boolean`, `text`; `jsonb` for arrays
  and objects); each table has a GiST index on `geom` and a comment naming the nroute version,
  the command line without the password and the time;
* an existing table is refused without `--overwrite` (status 64, one line naming it, the table
  byte for byte as it was); `--overwrite` replaces it, but never a table nroute did not write (an
  analyst's own, an input); no `nroute_tmp_*` table is ever left;
* hostile schema and prefix names (`x"; DROP TABLE …; --`) are only names;
* a connection lost mid-load — the backend killed with `pg_terminate_backend` while nroute runs
  its COPY of 1,500 coverage circles, and while it waits to swap the tables in — leaves no table, no
  temporary table and the old table untouched;
* `nroute layers` writes a project (`--files-dir`) that headless QGIS opens with every layer
  valid, read by QGIS's postgres provider, one layer per table, with the table's row count; the
  project holds no password (QGIS takes it from PGPASSWORD here, ~/.pgpass for an analyst);
  each table opened on its own (as from QGIS's Browser) gets its style from public.layer_styles
  (the gaps graduated, checkpoints and seizures categorised);
* each table's QML is its default style in public.layer_styles (well-formed XML, marked as
  nroute's); --overwrite replaces nroute's styles and keeps an analyst's own; a refused run
  changes none. (The path for a role that may not create public.layer_styles — a warning, no
  styles — is not exercised: the test role owns its database, and so the public schema.)
"""
from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import shapely
import shapely.geometry

from folder_layers import expected_tables
from nroute_tool import nroute_binary
from test_qgis_project import ENV, qgis_python

psycopg = pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip install -r Tests/python/requirements.txt)")

REPO = Path(__file__).resolve().parents[2]
QGIS_PG_CHECK = REPO / "scripts" / "qgis_pg_check.py"


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def uri() -> str:
    u = os.environ.get("NROUTE_PG_URI")
    if not u:
        pytest.skip("NROUTE_PG_URI is not set: export NROUTE_PG_URI=\"$(scripts/pg_cluster.sh start)\"")
    return u


@pytest.fixture(scope="module")
def password(uri) -> str:
    p = urlparse(uri).password
    assert p, "the test cluster's URI carries its password"
    return p


@pytest.fixture(scope="module")
def db(uri):
    with psycopg.connect(uri, autocommit=True) as conn:
        yield conn


@pytest.fixture()
def schema(db, request):
    name = "w_" + re.sub(r"[^a-z0-9]", "_", request.node.name.lower().removeprefix("test_"))[:20]
    db.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    yield name
    db.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    if db.execute("SELECT to_regclass('public.layer_styles')").fetchone()[0]:
        db.execute("DELETE FROM public.layer_styles WHERE f_table_schema = %s", [name])


def run(args: list[str], env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(nroute_binary("gaps", "--overwrite")), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, env=env, **kw)


# ------------------------------------------------------------------ reading back
def tables_in(db, schema: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY 1", [schema])]


def temporary_tables(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT relname FROM pg_class WHERE relname LIKE 'nroute\\_tmp\\_%%'")]


def columns(db, schema: str, table: str) -> dict[str, str]:
    return dict(db.execute(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        [schema, table]).fetchall())


def rows(db, schema: str, table: str) -> list[dict]:
    q = psycopg.sql.SQL("SELECT *, ST_AsBinary(geom) AS geom_wkb FROM {}.{} ORDER BY fid").format(
        psycopg.sql.Identifier(schema), psycopg.sql.Identifier(table))
    cur = db.cursor(row_factory=psycopg.rows.dict_row)
    return cur.execute(q).fetchall()


def comment(db, schema: str, table: str) -> str | None:
    return db.execute("SELECT obj_description(format('%%I.%%I', %s::text, %s::text)::regclass, 'pg_class')",
                      [schema, table]).fetchone()[0]


def fingerprint(db, schema: str, table: str) -> str:
    q = psycopg.sql.SQL("SELECT md5(string_agg(t::text, '|' ORDER BY fid)) FROM {}.{} t").format(
        psycopg.sql.Identifier(schema), psycopg.sql.Identifier(table))
    return db.execute(q).fetchone()[0]


def same_geometry(expected: dict, wkb: bytes | None) -> bool:
    """Coordinates equal exactly; a single geometry may be stored as its one-part multi geometry."""
    if expected is None:
        return wkb is None
    got = shapely.from_wkb(wkb)
    want = shapely.geometry.shape(expected)
    if got.geom_type == "Multi" + want.geom_type:
        want = {"LineString": shapely.MultiLineString, "Polygon": shapely.MultiPolygon, "Point": shapely.MultiPoint}[want.geom_type]([want])
    return got.geom_type == want.geom_type and shapely.equals_exact(got, want, tolerance=0)


def check_value(key: str, want, got, sql_type: str):
    """A GeoJSON property against its column value as psycopg returns it."""
    if want is None:
        assert got is None, (key, got)
        return
    if sql_type == "jsonb":
        assert got == want, (key, want, got)
    elif sql_type == "text" and isinstance(want, (list, dict, bool, int, float)):
        assert json.loads(got) == want, (key, want, got)  # a column mixing kinds holds JSON text
    elif sql_type == "text":
        assert got == want, (key, want, got)
    elif sql_type == "boolean":
        assert isinstance(want, bool) and got is want, (key, want, got)
    elif sql_type == "bigint":
        assert not isinstance(want, bool) and float(want) == float(int(want)) and got == int(want), (key, want, got)
    elif sql_type == "double precision":
        assert isinstance(got, float) and got == float(want), (key, want, got)
    else:
        raise AssertionError(f"{key}: unexpected column type {sql_type}")


def assert_tables_equal_folder(db, schema: str, folder: Path, prefix: str = "") -> int:
    expected = expected_tables(folder)
    assert expected, f"the folder run wrote no GeoJSON in {folder}"
    assert sorted(tables_in(db, schema)) == sorted(prefix + t for t in expected)
    compared = 0
    for t, features in expected.items():
        table = prefix + t
        cols = columns(db, schema, table)
        assert cols["fid"] == "bigint"
        geom_type = cols["geom"]
        assert re.fullmatch(r"geometry\((Multi)?(Point|LineString|Polygon),4326\)", geom_type), (table, geom_type)
        got = rows(db, schema, table)
        assert len(got) == len(features), table
        for i, (f, r) in enumerate(zip(features, got)):
            assert r["fid"] == i + 1
            assert same_geometry(f["geometry"], r["geom_wkb"]), (table, i)
            props = f.get("properties") or {}
            # Every property is a column (in order of first appearance across the layer) ...
            for key, want in props.items():
                assert key in cols, (table, key)
                check_value(key, want, r[key], cols[key])
                compared += 1
            # ... and a column a feature lacks is NULL for it.
            for key in cols:
                if key not in ("fid", "geom") and key not in props:
                    assert r[key] is None, (table, i, key)
        index = db.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
                           [schema, table]).fetchall()
        assert any("USING gist (geom)" in d for (d,) in index), (table, index)
        srid = db.execute("SELECT srid FROM geometry_columns WHERE f_table_schema = %s AND f_table_name = %s",
                          [schema, table]).fetchone()
        assert srid == (4326,)
    return compared


# ------------------------------------------------------------------ tests
def test_gaps_tables_equal_folder_run_value_for_value(tmp_path, uri, password, db, schema):
    folder = tmp_path / "folder"
    r = run(["gaps", "--border", "kgz", "-o", str(folder)])
    assert r.returncode == 0, r.stderr
    started = time.time()
    r = run(["gaps", "--border", "kgz", "-o", uri, "--schema", schema])
    assert r.returncode == 0, r.stderr
    assert password not in r.stdout + r.stderr
    assert f'"{schema}"."kaz_kgz_gaps"' in r.stdout
    compared = assert_tables_equal_folder(db, schema, folder)
    assert compared > 100
    types = columns(db, schema, "kaz_kgz_gaps")
    assert types["rank"] == "bigint" and types["length_km"] == "double precision", types
    note = comment(db, schema, "kaz_kgz_gaps")
    assert note.startswith("Stretches of ")
    assert "nroute 0.1.0" in note and password not in note
    assert f"scenario: nroute gaps --border kgz -o postgresql://nroute@" in note and f"--schema {schema}" in note
    stamp = re.search(r"at (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)", note).group(1)
    assert abs(time.mktime(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone - started) < 120
    assert temporary_tables(db) == []


def test_existing_table_refused_without_overwrite_replaced_with_it(uri, db, schema):
    r = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", uri, "--schema", schema])
    assert r.returncode == 0, r.stderr
    before = {t: fingerprint(db, schema, t) for t in tables_in(db, schema)}
    notes = {t: comment(db, schema, t) for t in before}
    assert set(before) == {"kaz_kgz_gaps", "kaz_kgz_coverage_line", "kaz_kgz_coverage_polygon"}

    again = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", uri, "--schema", schema])
    assert again.returncode == 64
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{schema}.kaz_kgz_gaps already exists" in lines[0] and "--overwrite" in lines[0], again.stderr
    assert {t: fingerprint(db, schema, t) for t in tables_in(db, schema)} == before
    assert {t: comment(db, schema, t) for t in before} == notes
    assert temporary_tables(db) == []

    # Damage the table, then --overwrite puts the full result back (a new comment, a new time).
    db.execute(f'DELETE FROM "{schema}".kaz_kgz_gaps WHERE fid > 1')
    time.sleep(1.1)
    r = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", uri, "--schema", schema, "--overwrite"])
    assert r.returncode == 0, r.stderr
    assert {t: fingerprint(db, schema, t) for t in tables_in(db, schema)} == before
    assert all(comment(db, schema, t) != notes[t] for t in before)
    assert temporary_tables(db) == []


def test_overwrite_never_replaces_a_table_nroute_did_not_write(uri, db, schema):
    db.execute(f'CREATE SCHEMA "{schema}"')
    db.execute(f'CREATE TABLE "{schema}".kaz_kgz_gaps (analyst_note text)')
    db.execute(f"INSERT INTO \"{schema}\".kaz_kgz_gaps VALUES ('mine')")
    r = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", uri, "--schema", schema, "--overwrite"])
    assert r.returncode == 64 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert f"{schema}.kaz_kgz_gaps" in r.stderr and "not written by nroute" in r.stderr
    assert tables_in(db, schema) == ["kaz_kgz_gaps"]
    assert db.execute(f'SELECT analyst_note FROM "{schema}".kaz_kgz_gaps').fetchall() == [("mine",)]
    assert temporary_tables(db) == []


def test_hostile_schema_and_prefix_are_only_names(uri, db, schema):
    db.execute("CREATE TABLE IF NOT EXISTS public.nroute_victim (x int)")
    hostile_schema = schema + '"; DROP TABLE public.nroute_victim; --'
    prefix = "p'\"); DROP TABLE nroute_victim; -- "  # + kaz_kgz_coverage_polygon: 59 bytes, within 63
    try:
        r = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", uri, "--schema", hostile_schema,
                 "--table-prefix", prefix])
        assert r.returncode == 0, r.stderr
        assert "nroute_victim" in tables_in(db, "public")
        got = tables_in(db, hostile_schema)
        assert got == sorted(prefix + t for t in ["kaz_kgz_coverage_line", "kaz_kgz_coverage_polygon", "kaz_kgz_gaps"])
        n = db.execute(psycopg.sql.SQL("SELECT count(*) FROM {}.{}").format(
            psycopg.sql.Identifier(hostile_schema), psycopg.sql.Identifier(prefix + "kaz_kgz_gaps"))).fetchone()[0]
        assert n == 8
    finally:
        db.execute(psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(psycopg.sql.Identifier(hostile_schema)))
        db.execute("DROP TABLE IF EXISTS public.nroute_victim")


def many_posts_file(path: Path, n: int) -> Path:
    """`n` outposts scattered within ~5 km of the Kazakh–Kyrgyz line: `nroute gaps` then writes a
    coverage table of `n` geodesic circles (~8 MB of COPY data for 1,500), a load that takes a while."""
    border = next(f for f in json.loads((REPO / "geodata" / "borders.geojson").read_text())["features"]
                  if f["properties"]["id"] == "kaz-kgz")
    points = border["geometry"]["coordinates"]
    rng = random.Random(19)
    lines = ["id,name,longitude,latitude"]
    for i in range(n):
        lon, lat = rng.choice(points)
        lines.append(f"load-{i},Load test post {i},{lon + rng.uniform(-0.05, 0.05):.6f},{lat + rng.uniform(-0.05, 0.05):.6f}")
    path.write_text("\n".join(lines) + "\n")
    return path


def terminate_when(db, predicate_sql: str, process: subprocess.Popen, timeout: float = 120) -> str:
    """Polls pg_stat_activity for nroute's backend in the state `predicate_sql` names and kills it."""
    deadline = time.time() + timeout
    while time.time() < deadline and process.poll() is None:
        hit = db.execute("SELECT pid, query FROM pg_stat_activity WHERE application_name = 'nroute' AND " + predicate_sql).fetchone()
        if hit:
            assert db.execute("SELECT pg_terminate_backend(%s)", [hit[0]]).fetchone()[0]
            return hit[1]
        time.sleep(0.005)
    raise AssertionError(f"nroute's backend never reached: {predicate_sql} (exit {process.poll()})")


def test_connection_lost_during_copy_leaves_no_table(tmp_path, uri, password, db, schema):
    posts = many_posts_file(tmp_path / "posts.csv", 1500)
    p = subprocess.Popen([str(nroute_binary("gaps", "--overwrite")), "gaps", "--border", "kgz", "--seizures", "none",
                          "--posts", str(posts), "-o", uri, "--schema", schema],
                         cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The third table (the coverage circles, the large one; ~0.6 s of COPY in a debug build), after
    # the first two were loaded.
    query = terminate_when(db, "state = 'active' AND query LIKE 'COPY %%\\_2\" (%%'", p)
    out, err = p.communicate(timeout=120)
    assert query.startswith("COPY ") and "nroute_tmp_" in query
    assert p.returncode == 74, (p.returncode, err)
    assert len(err.strip().splitlines()) == 1 and password not in err, err
    # The schema was created in the same transaction: nothing of the run is left.
    assert db.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [schema]).fetchone()[0] == 0
    assert temporary_tables(db) == []


def test_connection_lost_before_the_swap_keeps_the_old_table(uri, db, schema):
    r = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", uri, "--schema", schema])
    assert r.returncode == 0, r.stderr
    before = {t: fingerprint(db, schema, t) for t in tables_in(db, schema)}
    # Hold the advisory lock nroute takes on a table's name before it swaps it in: the run loads
    # every table, then waits; its backend is killed there.
    with psycopg.connect(uri, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(hashtext(%s))", [schema + ".kaz_kgz_gaps"])
        p = subprocess.Popen([str(nroute_binary("gaps", "--overwrite")), "gaps", "--border", "kgz", "--seizures", "none",
                              "-o", uri, "--schema", schema, "--overwrite"], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        query = terminate_when(db, "wait_event_type = 'Lock' AND query LIKE '%%pg_advisory_xact_lock%%'", p)
        out, err = p.communicate(timeout=120)
    assert "pg_advisory_xact_lock" in query
    assert p.returncode == 74 and len(err.strip().splitlines()) == 1, err
    assert {t: fingerprint(db, schema, t) for t in tables_in(db, schema)} == before
    assert temporary_tables(db) == []


def test_layers_project_opens_in_qgis_from_the_database(tmp_path, uri, password, db, schema):
    py = qgis_python()
    if py is None:
        pytest.skip("no python with the QGIS bindings (apt-get install python3-qgis)")
    files = tmp_path / "files"
    r = run(["layers", "--border", "kgz", "-o", uri, "--schema", schema, "--files-dir", str(files)])
    assert r.returncode == 0, r.stderr
    project = files / "northern-route.qgs"
    assert sorted(p.name for p in files.iterdir()) == ["northern-route.qgs", "northern-route.svg"]
    text = project.read_text()
    assert password not in text and "password" not in text
    # What the tables hold, counted by psycopg (the gaps test compares them with the GeoJSON).
    expected = {t: db.execute(psycopg.sql.SQL("SELECT count(*) FROM {}.{}").format(
        psycopg.sql.Identifier(schema), psycopg.sql.Identifier(t))).fetchone()[0] for t in tables_in(db, schema)}
    assert {"seizures", "kaz_kgz_gaps", "kaz_kgz_coverage_line", "kaz_kgz_coverage_polygon", "borders"} <= set(expected)

    env = {**ENV, "PGPASSWORD": password}
    check = subprocess.run([py, str(QGIS_PG_CHECK), str(project)], capture_output=True, text=True, env=env, timeout=300)
    assert check.returncode == 0, check.stderr[-3000:]
    report = json.loads(check.stdout)
    assert report["loaded"], report
    layers = report["layers"]
    assert sorted(re.search(r'table="[^"]+"\."([^"]+)"', l["source"]).group(1) for l in layers) == sorted(expected)
    for layer in layers:
        m = re.search(r'table="([^"]+)"\."([^"]+)"', layer["source"])
        assert m and m.group(1) == schema, layer
        assert layer["provider"] == "postgres" and layer["valid"], layer
        assert layer["features"] == expected[m.group(2)] > 0, layer
        assert layer["crs"] == "EPSG:4326", layer
    # Opened on its own (not through the project), each table gets its style from layer_styles.
    stored = {re.search(r'table="[^"]+"\."([^"]+)"', l["source"]).group(1): l["stored_renderer"] for l in layers}
    assert stored["kaz_kgz_gaps"] == "graduatedSymbol", stored
    assert stored["seizures"] == stored["checkpoints"] == "categorizedSymbol", stored


def styles_of(db, schema: str) -> list[tuple]:
    return db.execute("SELECT f_table_name, stylename, useasdefault, description, f_table_catalog = current_database(), "
                      "f_geometry_column, xml_is_well_formed_document(styleqml::text) FROM public.layer_styles "
                      "WHERE f_table_schema = %s ORDER BY f_table_name, id", [schema]).fetchall()


def test_styles_stored_in_layer_styles_replaced_by_overwrite_an_analysts_kept(uri, db, schema):
    r = run(["gaps", "--border", "kgz", "-o", uri, "--schema", schema])
    assert r.returncode == 0, r.stderr
    tables = tables_in(db, schema)
    styles = styles_of(db, schema)
    # One default style per table, a well-formed QML document of QGIS, marked as nroute's.
    assert [s[0] for s in styles] == sorted(tables), styles
    for table, name, default, description, same_db, column, well_formed in styles:
        assert default and same_db and column == "geom" and well_formed, (table, name)
        assert description.startswith("Written by nroute"), description
    qml = db.execute("SELECT styleqml::text FROM public.layer_styles WHERE f_table_schema = %s AND f_table_name = 'kaz_kgz_gaps'",
                     [schema]).fetchone()[0]
    assert "<qgis" in qml and 'type="graduatedSymbol"' in qml
    # An analyst's own style of the gaps table survives an --overwrite; nroute's is replaced, not added.
    db.execute("INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, stylename, "
               "styleqml, useasdefault, description) VALUES (current_database(), %s, 'kaz_kgz_gaps', 'geom', 'mine', "
               "XMLPARSE(DOCUMENT '<qgis/>'), false, 'my own')", [schema])
    before = db.execute("SELECT max(id) FROM public.layer_styles").fetchone()[0]
    r = run(["gaps", "--border", "kgz", "-o", uri, "--schema", schema, "--overwrite"])
    assert r.returncode == 0, r.stderr
    after = styles_of(db, schema)
    assert sorted(s[0] for s in after if s[1] != "mine") == sorted(tables) and [s for s in after if s[1] == "mine"], after
    ids = db.execute("SELECT min(id) FROM public.layer_styles WHERE f_table_schema = %s AND stylename <> 'mine'", [schema]).fetchone()[0]
    assert ids > before, "the earlier nroute styles were replaced by new rows"
    # A refused run (no --overwrite) changes no style.
    r = run(["gaps", "--border", "kgz", "-o", uri, "--schema", schema])
    assert r.returncode == 64 and styles_of(db, schema) == after


def test_gdal_style_string_and_password_from_the_environment(uri, password, db, schema):
    u = urlparse(uri)
    pg = f"PG:dbname={u.path.lstrip('/')} host={u.hostname} port={u.port} user={u.username}"
    env = {**os.environ, "PGPASSWORD": password}
    r = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", pg, "--schema", schema], env=env)
    assert r.returncode == 0, r.stderr
    assert tables_in(db, schema) == ["kaz_kgz_coverage_line", "kaz_kgz_coverage_polygon", "kaz_kgz_gaps"]
    assert f"-o postgresql://{u.username}@{u.hostname}:{u.port}/" in comment(db, schema, "kaz_kgz_gaps")


def test_server_down_and_flags_without_a_database_are_one_line(uri, password):
    down = urlparse(uri)._replace(netloc=f"nroute:{password}@127.0.0.1:1").geturl()
    r = run(["gaps", "--border", "kgz", "--seizures", "none", "-o", down])
    assert r.returncode == 74 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "127.0.0.1:1" in r.stderr and password not in r.stderr
    r = run(["gaps", "--border", "kgz", "--overwrite"])
    assert r.returncode == 64 and "PostgreSQL output only" in r.stderr


def test_round_trip_seizures_table_to_results_table_equals_the_file_run(tmp_path, uri, db, schema):
    """file → PostGIS table A → nroute seizures → PostGIS table B, against `nroute seizures` on the file."""
    import csv
    source = REPO / "geodata" / "seizures.csv"
    with source.open(newline="") as f:
        records = list(csv.DictReader(f))
    keys = [k for k in records[0] if k not in ("longitude", "latitude")]
    db.execute(f'CREATE SCHEMA "{schema}"')
    db.execute(psycopg.sql.SQL("CREATE TABLE {}.seizures_in ({}, geom geometry(Point,4326))").format(
        psycopg.sql.Identifier(schema), psycopg.sql.SQL(", ").join(psycopg.sql.SQL("{} text").format(psycopg.sql.Identifier(k)) for k in keys)))
    with db.cursor() as cur:
        for r in records:
            cur.execute(psycopg.sql.SQL("INSERT INTO {}.seizures_in VALUES ({}, ST_SetSRID(ST_MakePoint(%s::float8, %s::float8), 4326))").format(
                psycopg.sql.Identifier(schema), psycopg.sql.SQL(", ").join(psycopg.sql.Placeholder() * len(keys))),
                [r[k] for k in keys] + [r["longitude"], r["latitude"]])
    folder = tmp_path / "folder"
    r = run(["seizures", "-o", str(folder)])
    assert r.returncode == 0, r.stderr
    r = run(["seizures", "--seizures", uri, "--seizures-table", f"{schema}.seizures_in", "-o", uri, "--schema", schema])
    assert r.returncode == 0, r.stderr
    (folder / "seizures.csv").unlink()
    tables = tables_in(db, schema)
    assert tables == ["seizures", "seizures_in"]
    db.execute(f'ALTER TABLE "{schema}".seizures_in SET SCHEMA public')  # compare the written table alone
    try:
        assert assert_tables_equal_folder(db, schema, folder) > 10 * len(records)
    finally:
        db.execute(f'DROP TABLE public.seizures_in')
