import Analysis
import ArgumentParser
import Catalog
import Foundation
import GeoFormats
import Jobs
import PostGISOutput
import PostgreSQL

/// The exit statuses `nroute --help` and the README document (sysexits).
enum ExitStatus {
    static let usage: Int32 = 64        // bad flags, or an output path that is refused
    static let badData: Int32 = 65      // malformed input
    static let missingInput: Int32 = 66 // an input file that does not exist
    static let internalError: Int32 = 70
    static let ioError: Int32 = 74      // reading or writing failed (disk full, permission)
    static let text = "0 success, 64 bad flags or a refused output path (an input, the geodata folder), 65 malformed input, 66 missing input file or database table, 70 internal error, 74 read or write error (also: a database connection refused or lost)."
}

/// Runs a command's body; any error becomes one line on stderr and the documented status, thrown
/// as ArgumentParser's `ExitCode`.
func runReportingErrors(_ body: () throws -> Void) throws {
    TemporaryFiles.installSignalCleanup()
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as ValidationError {
        throw e
    } catch {
        let (message, status) = describe(error)
        let line = "nroute: " + message.split(whereSeparator: \.isNewline).joined(separator: " ") + "\n"
        FileHandle.standardError.write(line.data(using: .utf8)!)
        throw ExitCode(status)
    }
}

/// Builds the scenario and prints its warnings on stderr, one line each.
func buildScenario(_ r: ScenarioRequest) throws -> Scenario {
    let s = try Scenario.build(r)
    for w in s.warnings { FileHandle.standardError.write("nroute: warning: \(w)\n".data(using: .utf8)!) }
    return s
}

func describe(_ error: Error) -> (String, Int32) {
    switch error {
    case let e as CatalogError:
        switch e.kind {
        case .missingFile: return (e.description, ExitStatus.missingInput)
        case .badRequest: return (e.description, ExitStatus.usage)
        case .unreadable: return (e.description, ExitStatus.ioError)
        case .badData: return (e.description, ExitStatus.badData)
        }
    case let e as GeoFormatsError:
        switch e.kind {
        case .io: return (e.description, e.message.contains("No such file") || e.message.contains("not found") ? ExitStatus.missingInput : ExitStatus.ioError)
        case .outputIsInput: return (e.description, ExitStatus.usage)
        default: return (e.description, ExitStatus.badData)
        }
    case let e as ScenarioError: return (e.description, ExitStatus.usage)
    case let e as PostgresError:
        // A connection string that does not parse is a bad flag; a statement the server refuses is
        // malformed input (a reader's query); a server that cannot be reached or goes away is a
        // read or write error.
        switch e.kind {
        case .connectionString: return (e.description, ExitStatus.usage)
        case .query: return (e.description, ExitStatus.badData)
        case .connection, .connectionLost, .copy: return (e.description, ExitStatus.ioError)
        }
    case let e as PostGISOutputError: return (e.description, e.kind == .refused ? ExitStatus.usage : ExitStatus.badData)
    case let e as GapAnalysisError: return (e.description, ExitStatus.badData)
    case let e as PlanError:
        if case .badRequest = e { return (e.description, ExitStatus.usage) }
        return (e.description, ExitStatus.internalError)
    case let e as NSError where e.domain == NSCocoaErrorDomain || e.domain == NSPOSIXErrorDomain:
        // A file operation Foundation did for us: said in our words, with the path and the system's reason.
        let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? (e.userInfo[NSURLErrorKey] as? URL)?.path ?? "a file"
        let posix = (e.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (e.domain == NSPOSIXErrorDomain ? e.code : nil)
        let reason = posix.map { String(cString: strerror(Int32($0))) } ?? "the operation failed"
        return ("\(path): \(reason)", ExitStatus.ioError)
    case let e as CustomStringConvertible: return (e.description, ExitStatus.internalError)
    default: return ("\(error)", ExitStatus.internalError)
    }
}
