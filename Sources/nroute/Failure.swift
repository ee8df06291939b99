import ArgumentParser
import Catalog
import Foundation
import GeoFormats

/// Turns any error into one line on stderr and the sysexits status the README documents:
/// 64 usage, 65 bad data, 66 missing input, 73 cannot create output, 70 anything else.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as CatalogError {
        fail(e.description, e.kind == .missingFile ? 66 : e.kind == .badRequest ? 64 : 65)
    } catch let e as GeoFormatsError {
        switch e.kind {
        case .io: fail(e.description, e.message.contains("No such file") || e.message.contains("not found") ? 66 : 74)
        case .outputIsInput: fail(e.description, 64)
        default: fail(e.description, 65)
        }
    } catch let e as CustomStringConvertible {
        fail(e.description, 70)
    } catch {
        fail("\(error)", 70)
    }
}

func fail(_ message: String, _ status: Int32) -> Never {
    let line = "nroute: " + message.split(whereSeparator: \.isNewline).joined(separator: " ") + "\n"
    FileHandle.standardError.write(line.data(using: .utf8)!)
    exit(status)
}
