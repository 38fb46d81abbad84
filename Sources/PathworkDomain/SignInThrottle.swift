/// Counts failed sign-ins in a sliding window and says when the next try may come. One
/// instance is kept per account and one per network address; the caller supplies the clock.
public struct SignInThrottle: Sendable, Equatable {
    public let limit: Int
    public let windowSeconds: Int
    private(set) var failures: [Int] = []  // instants, seconds since the epoch

    public init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Seconds until another try is allowed, or nil when one is allowed now.
    public func retryAfter(now: Int) -> Int? {
        let recent = failures.filter { $0 > now - windowSeconds }
        guard recent.count >= limit, let oldest = recent.sorted().dropLast(limit - 1).last else { return nil }
        return max(1, oldest + windowSeconds - now)
    }

    public mutating func recordFailure(now: Int) {
        failures = failures.filter { $0 > now - windowSeconds } + [now]
    }

    public var isEmpty: Bool { failures.isEmpty }

    public func isExpired(now: Int) -> Bool { failures.allSatisfy { $0 <= now - windowSeconds } }
}
