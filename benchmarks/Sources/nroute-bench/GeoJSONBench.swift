// nroute-bench geojson [--points N] [--runs R] [--dir DIR] [--keep] [--no-foundation]
//
// Generates (deterministically, seeded) a FeatureCollection of N Point features (default 1,000,000,
// about 160 MB) with seizure-like properties, then measures (median of R runs, default 5):
//   - GeoJSONReader.forEachFeature: streaming, every feature fully parsed and validated, one thread;
//   - GeoJSONReader.readFeatures(concurrency: 2): all features in memory, 2 threads;
//   - GeoJSONWriter: the same features written to a file (AtomicFile: temp file + rename);
//   - Foundation JSONDecoder into Codable structs (1 run: it is slow; file bytes preloaded).
// MB/s = file bytes / median wall time (1 MB = 10^6 bytes); "cpu s" is the CPU time of that run
// (all threads), useful when the machine is shared.
import Foundation
import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

func runGeoJSONBenchmark(_ args: [String]) {
    var points = 1_000_000
    var runs = 5
    var dir: URL?
    var keep = false
    var foundation = true
    var i = 0
    while i < args.count {
        switch args[i] {
        case "--points": i += 1; points = Int(args[i]) ?? points
        case "--runs": i += 1; runs = max(1, Int(args[i]) ?? runs)
        case "--dir": i += 1; dir = URL(fileURLWithPath: args[i], isDirectory: true)
        case "--keep": keep = true
        case "--no-foundation": foundation = false
        default:
            FileHandle.standardError.write("nroute-bench geojson: unknown option \(args[i])\n".data(using: .utf8)!)
            exit(64)
        }
        i += 1
    }
    do {
        try GeoJSONBench(points: points, runs: runs, dir: dir, keep: keep, foundation: foundation).run()
    } catch {
        FileHandle.standardError.write("nroute-bench geojson: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

private struct GeoJSONBench {
    let points: Int
    let runs: Int
    let dir: URL?
    let keep: Bool
    let foundation: Bool

    func run() throws {
        let workDir = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("nroute-bench-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        defer { if !keep && dir == nil { try? FileManager.default.removeItem(at: workDir) } }
        let input = workDir.appendingPathComponent("seizures-\(points).geojson")
        let output = workDir.appendingPathComponent("seizures-\(points)-out.geojson")

        // 1. Generate.
        let t0 = now()
        let generated = try generate(to: input)
        let size = try fileSize(input)
        print("nroute-bench geojson: \(points) Point features, \(mb(size)) MB, generated in \(fmt(now() - t0)) s")
        print("  file: \(input.path)\(keep || dir != nil ? "" : " (removed at exit)")")

        // 2. Streaming read, one thread.
        var checksum = 0.0
        var readTimes: [Timing] = []
        resetPeakRSS()
        for _ in 0..<runs {
            let t = Timing.start()
            var sum = 0.0
            let n = try GeoJSONReader(contentsOf: input).forEachFeature { f, _ in
                if case .point(let c)? = f.geometry { sum += c.longitude + c.latitude }
                sum += f.properties?["amount_kg"]?.doubleValue ?? 0
            }
            readTimes.append(t.stop())
            precondition(n == points, "read \(n) features, expected \(points)")
            checksum = sum
        }
        precondition(abs(checksum - generated.checksum) <= 1e-6 * max(1, abs(checksum)), "checksum mismatch")
        let streamingPeakRSS = peakRSS()

        // 3. Parallel read, 2 threads.
        var features: [GeoJSON.Feature] = []
        var parallelTimes: [Timing] = []
        for _ in 0..<runs {
            features = []
            let t = Timing.start()
            features = try GeoJSONReader(contentsOf: input).readFeatures(concurrency: 2)
            parallelTimes.append(t.stop())
            precondition(features.count == points)
        }

        // 4. Write the same features.
        var writeTimes: [Timing] = []
        var written = 0
        for _ in 0..<runs {
            try? FileManager.default.removeItem(at: output)  // time writing, not freeing the last run's file
            let t = Timing.start()
            try GeoJSONWriter.writeFeatureCollection(to: output, refusingInputs: [input]) { w in
                for f in features { try w.write(f) }
            }
            writeTimes.append(t.stop())
            written = try fileSize(output)
        }
        let identical = try Data(contentsOf: output) == Data(contentsOf: input)

        // 5. Foundation JSONDecoder.
        var foundationTime: Timing?
        if foundation {
            let data = try Data(contentsOf: input)
            let t = Timing.start()
            let decoded = try JSONDecoder().decode(CodableCollection.self, from: data)
            foundationTime = t.stop()
            precondition(decoded.features.count == points)
        }

        print("")
        print(pad("", 38) + lpad("median s", 10) + lpad("MB/s", 9) + lpad("cpu s", 8) + lpad("runs", 6))
        row("GeoJSONReader.forEachFeature (1 thr)", median(readTimes), size, runs)
        row("GeoJSONReader.readFeatures (2 thr)", median(parallelTimes), size, runs)
        row("GeoJSONWriter.writeFeatureCollection", median(writeTimes), written, runs)
        if let foundationTime { row("Foundation JSONDecoder (Codable)", foundationTime, size, 1) }
        print("")
        print("  median of wall times; cpu s = process CPU time (all threads) of that run; load average \(loadAverage())")
        if let streamingPeakRSS { print("  streaming read: peak RSS \(streamingPeakRSS / 1_000_000) MB (file memory-mapped, parsed pages released)") }
        print("  written file \(identical ? "byte-identical to" : "differs from") the generated one (\(mb(written)) MB)")
        if foundation { print("  Foundation: 1 run, file bytes preloaded (decode only)") }
    }

    // MARK: Data

    private struct Generated { var checksum: Double }

    /// Deterministic seizure-like points: SplitMix64, seed 0x5EED.
    private func generate(to url: URL) throws -> Generated {
        var rng = SplitMix64(seed: 0x5EED)
        let drugs = ["cocaine", "heroin", "cannabis resin", "herbal cannabis", "amphetamine",
                     "methamphetamine", "MDMA", "captagon", "ketamine", "khat"]
        let places = ["Algeciras", "Port of Antwerp", "Rotterdam", "Hamburg", "Gdańsk", "Thessaloniki",
                      "Le Havre", "Valencia", "Constanța", "Piraeus", "Marseille-Fos", "Gioia Tauro",
                      "Klaipėda", "Koper", "Malmö", "Ceuta", "Narva", "Kapitan Andreevo"]
        var checksum = 0.0
        try GeoJSONWriter.writeFeatureCollection(to: url) { w in
            for i in 0..<points {
                // Micro-degree positions, as GPS/survey data has them.
                let lon = Double(Int(rng.next() % 60_000_000) - 20_000_000) / 1e6
                let lat = Double(Int(rng.next() % 40_000_000) + 30_000_000) / 1e6
                let kg = Double(rng.next() % 500_000) / 100
                let day = Int(rng.next() % 28) + 1
                let month = Int(rng.next() % 12) + 1
                let year = 2015 + Int(rng.next() % 10)
                checksum += lon + lat + kg
                let props: JSONObject = [
                    "id": .number(Double(i + 1)),
                    "date": .string("\(year)-\(String(month).leftPadded(2))-\(String(day).leftPadded(2))"),
                    "drug": .string(drugs[Int(rng.next() % UInt64(drugs.count))]),
                    "amount_kg": .number(kg),
                    "place": .string(places[Int(rng.next() % UInt64(places.count))]),
                ]
                try w.write(GeoJSON.Feature(geometry: .point(.init(longitude: lon, latitude: lat)), properties: props))
            }
        }
        return Generated(checksum: checksum)
    }

    // MARK: Helpers

    private func now() -> Double { Timing.clock(CLOCK_MONOTONIC) }

    private func fileSize(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Resets the kernel's peak-RSS counter (VmHWM) of this process (Linux ≥ 4.0).
    private func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// VmHWM from /proc/self/status, in bytes.
    private func peakRSS() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb * 1024
    }

    private func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) == 3 ? String(format: "%.2f", loads[0]) : "?"
    }

    /// The run with the median wall time.
    private func median(_ xs: [Timing]) -> Timing {
        xs.sorted { $0.wall < $1.wall }[xs.count / 2]
    }

    private func mb(_ bytes: Int) -> String { fmt(Double(bytes) / 1e6, 1) }

    private func fmt(_ x: Double, _ decimals: Int = 3) -> String { String(format: "%.\(decimals)f", x) }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

    private func row(_ name: String, _ t: Timing, _ bytes: Int, _ runs: Int) {
        print(pad(name, 38) + lpad(fmt(t.wall), 10) + lpad(fmt(Double(bytes) / 1e6 / t.wall, 1), 9) + lpad(fmt(t.cpu, 2), 8) + lpad("\(runs)", 6))
    }
}

/// Wall and process CPU time of one run.
private struct Timing {
    var wall: Double
    var cpu: Double

    static func clock(_ id: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(id, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func start() -> Timing { Timing(wall: clock(CLOCK_MONOTONIC), cpu: clock(CLOCK_PROCESS_CPUTIME_ID)) }

    func stop() -> Timing { Timing(wall: Timing.clock(CLOCK_MONOTONIC) - wall, cpu: Timing.clock(CLOCK_PROCESS_CPUTIME_ID) - cpu) }
}

private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

// Foundation's view of the same file.
private struct CodableCollection: Decodable {
    var type: String
    var features: [CodableFeature]
}

private struct CodableFeature: Decodable {
    var type: String
    var geometry: CodablePoint
    var properties: CodableProperties
}

private struct CodablePoint: Decodable {
    var type: String
    var coordinates: [Double]
}

private struct CodableProperties: Decodable {
    var id: Int
    var date: String
    var drug: String
    var amount_kg: Double
    var place: String
}
