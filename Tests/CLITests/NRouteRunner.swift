import Foundation
import TestSupport
import XCTest

/// Runs the built `nroute` binary (the one beside this test bundle) as a user would.
struct NRouteRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL? {
        if let env = ProcessInfo.processInfo.environment["NROUTE_BIN"] { return URL(fileURLWithPath: env) }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("nroute")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// The repository root (for geodata/), from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        guard let binary else { throw TestEnvironment.unavailable("nroute binary not found beside the test bundle; set NROUTE_BIN") }
        return try run(command: binary.path, arguments, in: directory)
    }

    /// Runs any command with the environment `run` gives nroute (geodata found in the repository).
    static func run(command: String, _ arguments: [String], in directory: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NROUTE_GEODATA"] = repository.appendingPathComponent("geodata").path
        p.environment = env
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nroute-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
