import Foundation
import Synchronization

/// The viewers API tokens name, kept in memory between requests. Reading the token, person,
/// district and roles was the largest part of every API call: an authenticated `GET /me` ran at
/// about 60 % of the rate of `/healthz` with the read and at its full rate without it
/// (Benchmarks/README.md).
///
/// Every change that commits through the writer, other than a clock event, empties the cache
/// (`ChangeWriter`), and revoking a token does so itself: those are the only ways a person,
/// their roles, their district or their tokens change, since Pathwork is one process and the
/// command line only adds people and districts. Expiry is checked on every request, as before.
/// Tokens that name nobody are never kept.
final class ViewerCache: Sendable {
    typealias Found = (viewer: Viewer, expiresAt: Date)

    private struct State {
        /// Counts the emptyings, so a read that started before one is not kept after it.
        var generation: UInt64 = 0
        var byTokenHash: [String: Found] = [:]
    }

    private let state = Mutex(State())
    /// About 300 bytes a viewer; past this many tokens the cache starts again from empty.
    let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    /// The viewer a token names, from memory or from `load`.
    func viewer(tokenHash: String, load: () async throws -> Found?) async throws -> Found? {
        let (kept, generation) = state.withLock { ($0.byTokenHash[tokenHash], $0.generation) }
        if let kept { return kept }
        guard let found = try await load() else { return nil }
        state.withLock { state in
            // A change committed while `load` read: what it read may be from before the change.
            guard state.generation == generation else { return }
            if state.byTokenHash.count >= capacity { state.byTokenHash.removeAll(keepingCapacity: true) }
            state.byTokenHash[tokenHash] = found
        }
        return found
    }

    /// Forgets every viewer: called once a change has committed, before anyone is answered.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.byTokenHash.removeAll(keepingCapacity: true)
        }
    }

    var count: Int { state.withLock { $0.byTokenHash.count } }
}
