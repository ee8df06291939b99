/// Somewhere to put parsed features: an Array, or a `FeatureBuffer`.
protocol FeatureAppending {
    mutating func append(_ feature: GeoJSON.Feature)
}

extension Array: FeatureAppending where Element == GeoJSON.Feature {}

/// A growable buffer of features whose contents can be moved (not copied) into an Array: the
/// parallel reader's threads fill one each, then the parts are moved into the result without a
/// retain/release per feature. Owns its memory: call `moveAll(to:)` or `destroy()` exactly once.
struct FeatureBuffer: FeatureAppending, @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<GeoJSON.Feature>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    mutating func append(_ feature: GeoJSON.Feature) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<GeoJSON.Feature>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: feature)
        count += 1
    }

    /// Moves the features to `destination` (uninitialized memory) and frees the buffer.
    func moveAll(to destination: UnsafeMutablePointer<GeoJSON.Feature>) {
        destination.moveInitialize(from: base, count: count)
        base.deallocate()
    }

    /// Destroys the features and frees the buffer.
    func destroy() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
