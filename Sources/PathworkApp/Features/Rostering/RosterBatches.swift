import Foundation
import PathworkDomain

/// Rows read on a thread of their own and handed over in batches, so an import can look rows
/// up and stage them (async database work) between batches while the file streams in fixed
/// memory: the reader waits while two batches are waiting to be taken.
struct ThreadBatches<Row: Sendable>: AsyncSequence {
    typealias Element = [Row]

    final class Gate: @unchecked Sendable {
        let space = DispatchSemaphore(value: 2)
        private let lock = NSLock()
        private var stopped = false
        var isStopped: Bool { lock.withLock { stopped } }
        func stop() {
            lock.withLock { stopped = true }
            space.signal()
        }
    }

    let stream: AsyncThrowingStream<[Row], any Error>
    private let gate: Gate

    /// `produce` runs on the thread and hands each row it reads to the function it is given.
    init(name: String, size: Int = 1000, produce: @escaping @Sendable (_ emit: (Row) throws -> Void) throws -> Void) {
        let gate = Gate()
        self.gate = gate
        stream = AsyncThrowingStream { continuation in
            continuation.onTermination = { _ in gate.stop() }
            let thread = Thread {
                var batch: [Row] = []
                func send() throws {
                    gate.space.wait()
                    if gate.isStopped { throw BatchesStopped() }
                    continuation.yield(batch)
                    batch = []
                }
                do {
                    try produce { row in
                        batch.append(row)
                        if batch.count == size { try send() }
                    }
                    if !batch.isEmpty { try send() }
                    continuation.finish()
                } catch is BatchesStopped {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.name = name
            thread.start()
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<[Row], any Error>.AsyncIterator
        let gate: Gate
        mutating func next() async throws -> [Row]? {
            let batch = try await base.next()
            if batch != nil { gate.space.signal() }
            return batch
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: stream.makeAsyncIterator(), gate: gate) }
}

/// The reader's way out when the consumer has gone.
private struct BatchesStopped: Error {}

/// One OneRoster file's rows, in batches.
typealias RosterBatches = ThreadBatches<RosterRow>

extension ThreadBatches where Row == RosterRow {
    init(_ file: RosterFile, in source: any RosterSource, manifest: RosterManifest, size: Int = 1000) {
        let handoff = SourceHandoff(source: source)
        self.init(name: "pathwork-roster-\(file.rawValue)", size: size) { emit in
            try RosterTable.rows(of: file, in: handoff.source, manifest: manifest, emit)
        }
    }
}

extension ThreadBatches where Row == CSVRecord {
    /// A CSV file's records read in chunks of a megabyte; a syntax error ends the stream with it.
    /// `keeping`: which fields of the lines after the header to keep (`CSVRecordReader`).
    init(csvFile path: String, size: Int = 1000, keeping: (@Sendable ([String]) -> [Bool])? = nil) {
        self.init(name: "pathwork-csv", size: size) { emit in
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            var reader = CSVRecordReader(keepingAfterHeader: keeping)
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try chunk.withUnsafeBytes { try reader.read($0, emit) }
            }
            try reader.finish(emit)
        }
    }
}
