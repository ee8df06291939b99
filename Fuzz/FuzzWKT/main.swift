// libFuzzer harness for `WKT.parse` (scripts/fuzz.sh). A finding is a crash: a trap in the
// reader, a sanitizer report, or one of the checks below failing.
//   - parse never throws anything but a GeoFormatsError;
//   - a parsed geometry written with `WKT.string` parses back to the same geometry, and that
//     text is a fixed point of writing.
import Coordinates
import FuzzSupport
import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

@inline(never)
func fail(_ message: String, _ text: String) -> Never {
    fatalError("FuzzWKT: \(message)\ninput: \(text.debugDescription)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWKT(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let g: GeoJSON.Geometry
    do {
        g = try WKT.parse(text)
    } catch is GeoFormatsError {
        return 0
    } catch {
        fail("unexpected error type \(type(of: error)): \(error)", text)
    }
    let written = WKT.string(g)
    do {
        let again = try WKT.parse(written)
        guard again == g else { fail("round trip changed the geometry: \(written)", text) }
        guard WKT.string(again) == written else { fail("writing is not a fixed point: \(written)", text) }
    } catch {
        fail("written text \(written.debugDescription) does not parse: \(error)", text)
    }
    return 0
}

runFuzzer(fuzzWKT)
