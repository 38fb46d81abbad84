import Foundation
import PathworkDomain

/// One file's rows read on a thread of its own and handed over in batches, so an import can
/// look rows up and stage them (async database work) between batches while the file streams
/// in fixed memory: the reader waits while two batches are waiting to be taken.
struct RosterBatches: AsyncSequence {
    typealias Element = [RosterRow]

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

    let stream: AsyncThrowingStream<[RosterRow], any Error>
    private let gate: Gate

    init(_ file: RosterFile, in source: any RosterSource, manifest: RosterManifest, size: Int = 1000) {
        let gate = Gate()
        let handoff = SourceHandoff(source: source)
        self.gate = gate
        stream = AsyncThrowingStream { continuation in
            continuation.onTermination = { _ in gate.stop() }
            let thread = Thread {
                struct Stopped: Error {}
                var batch: [RosterRow] = []
                func send() throws {
                    gate.space.wait()
                    if gate.isStopped { throw Stopped() }
                    continuation.yield(batch)
                    batch = []
                }
                do {
                    try RosterTable.rows(of: file, in: handoff.source, manifest: manifest) { row in
                        batch.append(row)
                        if batch.count == size { try send() }
                    }
                    if !batch.isEmpty { try send() }
                    continuation.finish()
                } catch is Stopped {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.name = "pathwork-roster-\(file.rawValue)"
            thread.start()
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<[RosterRow], any Error>.AsyncIterator
        let gate: Gate
        mutating func next() async throws -> [RosterRow]? {
            let batch = try await base.next()
            if batch != nil { gate.space.signal() }
            return batch
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: stream.makeAsyncIterator(), gate: gate) }
}
