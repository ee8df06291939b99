"""The QGIS plugin writing into PostGIS: a QGIS PostgreSQL connection (defined in the fresh
profile's settings, as an analyst saves one in the Browser) chosen as DATABASE, against the private
test cluster (`scripts/pg_cluster.sh`, NROUTE_PG_URI).

* `qgis_process run northernroute:gaps` (and plan, and seizures) with DATABASE, SCHEMA and
  TABLE_PREFIX writes the tables `nroute <command> -o postgresql://… --schema S --table-prefix P`
  writes, row for row (every column, the geometry as PostGIS's ST_AsBinary), and the files beside
  them into FILES_DIR; the password is nowhere in the Processing log (it goes to nroute in
  PGPASSWORD); no GeoPackage is written; a second run without OVERWRITE is refused in one line,
  with OVERWRITE it replaces the tables;
* an output GeoPackage and a database together are refused in one line, nothing written;
* in QGIS itself (processing.run, as the toolbox runs it) the tables are queued to load from the
  database through QGIS's postgres provider, each with the default style nroute stored in
  public.layer_styles (the gaps graduated), and with patrol hours the travel-time GeoTIFF from
  FILES_DIR.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from nroute_tool import nroute_binary
from test_postgres_write import db, password, rows, schema, tables_in, uri  # noqa: F401 (fixtures)
from test_qgis_plugin import REPO, error_lines, profile, qgis_process, run_in_qgis  # noqa: F401 (fixtures)

CONNECTION = "nroute-test-cluster"


@pytest.fixture()
def connection(profile, uri, password):  # noqa: F811
    """A saved QGIS PostgreSQL connection to the test cluster, password saved with it."""
    u = urlparse(uri)
    ini = profile["config"] / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    original = ini.read_text() if ini.exists() else None
    key = "connections\\" + CONNECTION + "\\"
    settings = {"host": u.hostname, "port": u.port, "database": u.path.lstrip("/"), "username": u.username,
                "password": password, "saveUsername": "true", "savePassword": "true", "sslmode": "SslDisable"}
    with ini.open("a") as f:
        f.write("\n[PostgreSQL]\n" + "".join(f"{key}{k}={v}\n" for k, v in settings.items()))
    yield CONNECTION
    if original is None:
        ini.unlink()
    else:
        ini.write_text(original)


def table_rows(db, schema: str, table: str) -> list[dict]:  # noqa: F811
    """The table's rows with the geometry as WKB (the rows' `geom` as sent by the server is EWKB hex)."""
    return [{k: v for k, v in r.items() if k != "geom"} for r in rows(db, schema, table)]


CASES = {
    "gaps": (["BORDER=kgz"], ["gaps", "--border", "kgz"]),
    "plan": (["NEW_POSTS=3", "NO_CURVE=true"], ["plan", "--border", "kgz", "--new-posts", "3", "--no-curve"]),
    "seizures": ([], ["seizures"]),
}


@pytest.mark.parametrize("case", CASES)
def test_tables_written_into_the_database_equal_the_cli_run(profile, connection, uri, password, db, schema, tmp_path, case):  # noqa: F811
    params, cli = CASES[case]
    files = tmp_path / "files"
    run = qgis_process(profile, "run", f"northernroute:{case}", "--", *params, f"DATABASE={connection}", f"SCHEMA={schema}",
                       "TABLE_PREFIX=qgis_", f"FILES_DIR={files}")
    assert run.returncode == 0, f"{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    assert password not in run.stdout + run.stderr, "the password is not in the Processing log"
    r = subprocess.run([str(nroute_binary()), *cli, "-o", uri, "--schema", schema, "--table-prefix", "cli_",
                        "--files-dir", str(tmp_path / "cli")], cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stderr
    names = tables_in(db, schema)
    ours = sorted(t.removeprefix("qgis_") for t in names if t.startswith("qgis_"))
    theirs = sorted(t.removeprefix("cli_") for t in names if t.startswith("cli_"))
    assert ours == theirs and ours, names
    for t in ours:
        assert table_rows(db, schema, "qgis_" + t) == table_rows(db, schema, "cli_" + t), f"{case}: table {t} differs"
    assert f"wrote {len(ours)} tables into connection {CONNECTION}" in run.stdout, run.stdout[-2000:]
    # The files beside the tables, the same as the CLI's.
    cli_files = tmp_path / "cli"
    assert sorted(p.name for p in files.iterdir()) == (sorted(p.name for p in cli_files.iterdir()) if cli_files.is_dir() else [])
    assert not list(tmp_path.rglob("*.gpkg")), "no GeoPackage is written"
    if case == "gaps":
        again = qgis_process(profile, "run", "northernroute:gaps", "--", *params, f"DATABASE={connection}", f"SCHEMA={schema}",
                             "TABLE_PREFIX=qgis_", f"FILES_DIR={files}")
        errors = error_lines(again)
        assert again.returncode != 0 and len(errors) == 1 and "qgis_kaz_kgz_gaps" in errors[0], errors or again.stdout[-2000:]
        before = table_rows(db, schema, "qgis_kaz_kgz_gaps")
        replaced = qgis_process(profile, "run", "northernroute:gaps", "--", "BORDER=kgz", "POST_RADIUS_KM=15",
                                f"DATABASE={connection}", f"SCHEMA={schema}", "TABLE_PREFIX=qgis_", "OVERWRITE=true",
                                f"FILES_DIR={files}")
        assert replaced.returncode == 0, replaced.stdout[-2000:]
        assert table_rows(db, schema, "qgis_kaz_kgz_gaps") != before, "OVERWRITE replaces the table (15 km posts)"


def test_geopackage_and_database_together_is_one_line(profile, connection, db, schema, tmp_path):  # noqa: F811
    r = qgis_process(profile, "run", "northernroute:gaps", "--", f"OUTPUT={tmp_path / 'x.gpkg'}", f"DATABASE={connection}",
                     f"SCHEMA={schema}")
    errors = error_lines(r)
    assert r.returncode != 0 and len(errors) == 1 and "not both" in errors[0], errors or r.stdout[-2000:]
    assert not list(tmp_path.iterdir()) and not tables_in(db, schema)




def test_tables_load_from_the_database_with_their_stored_styles(profile, connection, password, db, schema, tmp_path):  # noqa: F811
    report = run_in_qgis(profile, {"BORDER": "kgz", "DATABASE": connection, "SCHEMA": schema, "GEODATA_DEM": True,
                                   "PATROL_HOURS": 4, "FILES_DIR": str(tmp_path / "files")})
    # (The layers' sources hold it, as every layer QGIS opens from a connection that saves its password does.)
    assert password not in report["log"], "the password is not in the Processing log"
    vectors = {l["name"]: l for l in report["loaded"] if l["provider"] == "postgres"}
    assert sorted(vectors) == tables_in(db, schema), report["loaded"]
    assert all(l["valid"] for l in report["loaded"]), report["loaded"]
    for name, l in vectors.items():
        assert l["features"] == db.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()[0], name
    assert vectors["kaz_kgz_gaps"]["renderer"] == "graduatedSymbol", vectors
    rasters = [l for l in report["loaded"] if l["provider"] == "gdal"]
    assert [Path(l["source"]).name for l in rasters] == ["kaz-kgz-travel-time.tif"], report["loaded"]
    assert rasters[0]["renderer"] == "singlebandpseudocolor" and Path(rasters[0]["source"]).parent == tmp_path / "files"
    assert " gaps, " in report["log"], report["log"][-2000:]
