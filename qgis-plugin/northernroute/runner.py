"""Running nroute from Processing: finding the program, exporting map layers for it, checking the
output path, running it with its messages in the Processing log, and the tables it wrote."""
import calendar
import json
import os
import shutil
import sqlite3
import subprocess
import time

from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsDataSourceUri, QgsFeature,
                       QgsProcessing, QgsProcessingException, QgsProviderConnectionException, QgsProviderRegistry,
                       QgsVectorFileWriter, QgsVectorLayer, QgsWkbTypes)


def nroute_program(setting_value):
    """The nroute program: the provider's setting, else `nroute` on PATH."""
    configured = (setting_value or "").strip()
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise QgsProcessingException(f"nroute program {configured} (Processing ▸ Providers ▸ NorthernRoute) is not an executable file")
        return configured
    found = shutil.which("nroute")
    if found is None:
        raise QgsProcessingException("nroute is not on PATH: install it, or set its path in Settings ▸ Options ▸ "
                                     "Processing ▸ Providers ▸ NorthernRoute")
    return found


def check_output(path):
    """The GeoPackage path, checked before anything runs: it must end in .gpkg, its folder must
    exist and be writable, and it must not be a folder. Raises with one line otherwise."""
    if not path:
        raise QgsProcessingException("no output GeoPackage given")
    if not path.lower().endswith(".gpkg"):
        raise QgsProcessingException(f"output {path}: not a GeoPackage path (it must end in .gpkg)")
    if os.path.isdir(path):
        raise QgsProcessingException(f"output {path}: is a folder, not a GeoPackage file")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise QgsProcessingException(f"output {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise QgsProcessingException(f"output {path}: folder {folder} is not writable")
    return path


def export_points(source, path, context, feedback):
    """Writes a feature source as GeoJSON in WGS84 longitude/latitude (what nroute reads), every
    attribute kept, coordinates with 15 decimals (no rounding a double would notice)."""
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    transform = QgsCoordinateTransform(source.sourceCrs(), wgs84, context.transformContext())
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GeoJSON"
    options.fileEncoding = "UTF-8"
    options.layerOptions = ["COORDINATE_PRECISION=15", "WRITE_NAME=NO"]
    writer = QgsVectorFileWriter.create(path, source.fields(), QgsWkbTypes.flatType(source.wkbType()), wgs84,
                                        context.transformContext(), options)
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"cannot export a layer for nroute to {path}: {writer.errorMessage()}")
    for f in source.getFeatures():
        if feedback is not None and feedback.isCanceled():
            break
        g = f.geometry()
        if not g.isNull():
            g.transform(transform)
        out = QgsFeature(f)
        out.setGeometry(g)
        writer.addFeature(out)
    del writer
    return path


def run_nroute(program, args, feedback, env=None):
    """Runs nroute with `args` and `--format json` (and `env` added to its environment); its
    warnings and errors go to the Processing log. Returns the JSON summary. A non-zero status
    raises with nroute's own one-line message."""
    command = [program, *args, "--format", "json"]
    feedback.pushCommandInfo(" ".join(command))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **env} if env else None)
    while True:
        try:
            # Reads both pipes while waiting: a summary larger than a pipe's buffer cannot block nroute.
            out, err = process.communicate(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            if feedback.isCanceled():
                process.terminate()  # nroute removes its temporary files (and rolls back) on SIGTERM
                process.communicate()
                raise QgsProcessingException("cancelled: nothing was written")
    lines = [line for line in err.splitlines() if line.strip()]
    for line in lines:
        if "warning" in line:
            feedback.pushWarning(line)
    if process.returncode != 0:
        message = next((l for l in reversed(lines) if l.startswith("nroute:")), lines[-1] if lines else "")
        raise QgsProcessingException(f"{message} (nroute exit status {process.returncode})")
    try:
        return json.loads(out)
    except ValueError:
        feedback.pushInfo(out)
        return {}


def feature_tables(gpkg):
    """(table, identifier) of every feature table in the GeoPackage, in its gpkg_contents order."""
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
        return db.execute("SELECT table_name, identifier FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid").fetchall()


def border_summaries(summary):
    """The per-border entries of nroute's JSON summary: gaps prints a list of them, layers a dict
    with a `gaps` list; other summaries have none."""
    borders = summary if isinstance(summary, list) else summary.get("gaps", []) if isinstance(summary, dict) else []
    return [b for b in borders if isinstance(b, dict)] if isinstance(borders, list) else []


def is_temporary_output(value):
    """Whether an OUTPUT parameter value names no file of the user's (unset, or Processing's
    temporary output)."""
    text = str(value if value is not None else "").strip()
    return text in ("", QgsProcessing.TEMPORARY_OUTPUT)


def sql_literal(text):
    return "'" + str(text).replace("'", "''") + "'"


class PostgresDatabase:
    """A QGIS PostgreSQL connection as nroute's `-o PG:…` target. The password (saved with the
    connection, or from its authentication configuration) goes to nroute in PGPASSWORD, never on
    its command line or in the log."""

    MARK = "Written by nroute "

    def __init__(self, name):
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        if name not in metadata.connections():
            raise QgsProcessingException(f"database connection {name}: no QGIS PostgreSQL connection of that name "
                                         "(Browser ▸ PostgreSQL ▸ New Connection)")
        try:
            self.connection = metadata.createConnection(name)
        except QgsProviderConnectionException as e:
            raise QgsProcessingException(f"database connection {name}: {e}")
        self.name = name
        # uri(True) resolves an authentication configuration into user and password.
        self.uri = QgsDataSourceUri(QgsDataSourceUri(self.connection.uri()).uri(True))
        pairs = [("service", self.uri.service()), ("host", self.uri.host()), ("port", self.uri.port()),
                 ("dbname", self.uri.database()), ("user", self.uri.username())]
        mode = QgsDataSourceUri.encodeSslMode(self.uri.sslMode())
        if mode:
            pairs.append(("sslmode", mode))
        self.target = "PG:" + " ".join(f"{k}={self.quoted(v)}" for k, v in pairs if v)
        self.shown = f"connection {name} ({self.uri.database() or self.uri.service()})"

    @staticmethod
    def quoted(value):
        """A libpq keyword value: quoted, with backslashes and quotes escaped."""
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    def environment(self):
        return {"PGPASSWORD": self.uri.password()} if self.uri.password() else {}

    def nroute_tables(self, schema):
        """{table: comment} of the tables with a geometry column `geom` in `schema` that nroute
        wrote (their comment names it), in the order they were created."""
        rows = self.connection.executeSql(
            "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE n.nspname = {sql_literal(schema)} AND c.relkind = 'r' "
            f"AND strpos(coalesce(obj_description(c.oid, 'pg_class'), ''), {sql_literal(self.MARK)}) > 0 "
            "AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'geom' "
            "AND NOT a.attisdropped) ORDER BY c.oid")
        return {str(r[0]): str(r[1]) for r in rows}

    def written_tables(self, schema, before, started):
        """The tables this run wrote: new, or with a comment other than before, or written (by the
        time in their comment, this machine's clock, to the second) no earlier than `started`."""
        out = []
        for table, comment in self.nroute_tables(schema).items():
            written = comment.split(self.MARK, 1)[1].split(" at ", 1)[-1].split(";", 1)[0].strip()
            try:
                when = calendar.timegm(time.strptime(written, "%Y-%m-%dT%H:%M:%SZ"))
            except ValueError:
                when = None
            if before.get(table) != comment or (when is not None and when >= int(started) - 1):
                out.append(table)
        return out

    def layer(self, schema, table):
        uri = QgsDataSourceUri(self.connection.uri())
        uri.setDataSource(schema, table, "geom", "", "fid")
        layer = QgsVectorLayer(uri.uri(False), table, "postgres")
        if not layer.isValid():
            raise QgsProcessingException(f"table {schema}.{table} of {self.shown}: QGIS cannot open it as a layer")
        return layer


def plan_headline(summary):
    """One log line of `nroute plan --format json`'s summary (None when it is not one): the new
    posts, the optimum with the solver's status and bound, the gaps before and after."""
    if not isinstance(summary, dict) or "optimum" not in summary:
        return None
    unit = summary.get("unit") or "km"
    posts = summary.get("posts")
    count = len(posts) if isinstance(posts, list) else summary.get("new_posts")
    return (f"{summary.get('border_name') or summary.get('border_id', '')}: {count} new posts, optimum "
            f"{summary['optimum']} {unit} newly covered ({summary.get('status')}, bound {summary.get('bound')} {unit}, "
            f"{summary.get('solver')}); gaps {summary.get('gap_km_before')} km in {summary.get('gap_count_before')} before, "
            f"{summary.get('gap_km_after')} km in {summary.get('gap_count_after')} after")


def seizures_headline(summary):
    """One log line of `nroute seizures --format json`'s summary (None when it is not one)."""
    total = summary.get("total") if isinstance(summary, dict) else None
    if not isinstance(total, dict) or "records_kept" not in summary:
        return None
    return (f"{summary['records_kept']} of {summary.get('records_read')} records kept: {total.get('in_gap')} in a gap; "
            f"median {total.get('median_border_distance_km')} km from the border, "
            f"{total.get('median_checkpoint_distance_km')} km from the nearest checkpoint")


def travel_time_rasters(folder, summary, started):
    """The travel-time GeoTIFFs (<border>-travel-time.tif, styled by the .qml beside it) that this
    run of nroute wrote into `folder` (beside the GeoPackage, or --files-dir): those its summary
    lists as written, and one per border of a gaps summary with a travel section; only files
    written no earlier than `started` (a file of an earlier run is not this run's)."""
    candidates = [os.path.join(folder, f"{b['border_id']}-travel-time.tif") for b in border_summaries(summary)
                  if b.get("travel") and b.get("border_id")]
    if isinstance(summary, dict) and isinstance(summary.get("written"), list):
        candidates += [os.path.join(folder, str(w)) for w in summary["written"] if str(w).endswith("-travel-time.tif")]
    found = []
    for path in candidates:
        if path not in found and os.path.isfile(path) and os.path.getmtime(path) >= started - 1:
            found.append(path)
    return found
