import Foundation

/// Slots that parallel chunks fill; each index is written by exactly one task, so no lock.
private final class Slots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T?>
    let count: Int
    init(_ n: Int) {
        count = n
        base = .allocate(capacity: n)
        base.initialize(repeating: nil, count: n)
    }
    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// Runs `body` for chunk 0..<chunks on all cores and returns the results in chunk order.
public func parallelChunks<T: Sendable>(_ chunks: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard chunks > 0 else { return [] }
    if chunks == 1 { return [body(0)] }
    let slots = Slots<T>(chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { k in
        slots.base[k] = body(k)
    }
    return (0..<chunks).map { slots.base[$0]! }
}

/// How many chunks to split `n` work items into: one per core, none smaller than `minimum` items.
public func chunkCount(_ n: Int, minimum: Int) -> Int {
    max(1, min(ProcessInfo.processInfo.activeProcessorCount, n / max(minimum, 1)))
}
