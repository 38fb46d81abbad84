import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// Collects the audit rows of one change while it runs; they are chained and written in the
/// change's own transaction, so a change and its audit rows commit or fail together.
final class AuditRecorder: @unchecked Sendable {
    struct Pending {
        let action: String
        let entity: String
        let entityID: String
        let before: String
        let after: String

        init(action: String, entity: String, entityID: String, before: String, after: String) {
            (self.action, self.entity, self.entityID, self.before, self.after) = (action, entity, entityID, before, after)
        }

        /// A row encoded ahead of its change, by work prepared beside the writer (`ApprovalPlan`).
        init<B: Encodable, A: Encodable>(action: String, entity: String, id: UUID?, before: B?, after: A?) {
            self.init(action: action, entity: entity, entityID: id?.uuidString ?? "", before: AuditJSON.encode(before), after: AuditJSON.encode(after))
        }
    }

    private let lock = NSLock()
    private var pending: [Pending] = []
    private var events: [ChangeEvent] = []
    /// The writer's transaction this change runs in, for changes that read and write through
    /// what it holds for all its changes (the clock's events: `ClockBatch`).
    let batch: ChangeWriter.Batch

    init(batch: ChangeWriter.Batch) { self.batch = batch }

    func record<B: Encodable, A: Encodable>(_ action: String, _ entity: String, id: UUID?, before: B?, after: A?) {
        let item = Pending(action: action, entity: entity, id: id, before: before, after: after)
        lock.withLock { pending.append(item) }
    }

    /// Rows encoded before the change began.
    func append(_ items: [Pending]) { lock.withLock { pending += items } }

    func created<A: Encodable>(_ entity: String, id: UUID?, _ after: A) {
        record("create", entity, id: id, before: Optional<A>.none, after: after)
    }

    func updated<A: Encodable>(_ entity: String, id: UUID?, from before: A, to after: A) {
        record("update", entity, id: id, before: before, after: after)
    }

    func deleted<B: Encodable>(_ entity: String, id: UUID?, _ before: B) {
        record("delete", entity, id: id, before: before, after: Optional<B>.none)
    }

    private let clock = ContinuousClock()
    private var laps: [(part: String, at: ContinuousClock.Instant)] = []

    /// Marks the end of a named part of the change, so a change that holds the writer long is
    /// logged with where its time went (`AuditLog.slowChange`).
    func lap(_ part: String) {
        let now = clock.now
        lock.withLock { laps.append((part, now)) }
    }

    /// Each marked part's milliseconds since the one before (the first since `start`).
    func parts(since start: ContinuousClock.Instant) -> [(String, Int64)] {
        var previous = start
        return lock.withLock { laps }.map { lap in
            defer { previous = lap.at }
            return (lap.part, AuditLog.milliseconds(lap.at - previous))
        }
    }

    /// Says what the change did, for observers and the viewer cache (see `ChangeEvent`).
    func emit(_ event: ChangeEvent) { lock.withLock { events.append(event) } }

    var emitted: [ChangeEvent] { lock.withLock { events } }

    var drained: [Pending] {
        lock.withLock {
            defer { pending = [] }
            return pending
        }
    }
}

enum AuditJSON {
    static func encode<T: Encodable>(_ value: T?) -> String {
        guard let value else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

/// Who is acting: a signed-in person, or the command line.
struct Actor: Sendable {
    let id: String
    let districtID: UUID?

    static func person(_ viewer: Viewer) -> Actor { Actor(id: viewer.personID.uuidString, districtID: viewer.districtID) }
    static func system(_ name: String, districtID: UUID? = nil) -> Actor { Actor(id: "system:\(name)", districtID: districtID) }
}

enum AuditLog {
    /// Runs `body` inside the shared writer's transaction (see `ChangeWriter`) and appends its
    /// audit rows to the chain before that transaction commits.
    /// `rerunnable`: the body reads everything it uses inside the change and touches nothing
    /// outside it, so the writer may run it twice (see `ChangeWriter.commit`). `hint`: what it
    /// will read through the batch (see `ChangeWriter.submit`).
    /// How long a change may hold the writer before the log says so.
    static let slowChange = Duration.milliseconds(25)

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static func change<T: Sendable>(
        on db: any Database, by actor: Actor, services: PathworkServices, rerunnable: Bool = false, hint: (any Sendable)? = nil,
        _ body: @escaping @Sendable (any Database, AuditRecorder) async throws -> T
    ) async throws -> T {
        let now = services.clock.now()
        return try await services.writer.submit(on: db, rerunnable: rerunnable, hint: hint) { tx, batch in
            let clock = ContinuousClock()
            let started = clock.now
            let recorder = AuditRecorder(batch: batch)
            let result = try await body(tx, recorder)
            let items = recorder.drained
            let events = recorder.emitted
            // A change that said nothing may have changed anyone: only clock events keep viewers.
            if events.isEmpty || !events.allSatisfy(\.keepsViewers) { batch.viewersStale = true }
            let changed = clock.now
            try await services.observers.run(events, on: tx, now: now)
            let observed = clock.now
            try await append(items, by: actor, at: now, on: tx, batch: batch)
            // Every clock-in waits while a change holds the writer: long ones are named for operators.
            let held = clock.now - started
            if held > slowChange {
                var metadata: Logger.Metadata = [
                    "actor": "\(actor.id)", "change_ms": "\(milliseconds(changed - started))",
                    "observers_ms": "\(milliseconds(observed - changed))", "audit_ms": "\(milliseconds(clock.now - observed))",
                    "audit_entries": "\(items.count)",
                ]
                for (part, ms) in recorder.parts(since: started) { metadata["\(part)_ms"] = "\(ms)" }
                db.logger.notice("A change held the writer for \(milliseconds(held)) ms", metadata: metadata)
            }
            return result
        }
    }

    private static func append(_ items: [AuditRecorder.Pending], by actor: Actor, at now: Date, on db: any Database,
                               batch: ChangeWriter.Batch) async throws {
        guard !items.isEmpty else { return }
        if batch.auditHead == nil {
            let head = try await db.sql().raw("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1").first()
            batch.auditHead = (try head?.decode(column: "sequence", as: Int.self) ?? 0,
                               try head?.decode(column: "hash", as: String.self) ?? AuditChain.genesis)
        }
        var (sequence, previous) = batch.auditHead!
        let rows = batch.held(AuditRows.init)
        for item in items {
            sequence += 1
            let content = AuditContent(
                sequence: sequence, districtID: actor.districtID?.uuidString ?? "", actorID: actor.id,
                occurredAtSeconds: Int(now.timeIntervalSince1970), action: item.action, entity: item.entity,
                entityID: item.entityID, before: item.before, after: item.after)
            let hash = AuditChain.hash(previous: previous, content)
            rows.values.append([OrderedID.next(), content.sequence, content.districtID, content.actorID, content.occurredAtSeconds, content.action,
                                content.entity, content.entityID, content.before, content.after, previous, hash])
            previous = hash
        }
        batch.auditHead = (sequence, previous)
    }

    /// Checks the whole chain in pages, so a long log does not need to fit in memory.
    static func verify(on db: any Database, pageSize: Int = 2000) async throws -> (checked: Int, firstBreak: AuditChain.Break?) {
        var last: (sequence: Int, hash: String) = (0, AuditChain.genesis)
        var checked = 0
        while true {
            let page = try await AuditEntry.query(on: db).filter(\.$sequence > last.sequence)
                .sort(\.$sequence).limit(pageSize).all()
            if page.isEmpty { return (checked, nil) }
            if let broken = AuditChain.firstBreak(in: page.map(\.chainRow), startingAfter: last) {
                return (checked + broken.sequence - last.sequence - 1, broken)
            }
            checked += page.count
            last = (page.last!.sequence, page.last!.hash)
        }
    }
}

/// The audit rows of a transaction's changes, written with plain SQL as few multi-row INSERTs
/// when the writer flushes (after each change, or once for a batch of clock events): this runs
/// for every change, where model handling was measured as the larger cost.
private final class AuditRows: HeldWrites {
    var values: [[any Encodable & Sendable]] = []

    func write(on db: any Database) async throws {
        let sql = try db.sql()
        let values = self.values
        self.values = []
        // A thousand rows a statement keeps within both engines' limits on bound values.
        for chunk in values.chunked(1000) {
            let insert = sql.insert(into: AuditEntry.schema).columns("id", "sequence", "district_id", "actor_id", "occurred_at", "action",
                                                                      "entity", "entity_id", "before", "after", "previous_hash", "hash")
            for row in chunk { insert.values(row) }
            try await insert.run()
        }
    }
}

extension Request {
    /// A change made by the signed-in viewer, audited.
    func change<T: Sendable>(rerunnable: Bool = false, hint: (any Sendable)? = nil,
                             _ body: @escaping @Sendable (Tenant, AuditRecorder) async throws -> T) async throws -> T {
        let tenant = try self.tenant
        return try await AuditLog.change(on: db, by: .person(try viewer), services: pathwork, rerunnable: rerunnable, hint: hint) { db, recorder in
            try await body(tenant.with(db), recorder)
        }
    }

    /// Logs that an outside viewer saw a student's record. District staff and the student
    /// themself are not disclosures.
    func discloseIfExternal(studentID: UUID, context: String) async throws {
        let viewer = try self.viewer
        guard viewer.isExternal, viewer.personID != studentID else { return }
        try await Disclosure(districtID: viewer.districtID, studentID: studentID, viewerID: viewer.personID,
                             viewerRole: viewer.primaryRole.rawValue, context: context, occurredAt: now).create(on: db)
    }
}
