import CGEOS

/// One GEOS context (`GEOSContextHandle_t`, reentrant `_r` API): owns the handle, captures GEOS's
/// error and notice messages, and makes geometries.
///
/// **Threading.** A GEOS context must never be used from two threads at once. `GeometryContext`
/// and every `Geom` / `PreparedGeom` made through it are deliberately *not* `Sendable`, so Swift 6
/// keeps them inside one isolation domain (one thread or task). For parallel work create one
/// context per task and build that task's geometries with it; move data between tasks as
/// `Sendable` values (`[Coordinate]`, WKT/WKB), never as `Geom`.
///
/// Geometries from two contexts may meet in one operation only inside the same isolation domain
/// (the type system enforces that); GEOS keeps no per-context state in geometries, so this is safe.
/// Errors are reported through the receiver's context.
public final class GeometryContext {
    @usableFromInline
    internal let handle: GEOSContextHandle_t

    /// The most recent error message GEOS reported through this context (for example
    /// `"ParseException: Expected word but encountered end of stream"`), nil if none yet.
    public private(set) var lastErrorMessage: String?
    /// The most recent notice GEOS reported through this context, nil if none yet.
    public private(set) var lastNoticeMessage: String?
    /// The error message not yet consumed by a thrown `GeometryError`.
    private var pendingErrorMessage: String?

    /// Creates a GEOS context (GEOS_init_r) and installs message handlers that record GEOS's
    /// messages in this object. The context is finished (GEOS_finish_r) when the object is freed,
    /// which happens only after every geometry made with it is gone (each holds a reference).
    public init() {
        guard let handle = GEOS_init_r() else {
            fatalError("GEOS_init_r returned NULL (out of memory)")
        }
        self.handle = handle
        // Unretained: the handler can run only during a GEOS call on this handle, and the handle
        // is finished in deinit, so `self` is always alive when GEOS calls back.
        let userData = Unmanaged.passUnretained(self).toOpaque()
        _ = GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let userData else { return }
            let context = Unmanaged<GeometryContext>.fromOpaque(userData).takeUnretainedValue()
            let text = message.map { String(cString: $0) } ?? "unknown GEOS error"
            context.lastErrorMessage = text
            context.pendingErrorMessage = text
        }, userData)
        _ = GEOSContext_setNoticeMessageHandler_r(handle, { message, userData in
            guard let userData else { return }
            let context = Unmanaged<GeometryContext>.fromOpaque(userData).takeUnretainedValue()
            context.lastNoticeMessage = message.map { String(cString: $0) }
        }, userData)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1".
    public static var geosVersion: String { String(cString: GEOSversion()) }

    /// A `GeometryError` for a failed call, carrying (and consuming) GEOS's pending message.
    @usableFromInline
    internal func failure(_ operation: String) -> GeometryError {
        let message = pendingErrorMessage ?? "GEOS reported failure without a message"
        pendingErrorMessage = nil
        return GeometryError(operation: operation, message: message)
    }

    /// Wraps an owned GEOS result, or throws the pending GEOS error if it is NULL.
    @usableFromInline
    internal func owned(_ pointer: OpaquePointer?, _ operation: String) throws(GeometryError) -> Geom {
        guard let pointer else { throw failure(operation) }
        return Geom(owning: pointer, context: self)
    }

    /// Interprets a GEOS predicate result (1 true, 0 false, 2 exception).
    @usableFromInline
    internal func predicate(_ result: CChar, _ operation: String) throws(GeometryError) -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw failure(operation)
        }
    }

    /// Interprets a GEOS status result where `success` means success (usually 1).
    @usableFromInline
    internal func check(_ status: Int32, success: Int32 = 1, _ operation: String) throws(GeometryError) {
        guard status == success else { throw failure(operation) }
    }
}
