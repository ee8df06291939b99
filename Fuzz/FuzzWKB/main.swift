// libFuzzer harness for `WKBReader` (scripts/fuzz.sh): the geometries PostGIS sends (`ST_AsBinary`)
// are users' data. A finding is a crash: a trap in the reader, a sanitizer report, or one of the
// checks below failing.
//   - reading never throws anything but a WKBReader.Failure;
//   - what is read, written with `WKB.bytes`, reads back and writes the same bytes (a fixed point).
import Coordinates
import FuzzSupport
import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

@inline(never)
func fail(_ message: String, _ bytes: [UInt8]) -> Never {
    fatalError("FuzzWKB: \(message)\ninput: \(bytes)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWKB(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let g: GeoJSON.Geometry
    do {
        g = try WKBReader.geometry(bytes)
    } catch {
        return 0
    }
    let written = WKB.bytes(g)
    do {
        let again = try WKBReader.geometry(written)
        guard WKB.bytes(again) == written else { fail("writing what was read is not a fixed point", bytes) }
    } catch {
        fail("written WKB does not read: \(error)", bytes)
    }
    return 0
}

runFuzzer(fuzzWKB)
