import Cartography
import Foundation
import GeoFormats
import GeoPackage
import PostGISOutput

/// Where a job's layers go, decided from the `-o` value: a folder of GeoJSON files (the default),
/// one GeoPackage (a path ending in `.gpkg`), or a PostgreSQL database (`postgresql://…`,
/// `postgres://…` or `PG:…`: a PostGIS table per layer, the other files in `--files-dir`). Every
/// job hands its destination the same values — its layers (`MapLayer`: name, features, style), its
/// other files (CSV tables, SVG charts: into the folder, or beside the GeoPackage) and, for
/// `layers`, the QGIS project — and the destination writes them as one result set
/// (`OutputTransaction`; the database's transaction commits last, inside it). The jobs stay as they are.
public enum OutputDestination: Sendable, Hashable {
    case folder(URL)
    case geopackage(URL)
    case postgres(PostgresOutput)

    public init(_ path: String, database: ScenarioRequest.DatabaseOutput = .init()) {
        if Self.isDatabase(path) {
            self = .postgres(PostgresOutput(connection: path, request: database))
        } else if path.lowercased().hasSuffix(".gpkg") {
            self = .geopackage(URL(fileURLWithPath: path))
        } else {
            self = .folder(URL(fileURLWithPath: path))
        }
    }

    /// True when an `-o` value names a PostgreSQL database rather than a path.
    public static func isDatabase(_ path: String) -> Bool { ScenarioText.isConnection(path) }

    /// The folder the destination's files go into (a GeoPackage's: the one that holds it; a
    /// database's: `--files-dir`).
    public var folder: URL {
        switch self {
        case .folder(let url): url
        case .geopackage(let url): url.deletingLastPathComponent()
        case .postgres(let pg): pg.files
        }
    }

    public var isGeoPackage: Bool { if case .geopackage = self { true } else { false } }

    /// The layers go into tables (a GeoPackage's or a database's), not into GeoJSON files.
    public var holdsTables: Bool { if case .folder = self { false } else { true } }

    /// Where a layer is, as the summary lists it: its file, its GeoPackage table, or its database table.
    public func source(_ layer: MapLayer) -> String {
        switch self {
        case .folder: layer.datasource
        case .geopackage(let url): layer.datasource(geopackage: url.lastPathComponent)
        case .postgres(let pg): "table " + pg.tablePrefix + layer.table
        }
    }

    /// A written output as the summary shows it: a file's path, a table as
    /// `postgresql://user@host:port/db "schema"."table"`.
    public static func shown(_ url: URL) -> String {
        if url.isFileURL { return url.path }
        let s = url.absoluteString
        guard s.hasPrefix("nroute-table:") else { return s }
        return String(s.dropFirst("nroute-table:".count)).removingPercentEncoding ?? s
    }

    /// The files `write` will write for these layers and other files (checked against the inputs
    /// before anything is computed or written).
    public func targets(_ layers: [MapLayer], files: [String], styles: Bool = false, project: String? = nil) -> [URL] {
        switch self {
        case .folder(let dir):
            var names: [String] = []
            for l in layers where !names.contains(l.file) {
                names.append(l.file)
                if styles { names.append((l.file as NSString).deletingPathExtension + ".qml") }
            }
            return (names + files + (project.map { [$0] } ?? [])).map { dir.appendingPathComponent($0) }
        case .geopackage(let url):
            return [url] + files.map { folder.appendingPathComponent($0) }
        case .postgres(let pg):
            return (files + (project.map { [$0] } ?? [])).map { pg.files.appendingPathComponent($0) }
        }
    }

    /// Writes `layers` and `files` as one result set and returns what was written.
    ///
    /// - folder: each distinct layer file as GeoJSON (a file shown by several layers, one per
    ///   geometry type, once), with its `.qml` beside it when `styles`; `files`; the project.
    /// - GeoPackage: one file holding a table per layer (a layer showing one geometry type of a
    ///   mixed file is its own table), each with its style as its default style in `layer_styles`,
    ///   and the project in `qgis_projects`, its layers loading from the GeoPackage; `files` beside it.
    ///
    /// `binaries` (GeoTIFF rasters) go where `files` go.
    ///
    /// `write` (default: write the collection) writes one layer file into the folder; `layers`
    /// passes one that streams the seizures. It is not used for a GeoPackage.
    @discardableResult
    public func write(_ layers: [MapLayer], files: [(name: String, text: String)] = [],
                      binaries: [(name: String, bytes: [UInt8])] = [], styles: Bool = false,
                      project: (name: String, project: QGSProject)? = nil, inputs: [URL],
                      writeLayerFile: ((MapLayer, URL) throws -> [URL])? = nil) throws -> [URL] {
        let targets = targets(layers, files: files.map(\.name) + binaries.map(\.name), styles: styles, project: project?.name)
        for url in targets { try AtomicFile.checkNotInput(url, inputs: inputs) }
        /// The other files: into the folder, beside the GeoPackage, or into the database's files folder.
        func writeFiles() throws -> [URL] {
            var written: [URL] = []
            for (name, text) in files {
                let url = folder.appendingPathComponent(name)
                try LayerFile.writeText(text, to: url, inputs: inputs)
                written.append(url)
            }
            for (name, bytes) in binaries {  // rasters (GeoTIFF)
                let url = folder.appendingPathComponent(name)
                try LayerFile.writeBytes(bytes, to: url, inputs: inputs)
                written.append(url)
            }
            return written
        }
        return try OutputTransaction.run { () throws -> [URL] in
            var written: [URL] = []
            switch self {
            case .folder(let dir):
                var done = Set<String>()
                for layer in layers where done.insert(layer.file).inserted {
                    let url = dir.appendingPathComponent(layer.file)
                    if let writeLayerFile {
                        written += try writeLayerFile(layer, url)
                    } else {
                        try LayerFile.write(layer.collection, to: url, inputs: inputs)
                        written.append(url)
                    }
                    if styles {
                        let qml = dir.appendingPathComponent((layer.file as NSString).deletingPathExtension + ".qml")
                        let mixed = layers.contains { $0.file == layer.file && $0.geometryFilter != nil }
                        try LayerFile.writeText(QMLWriter.document(mixed ? LayerStyles.coverageFile() : layer.style, declaringGeometry: !mixed),
                                                to: qml, inputs: inputs)
                        written.append(qml)
                    }
                }
                if let (name, p) = project {
                    let url = dir.appendingPathComponent(name)
                    try LayerFile.writeText(p.xml(), to: url, inputs: inputs)
                    written.append(url)
                }
            case .geopackage(let url):
                var tables: [GeoPackageLayer] = []
                var identifiers = Set<String>()
                for layer in layers where !tables.contains(where: { $0.table == layer.table }) {
                    let identifier = identifiers.insert(layer.name).inserted ? layer.name : layer.name + " (" + layer.table + ")"
                    identifiers.insert(identifier)
                    tables.append(GeoPackageLayer(table: layer.table, identifier: identifier, description: layer.abstract,
                                                  features: layer.features, styleQML: QMLWriter.document(layer.style),
                                                  styleName: layer.name))
                }
                var projects: [GeoPackageProject] = []
                if let (name, p) = project {
                    var inside = p
                    inside.geopackage = url.lastPathComponent
                    projects.append(GeoPackageProject(name: (name as NSString).deletingPathExtension, qgsXML: inside.xml()))
                }
                let bytes = try GeoPackageWriter.bytes(layers: tables, projects: projects)
                try OutputTransaction.createDirectory(url.deletingLastPathComponent().path)
                try AtomicFile.writeBytes(bytes, to: url, refusingInputs: inputs)
                written.append(url)
            case .postgres(let pg):
                let date = Date()
                var staged: [URL] = []
                let (database, tables, stylesStored) = try PostGISWriter.write(pg.tables(layers, at: date), connection: pg.connection,
                                                                 schema: pg.schema, overwrite: pg.overwrite) { database in
                    // Before the database commits: the files, and the project loading the tables.
                    staged = try writeFiles()
                    if let (name, p) = project {
                        var inside = p
                        inside.postgres = PostgresLayerSource(options: database.options, schema: database.schema, tablePrefix: pg.tablePrefix)
                        let url = pg.files.appendingPathComponent(name)
                        try LayerFile.writeText(inside.xml(), to: url, inputs: inputs)
                        staged.append(url)
                    }
                }
                if !stylesStored {
                    FileHandle.standardError.write(Data("nroute: warning: \(database.display): the role may not create or write public.layer_styles, so the tables have no stored QGIS style (the .qgs project still styles them)\n".utf8))
                }
                return tables.map { PostgresOutput.url(database, table: $0) } + staged
            }
            return written + (try writeFiles())
        }
    }
}
