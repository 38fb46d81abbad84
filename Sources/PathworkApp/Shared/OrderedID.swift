import Foundation
import Synchronization

/// Ids that sort in the order they were made, for rows written by the thousand: each insert
/// lands at the end of the primary-key index, and of indexes on such ids (an audit row's
/// entity), instead of on a random page. With random UUIDs a clock burst dirtied a page of each
/// of those indexes per event, and the generator's time went into page misses once the indexes
/// outgrew SQLite's cache (Benchmarks/README.md).
enum OrderedID {
    /// Milliseconds since 1970 when the process started, shifted left 16 bits, plus one per id.
    /// A restart starts past every id of the run before unless that run made more than 65,536
    /// ids a millisecond on average.
    private static let counter = Atomic<UInt64>(UInt64(Date().timeIntervalSince1970 * 1000) << 16)

    /// The ordered 64 bits, then 62 random bits so two processes (a server and a generator on
    /// one database, say) never collide; the top two bits of the second half carry the RFC 4122
    /// variant, as every UUID here has.
    static func next() -> UUID {
        let ordered = counter.add(1, ordering: .relaxed).newValue.bigEndian
        let random = (randomness.withLock { $0.take() } & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000).bigEndian
        return withUnsafeBytes(of: (ordered, random)) { UUID(uuid: $0.load(as: uuid_t.self)) }
    }

    /// The system's random bytes, 4 KiB at a time: asked for eight bytes per id, the system call
    /// was a sixth of a bulk import's own work (a million ids for a StudentTracker file).
    private static let randomness = Mutex(RandomWords())

    private struct RandomWords {
        var words = [UInt64](repeating: 0, count: 512)
        var next = 512

        mutating func take() -> UInt64 {
            if next == words.count {
                words.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                next = 0
            }
            defer { next += 1 }
            return words[next]
        }
    }
}

extension UUID {
    /// Byte order: how PostgreSQL orders its `uuid`s, and SQLite the uppercase text Fluent stores.
    func precedes(_ other: UUID) -> Bool {
        withUnsafeBytes(of: uuid) { mine in withUnsafeBytes(of: other.uuid) { theirs in mine.lexicographicallyPrecedes(theirs) } }
    }
}
