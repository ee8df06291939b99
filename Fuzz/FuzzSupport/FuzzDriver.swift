// What every libFuzzer harness in Fuzz/ shares: handing control to libFuzzer's driver, and
// failing (a crash is a finding) with the input shown.
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer's entry point (SwiftPM links an executable's main.swift as its `main`, so the
// runtime's own `main` is not used): runs the fuzzer with the command line's flags.
@_extern(c, "LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Runs libFuzzer on `callback` (the harness's `LLVMFuzzerTestOneInput`) and exits with its status.
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}

/// A failed check: a crash libFuzzer saves the input of; the message names the harness and shows the input.
@inline(never)
public func fail(_ harness: String, _ message: String, _ input: UnsafeBufferPointer<UInt8>) -> Never {
    fatalError("\(harness): \(message)\ninput: \(String(decoding: input, as: UTF8.self).debugDescription)")
}
