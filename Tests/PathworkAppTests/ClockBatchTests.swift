import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

/// Lines changes up for one transaction of the shared writer, in the order they are sent.
struct WriterHold {
    let app: Application

    static func start(_ app: Application) async -> WriterHold {
        await app.pathwork.writer.pause()
        return WriterHold(app: app)
    }

    func release() async { await app.pathwork.writer.resume() }

    /// Starts `send` and returns once its change waits in the writer's queue.
    func queue<T: Sendable>(_ send: @escaping @Sendable () async throws -> T) async throws -> Task<T, any Error> {
        let before = await app.pathwork.writer.waiting
        let task = Task { try await send() }
        // A request refused before it reaches the writer never queues; the test's checks say so.
        for _ in 0..<2500 where await app.pathwork.writer.waiting == before { try await Task.sleep(for: .milliseconds(2)) }
        return task
    }
}

/// A write held for the end of the transaction: a school.
private final class HeldSchools: HeldWrites {
    var schools: [School] = []
    func write(on db: any Database) async throws {
        let schools = self.schools
        self.schools = []
        for school in schools { try await school.create(on: db) }
    }
}

@Suite("Clock events committed together: one read and one write for the batch")
struct ClockBatchTests {
    struct Refused: Error {}

    @Test("held writes land before a change without a hint and at commit; a failed change's are dropped", arguments: [false, true])
    func heldWrites(rerunnable: Bool) async throws {
        try await withPathwork { app, fixture, _ in
            let district = fixture.a.id
            @Sendable func hold(_ name: String, fail: Bool = false) async throws -> Int {
                try await app.pathwork.writer.submit(on: app.db, rerunnable: rerunnable, hint: name) { _, batch in
                    batch.held(HeldSchools.init).schools.append(School(districtID: district, name: name, locale: .town))
                    if fail { throw Refused() }
                    return 0
                }
            }
            @Sendable func count(_ name: String) async throws -> Int {
                try await app.pathwork.writer.submit(on: app.db, rerunnable: rerunnable) { db, _ in
                    try await School.query(on: db).filter(\.$name == name).count()
                }
            }
            // A transaction where every change succeeds: held writes wait for the change without a hint.
            var writer = await WriterHold.start(app)
            let a = try await writer.queue { try await hold("Held A") }
            let seen = try await writer.queue { try await count("Held A") }
            let b = try await writer.queue { try await hold("Held B") }
            await writer.release()
            _ = try await (a.value, b.value)
            #expect(try await seen.value == 1)
            // One that fails after holding a write: that write is dropped, the others land.
            writer = await WriterHold.start(app)
            let c = try await writer.queue { try await hold("Held C", fail: true) }
            let d = try await writer.queue { try await hold("Held D") }
            await writer.release()
            await #expect(throws: Refused.self) { try await c.value }
            _ = try await d.value
            let names = Set(try await School.query(on: app.db).all().map(\.name))
            #expect(names.isSuperset(of: ["Held A", "Held B", "Held D"]) && !names.contains("Held C"))
        }
    }

    @Test("clock-ins, a double tap, clock-outs and a clock-in after them, each batch committed together")
    func clockEventsTogether() async throws {
        try await withPathwork { app, fixture, clock in
            let s = try await TimeSetup.make(app, fixture)
            clock.advance(minutes: 70)  // 15:30, after school
            let training = ["activity": "training"]
            // One transaction with a refusal in it: each change then runs alone in its savepoint.
            var writer = await WriterHold.start(app)
            let first = try await writer.queue { try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: training) }
            let tap = try await writer.queue { try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: training) }
            let other = try await writer.queue { try await app.send(.POST, "/api/v1/clock/in", token: s.older, json: training) }
            await writer.release()
            #expect(try await first.value.status == .created)
            let refused = try await tap.value
            #expect(refused.status == .conflict && refused.object["code"] as? String == "clock.already-in")
            #expect(try await other.value.status == .created)

            // One transaction that succeeds whole: read once, written as one statement at the end.
            clock.advance(minutes: 30)
            writer = await WriterHold.start(app)
            let out = try await writer.queue { try await app.send(.POST, "/api/v1/clock/out", token: s.student) }
            let otherOut = try await writer.queue { try await app.send(.POST, "/api/v1/clock/out", token: s.older) }
            let back = try await writer.queue { try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: training) }
            await writer.release()
            let closed = try await out.value
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(try closed.json(TimeEntryJSON.self).minutes == 30)
            #expect(try await otherOut.value.json(TimeEntryJSON.self).status == .draft)
            #expect(try await back.value.status == .created)

            let mine = try await TimeEntry.query(on: app.db).filter(\.$studentID == fixture.a.student).sort(\.$startsAt).all()
            #expect(mine.map(\.status) == [.draft, .open] && mine.map(\.minutes) == [30, 0])
            #expect(mine[0].endsAt == mine[1].startsAt && mine[0].createdAt != nil && mine[0].updatedAt == mine[1].createdAt)
            let others = try await TimeEntry.query(on: app.db).filter(\.$studentID == fixture.a.otherStudent).all()
            #expect(others.map(\.status) == [.draft] && others.map(\.minutes) == [30])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "timeEntry").count() == 5)
            #expect(try await AuditLog.verify(on: app.db).firstBreak == nil)
            // Still one open entry per student, as the clock page sees it.
            let summary = try await app.send(.GET, "/api/v1/me/time", token: s.student).json(TimeSummary.self)
            #expect(summary.clockedIn && summary.weekMinutes == 30)
        }
    }
}
