import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Time: clock, entries, child-labor refusals, approvals")
struct TimeAPITests {
    @Test("a student clocks in after school, not during it; one open entry at a time; clock-out makes a draft")
    func clock() async throws {
        try await withPathwork { app, fixture, clock in
            let s = try await TimeSetup.make(app, fixture)
            let during = try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["engagementId": s.engagement.id])
            #expect(during.status == .unprocessableEntity)
            #expect(during.object["code"] as? String == "labor.school-hours")
            clock.advance(minutes: 70)  // 15:30
            let clockedIn = try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["engagementId": s.engagement.id])
            #expect(clockedIn.status == .created, "\(clockedIn.text)")
            #expect(try clockedIn.json(TimeEntryJSON.self).status == .open)
            let again = try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "training"])
            #expect(again.status == .conflict)
            #expect(again.object["code"] as? String == "clock.already-in")
            clock.advance(minutes: 90)
            let out = try await app.send(.POST, "/api/v1/clock/out", token: s.student)
            #expect(out.status == .ok)
            let entry = try out.json(TimeEntryJSON.self)
            #expect(entry.minutes == 90 && entry.status == .draft && entry.flags.isEmpty)
            #expect(try await app.send(.POST, "/api/v1/clock/out", token: s.student).object["code"] as? String == "clock.not-in")
            let summary = try await app.send(.GET, "/api/v1/me/time", token: s.student).json(TimeSummary.self)
            #expect(summary.weekMinutes == 90 && summary.weeklyLimitMinutes == 18 * 60 && !summary.clockedIn)
            // A clock-out past the evening hour is recorded as worked and flagged, never refused.
            clock.advance(minutes: 10)  // 17:10
            #expect(try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "training"]).status == .created)
            clock.advance(minutes: 150)  // 19:40
            let late = try await app.send(.POST, "/api/v1/clock/out", token: s.student).json(TimeEntryJSON.self)
            #expect(late.minutes == 150 && late.flags.contains("labor.time-of-day") && late.flags.contains("labor.school-day-hours"))
        }
    }

    @Test("typed entries: each labor limit refused with its code and the totals; overlap, future and 12-hour rules")
    func typedRules() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let student = fixture.a.student
            #expect(try await s.entry(app, token: s.student, student: student, "2026-11-04", from: (15, 0), to: (18, 0)).status == .created)
            let over = try await s.entry(app, token: s.student, student: student, "2026-11-03", from: (15, 0), to: (18, 1))
            #expect(over.status == .unprocessableEntity)
            #expect(over.object["code"] as? String == "labor.school-day-hours")
            #expect((over.object["detail"] as? String)?.contains("3 h a school day at most; this makes 3 h 1 min") == true)
            let evening = try await s.entry(app, token: s.student, student: student, "2026-11-02", from: (18, 0), to: (19, 30))
            #expect(evening.object["code"] as? String == "labor.time-of-day")
            let overlap = try await s.entry(app, token: s.student, student: student, "2026-11-04", from: (17, 0), to: (17, 30))
            #expect(overlap.status == .conflict)
            #expect(overlap.object["code"] as? String == "time.overlap")
            let future = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-06", from: (15, 0), to: (16, 0))
            #expect(future.object["code"] as? String == "time.future")
            // The 17-year-old has no federal hour limit, but no entry runs past 12 hours.
            let long = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-01", from: (6, 0), to: (18, 1))
            #expect(long.object["code"] as? String == "time.too-long")
            #expect(try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-01", from: (6, 0), to: (18, 0)).status == .created)
            // A student types time only for themself.
            #expect(try await s.entry(app, token: s.student, student: fixture.a.otherStudent, "2026-11-04", from: (15, 0), to: (16, 0)).status == .notFound)
        }
    }

    @Test("fifty overlapping entries sent at once: exactly one is committed")
    func racingOverlaps() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for minute in 0..<50 {
                    group.addTask {
                        try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-04",
                                          from: (16, minute), to: (17, minute)).status
                    }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 49)
            let stored = try await TimeEntry.query(on: app.db).filter(\.$studentID == fixture.a.otherStudent).count()
            #expect(stored == 1)
        }
    }

    @Test("a replayed Idempotency-Key returns the first answer and writes one row")
    func idempotentReplay() async throws {
        try await withPathwork { app, fixture, clock in
            let s = try await TimeSetup.make(app, fixture)
            clock.advance(minutes: 70)
            let headers: HTTPHeaders = ["Idempotency-Key": "tap-1"]
            let first = try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "training"], headers: headers)
            let second = try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "training"], headers: headers)
            #expect(first.status == .created && second.status == .created)
            #expect(try first.json(TimeEntryJSON.self).id == second.json(TimeEntryJSON.self).id)
            let typed = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-04", from: (16, 0), to: (17, 0),
                                          headers: ["Idempotency-Key": "typed-1"])
            let replay = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-04", from: (16, 0), to: (17, 0),
                                           headers: ["Idempotency-Key": "typed-1"])
            #expect(typed.status == .created && replay.status == .created && typed.text == replay.text, "\(typed.text) | \(replay.text)")
            #expect(try await TimeEntry.query(on: app.db).count() == 2)
            // A double tap: the same key twice at once still makes one entry and one answer.
            _ = try await app.send(.POST, "/api/v1/clock/out", token: s.student)
            async let tapA = app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "training"], headers: ["Idempotency-Key": "tap-2"])
            async let tapB = app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "training"], headers: ["Idempotency-Key": "tap-2"])
            let (a, b) = try await (tapA, tapB)
            #expect(a.status == .created && b.status == .created && a.text == b.text)
            #expect(try await TimeEntry.query(on: app.db).count() == 3)
        }
    }

    @Test("submit, reject with a reason, fix, approve; approved time is locked; an adjustment is approved in turn")
    func approvals() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let entry = try await s.entry(app, token: s.student, student: fixture.a.student, "2026-11-04", from: (15, 0), to: (16, 0)).json(TimeEntryJSON.self)
            #expect(entry.status == .draft)
            let submitted = try await app.send(.POST, "/api/v1/time-entries/submit", token: s.student, json: ["weekOf": "2026-11-04"])
            #expect(try submitted.json([TimeEntryJSON].self).map(\.status) == [.submitted])
            // The student's own approval and another team's lead are refused.
            #expect(try await app.send(.POST, "/api/v1/time-entries/\(entry.id!)/approve", token: s.student).status == .forbidden)
            let rejected = try await app.send(.POST, "/api/v1/time-entries/\(entry.id!)/reject", token: s.lead, json: ["reason": "Start was 15:15 per sign-in sheet"])
            #expect(try rejected.json(TimeEntryJSON.self).status == .rejected)
            let seen = try await app.send(.GET, "/api/v1/time-entries/\(entry.id!)", token: s.student).json(TimeEntryJSON.self)
            #expect(seen.reason == "Start was 15:15 per sign-in sheet")
            let fixed = try await app.send(.PATCH, "/api/v1/time-entries/\(entry.id!)", token: s.student,
                                           json: ["startsAt": TimeSetup.at("2026-11-04", 15, 15)])
            #expect(try fixed.json(TimeEntryJSON.self).minutes == 45)
            _ = try await app.send(.POST, "/api/v1/time-entries/submit", token: s.student, json: ["weekOf": "2026-11-04"])
            let approved = try await app.send(.POST, "/api/v1/time-entries/approvals", token: s.lead, json: ["ids": [entry.id!]])
            let decided = try approved.json([TimeEntryJSON].self)[0]
            #expect(decided.status == .approved && decided.hourlyWageCents == 1500 && decided.billedMinutes == 45)
            let locked = try await app.send(.PATCH, "/api/v1/time-entries/\(entry.id!)", token: s.student, json: ["note": "x"])
            #expect(locked.status == .conflict)
            #expect(locked.object["code"] as? String == "time.locked")
            #expect(try await app.send(.DELETE, "/api/v1/time-entries/\(entry.id!)", token: s.coordinator).object["code"] as? String == "time.locked")
            let adjustment = try await app.send(.POST, "/api/v1/time-entries/\(entry.id!)/adjustments", token: s.lead,
                                                json: AdjustmentBody(minutes: -15, reason: "Break not clocked out"))
            #expect(adjustment.status == .created, "\(adjustment.text)")
            let correction = try adjustment.json(TimeEntryJSON.self)
            #expect(correction.kind == "adjustment" && correction.status == .submitted && correction.minutes == -15)
            let below = try await app.send(.POST, "/api/v1/time-entries/\(entry.id!)/adjustments", token: s.lead,
                                           json: AdjustmentBody(minutes: -31, reason: "Too much"))
            #expect(below.status == .unprocessableEntity)
            let settled = try await app.send(.POST, "/api/v1/time-entries/\(correction.id!)/approve", token: s.coordinator).json(TimeEntryJSON.self)
            #expect(settled.status == .approved && settled.hourlyWageCents == 1500)
        }
    }

    struct AdjustmentBody: Encodable { var minutes: Int; var reason: String }
}
