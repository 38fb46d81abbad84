import Foundation
@testable import PathworkApp
import Testing

@Suite("Ordered ids: later ids sort after earlier ones, as SQLite and PostgreSQL compare them")
struct OrderedIDTests {
    @Test("each id sorts after the one before, as text and as bytes; none repeats across tasks; the variant bits are RFC 4122's")
    func ordered() async throws {
        let sequences = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<4 { group.addTask { (0..<5000).map { _ in OrderedID.next() } } }
            return await group.reduce(into: [[UUID]]()) { $0.append($1) }
        }
        for ids in sequences {
            // SQLite keeps ids as their uppercase text, PostgreSQL as 16 bytes.
            #expect(zip(ids, ids.dropFirst()).allSatisfy { $0.uuidString < $1.uuidString })
            #expect(zip(ids, ids.dropFirst()).allSatisfy { bytes($0).lexicographicallyPrecedes(bytes($1)) })
        }
        let all = sequences.flatMap { $0 }
        #expect(Set(all).count == 20_000)
        #expect(all.allSatisfy { bytes($0)[8] & 0xC0 == 0x80 })
    }

    @Test("ids sorted by their bytes are sorted as SQLite's text and PostgreSQL's uuid order them")
    func byteOrder() {
        let ids = (0..<2000).map { _ in UUID() }.sorted { $0.precedes($1) }
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0.uuidString < $1.uuidString })
        #expect(!ids[1].precedes(ids[0]) && !ids[0].precedes(ids[0]))
    }

    private func bytes(_ id: UUID) -> [UInt8] { withUnsafeBytes(of: id.uuid) { Array($0) } }
}
