"""The algorithms: gaps, seizures, corridor and plan, each with its nroute subcommand's flags as
Processing parameters, writing one styled GeoPackage and loading its layers into the map."""
import os
import time

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException,
                       QgsProcessingFeatureSource,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterDatabaseSchema, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterProviderConnection, QgsProcessingParameterRasterLayer,
                       QgsProcessingParameterString, QgsProcessingUtils)

from . import runner

NUMBER = QgsProcessingParameterNumber.Double
INTEGER = QgsProcessingParameterNumber.Integer


class NRouteAlgorithm(QgsProcessingAlgorithm):
    """One nroute subcommand. Subclasses name it and add their own parameters."""
    command = ""
    title = ""
    help_text = ""
    uses_gap_listing = False
    uses_terrain = False
    TRAVEL_MODES = ["foot", "horse"]

    def createInstance(self):  # noqa: N802 (QGIS's names)
        return type(self)()

    def name(self):
        return self.command

    def displayName(self):  # noqa: N802
        return self.title

    def group(self):
        return "NorthernRoute"

    def groupId(self):  # noqa: N802
        return "northernroute"

    def shortHelpString(self):  # noqa: N802
        return self.help_text + ("<p>Runs the nroute program (Settings ▸ Options ▸ Processing ▸ Providers ▸ "
                                 "NorthernRoute, or nroute on PATH) and loads the styled GeoPackage it writes — or, with a database "
                                 "connection, the PostGIS tables it writes there (their styles stored in public.layer_styles; "
                                 "the password is passed in PGPASSWORD, never on the command line).</p>")

    # --- parameters shared by every command (nroute's Border, Controls and Seizures groups)
    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString("BORDER", "Border id from geodata (kgz, kaz-uzb, … or all)", "kgz"))
        self.addParameter(QgsProcessingParameterFeatureSource("BORDER_LAYER", "Or your own border line (--border-file)",
                                                              [QgsProcessing.TypeVectorLine], optional=True))
        self.addParameter(QgsProcessingParameterNumber("POST_RADIUS_KM", "Post radius, km", NUMBER, 10, minValue=0.001))
        self.addParameter(QgsProcessingParameterNumber("SETTLEMENT_RADIUS_KM", "Settlement radius, km", NUMBER, 5, minValue=0.001))
        self.addParameter(QgsProcessingParameterBoolean("NO_SETTLEMENTS", "Ignore settlements", False))
        self.addParameter(QgsProcessingParameterNumber("MIN_POPULATION", "Only settlements of at least this population",
                                                       INTEGER, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterMultipleLayers("POSTS", "Your posts or outposts (point layers, --posts)",
                                                               QgsProcessing.TypeVectorPoint, optional=True))
        self.addParameter(QgsProcessingParameterBoolean("NO_CHECKPOINTS", "Do not use geodata's checkpoints", False))
        self.addParameter(QgsProcessingParameterNumber("CONTROL_REACH_KM", "Control reach, km", NUMBER, 50, minValue=0.001))
        self.addParameter(QgsProcessingParameterNumber("MIN_GAP_KM", "Shortest gap reported, km", NUMBER, 1, minValue=0))
        self.addParameter(QgsProcessingParameterFeatureSource("SEIZURES", "Seizures (point layer; empty: geodata's)",
                                                              [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterBoolean("NO_SEIZURES", "No seizures (--seizures none)", False))
        self.addParameter(QgsProcessingParameterString("FROM", "Seizures on or after (YYYY, YYYY-MM or YYYY-MM-DD)", optional=True))
        self.addParameter(QgsProcessingParameterString("TO", "Seizures on or before", optional=True))
        self.addParameter(QgsProcessingParameterString("DRUG", "Seizures of this drug", optional=True))
        if self.uses_gap_listing:
            self.addParameter(QgsProcessingParameterNumber("SEIZURE_DISTANCE_KM", "Seizures listed with a gap within, km",
                                                           NUMBER, 10, minValue=0))
        if self.uses_terrain:
            self.add_terrain_parameters()
        self.add_own_parameters()
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", "Output GeoPackage", "GeoPackage (*.gpkg)", optional=True))
        # Or a PostGIS database (nroute's -o PG:…, --schema, --table-prefix, --overwrite, --files-dir).
        self.addParameter(QgsProcessingParameterProviderConnection(
            "DATABASE", "Or write the layers into a PostGIS database (a QGIS PostgreSQL connection)", "postgres", optional=True))
        self.addParameter(QgsProcessingParameterDatabaseSchema("SCHEMA", "Database schema", "DATABASE", "public", optional=True))
        self.addParameter(QgsProcessingParameterString("TABLE_PREFIX", "Table name prefix", optional=True))
        self.addParameter(QgsProcessingParameterBoolean("OVERWRITE", "Replace the tables nroute wrote before under the same names", False))
        self.addParameter(QgsProcessingParameterFolderDestination("FILES_DIR", "With a database: folder for the files beside "
                                                                  "the tables (profiles, charts, rasters)", optional=True))
        self.addOutput(QgsProcessingOutputNumber("LAYERS", "Layers written"))

    # --- the terrain (nroute's --dem, --max-elevation-m, --max-slope-deg) and travel time
    # (--patrol-hours, --settlement-hours, --travel-mode) of gaps and plan
    def add_terrain_parameters(self):
        self.addParameter(QgsProcessingParameterRasterLayer("DEM", "Terrain model (a DEM in EPSG:4326, --dem)", optional=True))
        self.addParameter(QgsProcessingParameterBoolean("GEODATA_DEM", "Or geodata's GEBCO grid of the Kazakh–Kyrgyz border "
                                                        "(--dem geodata)", False))
        self.addParameter(QgsProcessingParameterNumber("MAX_ELEVATION_M", "Passable at or below this elevation, m", NUMBER, 3200))
        self.addParameter(QgsProcessingParameterNumber("MAX_SLOPE_DEG", "Passable up to this slope, °", NUMBER, 21.8,
                                                       minValue=0, maxValue=90))
        self.addParameter(QgsProcessingParameterNumber("PATROL_HOURS", "Coverage by travel time: patrol hours (needs a DEM)",
                                                       NUMBER, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterNumber("SETTLEMENT_HOURS", "Settlement hours (default: half the patrol hours)",
                                                       NUMBER, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterEnum("TRAVEL_MODE", "Travel mode", self.TRAVEL_MODES, defaultValue=0))

    def terrain_arguments(self, parameters, context):
        """--dem and its thresholds when a DEM is chosen; the travel-time flags when patrol hours are
        given (nroute itself refuses patrol hours without a DEM, in one line)."""
        args = []
        layer = self.parameterAsRasterLayer(parameters, "DEM", context)
        if layer is not None:
            path = layer.source().split("|")[0]
            if layer.providerType() != "gdal" or not os.path.isfile(path):
                raise QgsProcessingException(f"terrain model {layer.name()}: not a raster file GDAL reads ({layer.source()})")
            args += ["--dem", path]
        elif self.parameterAsBoolean(parameters, "GEODATA_DEM", context):
            args += ["--dem", "geodata"]
        if args:
            args += ["--max-elevation-m", self.number(parameters, "MAX_ELEVATION_M", context),
                     "--max-slope-deg", self.number(parameters, "MAX_SLOPE_DEG", context)]
        if parameters.get("PATROL_HOURS") not in (None, ""):
            args += ["--patrol-hours", self.number(parameters, "PATROL_HOURS", context),
                     "--travel-mode", self.TRAVEL_MODES[self.parameterAsEnum(parameters, "TRAVEL_MODE", context)]]
            if parameters.get("SETTLEMENT_HOURS") not in (None, ""):
                args += ["--settlement-hours", self.number(parameters, "SETTLEMENT_HOURS", context)]
        return args

    def add_own_parameters(self):
        pass

    def own_arguments(self, parameters, context):
        return []

    def number(self, parameters, name, context):
        # nroute takes decimal notation only (no exponent): 1e-05 is written 0.00001.
        text = ("%.12f" % self.parameterAsDouble(parameters, name, context)).rstrip("0").rstrip(".")
        return text if text not in ("", "-0") else "0"

    def arguments(self, parameters, context, feedback, temp):
        """The nroute flags of the parameters; map layers exported to GeoJSON in `temp`."""
        args = [self.command]
        border_layer = self.parameterAsSource(parameters, "BORDER_LAYER", context)
        if border_layer is not None:
            args += ["--border-file", runner.export_points(border_layer, os.path.join(temp, "border.geojson"), context, feedback)]
        border = (self.parameterAsString(parameters, "BORDER", context) or "").strip()
        if border and (border_layer is None or border != "kgz"):
            args += ["--border", border]
        args += ["--post-radius-km", self.number(parameters, "POST_RADIUS_KM", context),
                 "--settlement-radius-km", self.number(parameters, "SETTLEMENT_RADIUS_KM", context),
                 "--control-reach-km", self.number(parameters, "CONTROL_REACH_KM", context),
                 "--min-gap-km", self.number(parameters, "MIN_GAP_KM", context)]
        if self.parameterAsBoolean(parameters, "NO_SETTLEMENTS", context):
            args.append("--no-settlements")
        if parameters.get("MIN_POPULATION") not in (None, ""):
            args += ["--min-population", str(self.parameterAsInt(parameters, "MIN_POPULATION", context))]
        for i, layer in enumerate(self.parameterAsLayerList(parameters, "POSTS", context)):
            path = os.path.join(temp, f"posts-{i + 1}.geojson")
            args += ["--posts", runner.export_points(QgsProcessingFeatureSource(layer, context), path, context, feedback)]
        if self.parameterAsBoolean(parameters, "NO_CHECKPOINTS", context):
            args.append("--no-checkpoints")
        seizures = self.parameterAsSource(parameters, "SEIZURES", context)
        if self.parameterAsBoolean(parameters, "NO_SEIZURES", context):
            args += ["--seizures", "none"]
        elif seizures is not None:
            args += ["--seizures", runner.export_points(seizures, os.path.join(temp, "seizures.geojson"), context, feedback)]
        for name, flag in (("FROM", "--from"), ("TO", "--to"), ("DRUG", "--drug")):
            value = (self.parameterAsString(parameters, name, context) or "").strip()
            if value:
                args += [flag, value]
        if self.uses_gap_listing:
            args += ["--seizure-distance-km", self.number(parameters, "SEIZURE_DISTANCE_KM", context)]
        if self.uses_terrain:
            args += self.terrain_arguments(parameters, context)
        return args + self.own_arguments(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from .provider import NROUTE_SETTING
        try:
            from processing.core.ProcessingConfig import ProcessingConfig
            configured = ProcessingConfig.getSetting(NROUTE_SETTING)
        except ImportError:
            configured = ""
        connection = self.parameterAsConnectionName(parameters, "DATABASE", context)
        if connection:
            return self.process_into_database(connection, parameters, context, feedback, configured)
        output = runner.check_output(self.parameterAsFileOutput(parameters, "OUTPUT", context))
        program = runner.nroute_program(configured)
        temp = QgsProcessingUtils.tempFolder()
        feedback.setProgress(5)
        args = self.arguments(parameters, context, feedback, temp)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(20)
        started = time.time()
        summary = runner.run_nroute(program, args + ["-o", output], feedback)
        feedback.setProgress(90)
        self.report(summary, feedback)
        tables = runner.feature_tables(output)
        for table, identifier in tables:
            details = QgsProcessingContext.LayerDetails(identifier or table, context.project(), "OUTPUT")
            context.addLayerToLoadOnCompletion(f"{output}|layername={table}", details)
        rasters = self.load_rasters(os.path.dirname(os.path.abspath(output)), summary, started, context)
        feedback.pushInfo(f"wrote {output}: {len(tables)} layers, each with its style as the default"
                          + "".join(f"; {path}" for path in rasters))
        feedback.setProgress(100)
        return {"OUTPUT": output, "LAYERS": len(tables) + len(rasters)}

    def process_into_database(self, connection, parameters, context, feedback, configured):
        """The tables into a PostGIS database (a QGIS connection), loaded from there with the
        styles nroute stored in its layer_styles; the files beside them into FILES_DIR."""
        if not runner.is_temporary_output(parameters.get("OUTPUT")):
            raise QgsProcessingException("choose an output GeoPackage or a database, not both")
        database = runner.PostgresDatabase(connection)
        schema = (self.parameterAsSchema(parameters, "SCHEMA", context) or "public").strip() or "public"
        prefix = (self.parameterAsString(parameters, "TABLE_PREFIX", context) or "").strip()
        files = self.parameterAsFileOutput(parameters, "FILES_DIR", context) or QgsProcessingUtils.tempFolder()
        os.makedirs(files, exist_ok=True)
        program = runner.nroute_program(configured)
        feedback.setProgress(5)
        args = self.arguments(parameters, context, feedback, QgsProcessingUtils.tempFolder())
        if feedback.isCanceled():
            return {}
        args += ["-o", database.target, "--schema", schema, "--files-dir", files]
        if prefix:
            args += ["--table-prefix", prefix]
        if self.parameterAsBoolean(parameters, "OVERWRITE", context):
            args.append("--overwrite")
        feedback.setProgress(20)
        before = database.nroute_tables(schema)
        started = time.time()
        summary = runner.run_nroute(program, args, feedback, env=database.environment())
        feedback.setProgress(90)
        self.report(summary, feedback)
        tables = database.written_tables(schema, before, started)
        for table in tables:
            layer = database.layer(schema, table)
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(layer.id(), QgsProcessingContext.LayerDetails(table, context.project(), "DATABASE"))
        rasters = self.load_rasters(files, summary, started, context)
        feedback.pushInfo(f"wrote {len(tables)} tables into {database.shown} schema {schema}, each with its style as the "
                          "default in public.layer_styles" + "".join(f"; {path}" for path in rasters))
        feedback.setProgress(100)
        return {"DATABASE": connection, "LAYERS": len(tables) + len(rasters)}

    def load_rasters(self, folder, summary, started, context):
        """The travel-time GeoTIFFs this run wrote into `folder`, queued to load into the map."""
        rasters = runner.travel_time_rasters(folder, summary, started)
        for path in rasters:
            # QGIS applies the .qml nroute writes beside the GeoTIFF as the layer's default style.
            details = QgsProcessingContext.LayerDetails(os.path.splitext(os.path.basename(path))[0], context.project(), "OUTPUT")
            context.addLayerToLoadOnCompletion(path, details)
        return rasters

    def report(self, summary, feedback):
        """The gaps summary's headline figures (gaps and plan print one entry per border) in the log."""
        for b in runner.border_summaries(summary):
            if "gap_count" in b:
                feedback.pushInfo(f"{b.get('border_name', b.get('border_id', ''))}: {b['gap_count']} gaps, "
                                  f"{b.get('gap_km')} km of {b.get('length_km')} km uncovered")


class GapsAlgorithm(NRouteAlgorithm):
    command = "gaps"
    title = "Border gaps"
    uses_gap_listing = True
    uses_terrain = True
    help_text = ("<p>The stretches of a border farther than the post radius from every checkpoint and outpost and "
                 "the settlement radius from every settlement (geodesic distances on WGS84): their length, chainage, "
                 "most remote point, the controls at each end, and the seizures nearby.</p>"
                 "<p>With a terrain model (DEM) every gap gets its elevation, steepest slope and passable km; with patrol "
                 "hours a control covers what its patrol reaches within them over the terrain (Tobler's hiking function), "
                 "and the travel-time raster is loaded beside the GeoPackage's layers.</p>")


class SeizuresAlgorithm(NRouteAlgorithm):
    command = "seizures"
    title = "Seizures against checkpoints, borders and gaps"
    help_text = "<p>Each seizure's nearest checkpoint, its distance to each border, whether it lies in a gap, and its country.</p>"

    def report(self, summary, feedback):
        """The seizures summary's headline: records kept, in a gap, median distances."""
        line = runner.seizures_headline(summary)
        if line:
            feedback.pushInfo(line)


class CorridorAlgorithm(NRouteAlgorithm):
    command = "corridor"
    title = "Corridor profile and border crossings"
    help_text = "<p>The Northern Route corridors, the seizures along them by chainage, and where each route crosses a border.</p>"

    def add_own_parameters(self):
        self.addParameter(QgsProcessingParameterString("ROUTE", "Routes (ids, comma-separated, or all)", optional=True))
        self.addParameter(QgsProcessingParameterNumber("HALF_WIDTH_KM", "Corridor half-width, km", NUMBER, 25, minValue=0.001))
        self.addParameter(QgsProcessingParameterNumber("BIN_KM", "Profile bin, km", NUMBER, 50, minValue=0.001))

    def own_arguments(self, parameters, context):
        args = ["--half-width-km", self.number(parameters, "HALF_WIDTH_KM", context),
                "--bin-km", self.number(parameters, "BIN_KM", context)]
        route = (self.parameterAsString(parameters, "ROUTE", context) or "").strip()
        return args + (["--route", route] if route else [])


class PlanAlgorithm(NRouteAlgorithm):
    command = "plan"
    title = "Plan new posts (exact optimum)"
    uses_gap_listing = True
    uses_terrain = True
    help_text = ("<p>Where K new posts close the most gap on one border, solved to proven optimality (GLPK).</p>"
                 "<p>Objective: border km newly covered (length), newly covered passable km (passable, needs a DEM), or "
                 "border km newly reached by a patrol within the patrol hours over the terrain (travel, needs a DEM and "
                 "patrol hours).</p>")
    CANDIDATES = ["border", "settlements"]
    OBJECTIVES = ["length", "passable", "travel"]

    def add_own_parameters(self):
        self.addParameter(QgsProcessingParameterNumber("NEW_POSTS", "New posts (K)", INTEGER, 10, minValue=1))
        self.addParameter(QgsProcessingParameterEnum("OBJECTIVE", "Objective", self.OBJECTIVES, defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum("CANDIDATES", "Candidate sites", self.CANDIDATES, defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSource("SITES", "Or your own candidate sites (point layer)",
                                                              [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterString("COST", "Cost column of your sites", optional=True))
        self.addParameter(QgsProcessingParameterNumber("BUDGET", "Budget (total cost)", NUMBER, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterNumber("SITE_SPACING_KM", "Site spacing along the border, km", NUMBER, 1, minValue=0.001))
        self.addParameter(QgsProcessingParameterNumber("SETBACK_KM", "Site set-back from the border, km", NUMBER, 2, minValue=0))
        self.addParameter(QgsProcessingParameterString("SIDE", "Country side (ISO3)", "KAZ"))
        self.addParameter(QgsProcessingParameterNumber("TIME_LIMIT_S", "Time limit per solve, s", NUMBER, 60, minValue=0.1))
        self.addParameter(QgsProcessingParameterBoolean("NO_CURVE", "Solve K only (no marginal curve)", False))

    def report(self, summary, feedback):
        """The plan's headline: the optimum, how sure it is, and the gaps before and after."""
        line = runner.plan_headline(summary)
        if line:
            feedback.pushInfo(line)

    def own_arguments(self, parameters, context):
        args = ["--new-posts", str(self.parameterAsInt(parameters, "NEW_POSTS", context)),
                "--objective", self.OBJECTIVES[self.parameterAsEnum(parameters, "OBJECTIVE", context)],
                "--site-spacing-km", self.number(parameters, "SITE_SPACING_KM", context),
                "--setback-km", self.number(parameters, "SETBACK_KM", context),
                "--side", self.parameterAsString(parameters, "SIDE", context) or "KAZ",
                "--time-limit-s", self.number(parameters, "TIME_LIMIT_S", context)]
        sites = self.parameterAsSource(parameters, "SITES", context)
        if sites is not None:
            path = runner.export_points(sites, os.path.join(QgsProcessingUtils.tempFolder(), "sites.geojson"), context, None)
            args += ["--candidates", path]
            cost = (self.parameterAsString(parameters, "COST", context) or "").strip()
            if cost:
                args += ["--cost", cost]
        else:
            args += ["--candidates", self.CANDIDATES[self.parameterAsEnum(parameters, "CANDIDATES", context)]]
        if parameters.get("BUDGET") not in (None, ""):
            args += ["--budget", self.number(parameters, "BUDGET", context)]
        if self.parameterAsBoolean(parameters, "NO_CURVE", context):
            args.append("--no-curve")
        return args


ALGORITHMS = [GapsAlgorithm, SeizuresAlgorithm, CorridorAlgorithm, PlanAlgorithm]
