import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The app-wide services configure() sets up once: configuration, the clock rules consult,
/// sign-in throttles, the one writer that commits changes (and keeps the audit chain linear) and
/// the viewers it keeps fresh.
struct PathworkServices: Sendable {
    let config: Config
    let clock: Clock
    let throttles: SignInThrottles
    let writer: ChangeWriter
    let viewers: ViewerCache
    let kioskPasses = KioskPasses()
    let signingKeys = SigningKeyCache()
    let observers = ChangeObservers()
    /// A connection of its own for long work beside the writer (a year of rollups read and
    /// written): on a request loop's connection, that work's statements held up every request
    /// of the loop for seconds. Nil for an in-memory database, which has one connection.
    var longWork: WriterDatabase? = nil

    /// Where long work beside the writer runs: its own connection, or `fallback`.
    func longWorkDatabase(or fallback: any Database) -> any Database {
        longWork?.database(logger: fallback.logger) ?? fallback
    }

    /// Runs long work on the long-work connection's own thread rather than Swift's shared pool,
    /// which has a thread per core: decoding a year of 50,000 students there for half a second
    /// left the requests of a two-core machine one thread, and clock-ins waited behind it.
    func besideRequests<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let executor = longWork?.executor else { return try await work() }
        return try await Task(executorPreference: executor) { try await work() }.value
    }
}

/// Derived data that must never be stale (outcome rollups) is kept up to date inside the change
/// that alters its sources: each observer sees the events the change emitted (`ChangeEvent`)
/// before it commits, on the change's own transaction, so no writer calls an observer.
final class ChangeObservers: @unchecked Sendable {
    typealias Observer = @Sendable (_ events: [ChangeEvent], _ db: any Database, _ now: Date) async throws -> Void
    private let lock = NSLock()
    private var observers: [Observer] = []

    func add(_ observer: @escaping Observer) { lock.withLock { observers.append(observer) } }

    func run(_ events: [ChangeEvent], on db: any Database, now: Date) async throws {
        guard !events.isEmpty else { return }
        for observer in lock.withLock({ observers }) { try await observer(events, db, now) }
    }
}

/// "Now" behind a small client so tests can pin it; rules never call `Date()` themselves.
struct Clock: Sendable {
    var now: @Sendable () -> Date
    static let system = Clock { Date() }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = PathworkServices }

    var pathwork: PathworkServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:config:) was not called") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var pathwork: PathworkServices { application.pathwork }
    var now: Date { application.pathwork.clock.now() }
}

/// Failed sign-ins per account and per network address, in memory: Pathwork is one process,
/// and a restart forgetting a quarter hour of failures is acceptable.
actor SignInThrottles {
    private var byAccount: [String: SignInThrottle] = [:]
    private var byAddress: [String: SignInThrottle] = [:]
    private let accountLimit: Int
    private let addressLimit: Int
    private let window: Int

    init(config: Config) {
        accountLimit = config.signInFailuresPerAccount
        addressLimit = config.signInFailuresPerAddress
        window = config.signInWindowSeconds
    }

    /// Seconds the caller must wait, or nil when they may try now.
    func retryAfter(account: String, address: String, now: Int) -> Int? {
        let waits = [byAccount[account]?.retryAfter(now: now), byAddress[address]?.retryAfter(now: now)].compactMap { $0 }
        return waits.max()
    }

    func recordFailure(account: String, address: String, now: Int) {
        byAccount[account, default: SignInThrottle(limit: accountLimit, windowSeconds: window)].recordFailure(now: now)
        byAddress[address, default: SignInThrottle(limit: addressLimit, windowSeconds: window)].recordFailure(now: now)
        if byAccount.count + byAddress.count > 10_000 {
            byAccount = byAccount.filter { !$0.value.isExpired(now: now) }
            byAddress = byAddress.filter { !$0.value.isExpired(now: now) }
        }
    }

    /// A success clears the account's failures, not the address's: one good password must
    /// not reset an attacker spraying many accounts from one address.
    func recordSuccess(account: String) {
        byAccount[account] = nil
    }
}
