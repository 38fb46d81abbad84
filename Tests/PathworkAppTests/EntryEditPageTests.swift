import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Changing an entry on a page before approval")
struct EntryEditPageTests {
    @Test("the student changes a draft; a rule broken shows on the form and nothing changes; approved time is locked")
    func studentChangesDraft() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let draft = try await s.entry(app, token: s.student, student: fixture.a.student, "2026-11-04", from: (15, 0), to: (16, 0))
                .json(TimeEntryJSON.self)
            let path = "/time/\(draft.id!.uuidString.lowercased())/edit"
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            let form = try await student.get(path)
            #expect(form.status == .ok && form.text.contains(#"value="15:00""#) && form.text.contains(#"value="16:00""#))
            let refused = try await student.submit(path, form: ["work": "engagement:\(s.engagement.id.uuidString)", "date": "2026-11-04",
                                                                "from": "10:00", "to": "11:00"], from: path)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("school hours"), "\(refused.text.suffix(800))")
            #expect(try await TimeEntry.find(draft.id, on: app.db)?.minutes == 60)
            let saved = try await student.submit(path, form: ["work": "engagement:\(s.engagement.id.uuidString)", "date": "2026-11-04",
                                                              "from": "15:00", "to": "16:30", "note": "Sampling"], from: path)
            #expect(saved.location?.hasPrefix("/time?notice=") == true)
            #expect(try await student.get(try #require(saved.location)).text.contains("Saved: 90 minutes on 2026-11-04."))
            let stored = try #require(try await TimeEntry.find(draft.id, on: app.db))
            #expect(stored.minutes == 90 && stored.status == .draft && stored.note == "Sampling")

            _ = try await app.send(.POST, "/api/v1/time-entries/submit", token: s.student, json: ["weekOf": "2026-11-04"])
            _ = try await app.send(.POST, "/api/v1/time-entries/\(draft.id!)/approve", token: s.lead)
            let locked = try await student.get(path)
            #expect(locked.status == .seeOther && (locked.location ?? "").contains("locked"))
        }
    }

    @Test("a submitted entry is locked until sent back; the lead then fixes it and it waits again; a mentor and another district find nothing")
    func leadChangesSubmitted() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let submitted = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (15, 0), to: (17, 0))
                .json(TimeEntryJSON.self)
            #expect(submitted.status == .submitted)
            let path = "/time/\(submitted.id!.uuidString.lowercased())/edit"
            let lead = try await app.browser(signedInAs: "lead@alpha.test", password: "a-long-lead-password")
            #expect(try await lead.get(path).status == .seeOther, "submitted time is changed only after it is sent back")
            _ = try await lead.submit("/time/\(submitted.id!.uuidString.lowercased())/reject", form: ["reason": "Started at 15:15"], from: "/approvals")
            let saved = try await lead.submit(path, form: ["work": "activity:\(s.team.id.uuidString):training", "date": "2026-11-03",
                                                           "from": "15:15", "to": "17:00"], from: path)
            #expect(saved.location?.hasPrefix("/approvals?notice=") == true)
            let stored = try #require(try await TimeEntry.find(submitted.id, on: app.db))
            #expect(stored.minutes == 105 && stored.status == .submitted && stored.activity == .training && stored.engagementID == nil)
            #expect(try await app.browser(signedInAs: fixture.a.email("mentor")).get(path).status == .notFound)
            #expect(try await app.browser(signedInAs: fixture.b.email("coordinator")).get(path).status == .notFound)
        }
    }
}
