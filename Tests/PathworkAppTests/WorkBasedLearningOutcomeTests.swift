import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Work-based learning in outcomes")
struct WorkBasedLearningOutcomeTests {
    /// 24 more students, placed, paid or not, and at an event, written with the events the
    /// writers emit, so the rollups follow them.
    func history(_ app: Application, _ fixture: Fixture, opportunity paid: UUID, unpaid: UUID, event: UUID) async throws {
        let partner = try #require(try await Opportunity.find(paid, on: app.db)?.$partner.id)
        try await AuditLog.change(on: app.db, by: .system("test"), services: app.pathwork) { db, audit in
            let tenant = Tenant(districtID: fixture.a.id, db: db)
            var ids: [UUID] = []
            for index in 0..<24 {
                let draft = PersonDraft(givenName: "Intern\(index)", familyName: "Numbered", email: "intern\(index)@alpha.test", roles: [.student],
                                        student: StudentDraft(studentNumber: "A-3\(String(format: "%03d", index))", birthDate: "2009-01-01", grade: 12,
                                                              raceEthnicity: .white, sex: index % 2 == 0 ? .female : .male))
                ids.append(try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: fixture.a.school, password: nil), email: draft.email,
                                                         passwordHash: "x", tenant: tenant, audit: audit).id)
            }
            for (index, student) in ids.prefix(14).enumerated() {
                let placement = Placement()
                placement.districtID = fixture.a.id; placement.$opportunity.id = index < 8 ? paid : unpaid; placement.studentID = student
                placement.partnerID = partner; placement.status = .active; placement.version = 1; placement.learningObjectives = "Learn"
                placement.pathwayCode = "DT.6"; placement.schedule = "Tue"; placement.safetyTraining = "Shop"; placement.safetyTrainingCompleted = true
                placement.startsOn = "2026-11-02"; placement.endsOn = "2027-05-28"; placement.pay = index < 8 ? .partnerPaid : .unpaid
                placement.hourlyWageCents = index < 8 ? 1800 : nil; placement.reflection = ""; placement.createdBy = fixture.a.coordinator
                placement.startedAt = Date()
                try await placement.create(on: db)
                let hours = PlacementHours()
                hours.districtID = fixture.a.id; hours.$placement.id = try placement.requireID(); hours.studentID = student; hours.workDate = "2026-11-03"
                hours.startsAt = Date(); hours.endsAt = Date(); hours.minutes = 60; hours.status = .approved; hours.source = .manual; hours.note = ""
                hours.reason = ""; hours.flags = ""; hours.paidBy = placement.pay; hours.hourlyWageCents = placement.hourlyWageCents
                try await hours.create(on: db)
                if index < 5 {
                    let evaluation = PlacementEvaluation()
                    evaluation.districtID = fixture.a.id; evaluation.$placement.id = try placement.requireID(); evaluation.point = .final
                    evaluation.rubric = "{}"; evaluation.ratings = "{}"; evaluation.meanTenths = 32; evaluation.overallLevel = 3; evaluation.proficient = true
                    evaluation.comments = ""; evaluation.evaluatorID = fixture.a.supervisor; evaluation.submittedAt = Date()
                    try await evaluation.create(on: db)
                }
            }
            for student in ids.suffix(10) {
                let attendance = EventAttendance()
                attendance.districtID = fixture.a.id; attendance.$opportunity.id = event; attendance.studentID = student
                attendance.attendedOn = "2026-10-20"; attendance.source = .roster; attendance.recordedBy = fixture.a.coordinator
                try await attendance.create(on: db)
            }
            audit.emit(.students(Set(ids)))
        }
    }

    @Test("placements paid and unpaid, worksite hours, Explore events and proficient final evaluations count by group, and the rollups follow every change")
    func outcomes() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await PlacementSetup.make(app, fixture)
            #expect(try await app.send(.PUT, "/api/v1/reporting-settings", token: try await app.token(fixture.a.email("admin")), json: ["minimumCell": 5]).status == .ok)
            let json: HTTPHeaders = ["Accept": "application/json"]
            func report(_ source: String) async throws -> Reply {
                try await app.send(.GET, "/api/v1/outcomes?year=2026&by=sex&source=\(source)", token: s.coordinator, headers: json)
            }
            _ = try await report("rollups")
            let paid = try #require(UUID(uuidString: s.opportunityID))
            let partnerID = try #require(try await Opportunity.find(paid, on: app.db)?.$partner.id)
            func opportunity(_ title: String, _ kind: String, _ pay: String) async throws -> UUID {
                let made = try await app.send(.POST, "/api/v1/opportunities", token: s.coordinator, json: OpportunityBody(
                    partnerId: partnerID, title: title, kind: kind, pay: pay, seats: 30, startsOn: "2026-10-20", endsOn: "2027-05-28", pathwayCodes: [], publish: true))
                return try #require(UUID(uuidString: made.object["id"] as? String ?? ""))
            }
            try await history(app, fixture, opportunity: try await opportunity("Shop assistant", "internship", "partnerPaid"),
                              unpaid: try await opportunity("Survey helper", "internship", "unpaid"), event: try await opportunity("Drone career fair", "careerFair", "unpaid"))
            // The fixture's 17-year-old is placed through the writers: signing starts it, approving hours adds them.
            let id = try #require(try await app.send(.POST, "/api/v1/opportunity-applications/\(s.applicationID)/place", token: s.coordinator).object["id"] as? String)
            _ = try await app.send(.PATCH, "/api/v1/placements/\(id)", token: s.coordinator, json: PlacementSetup.terms)
            for token in [s.student, s.guardian, s.supervisor, s.coordinator] {
                _ = try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: token, json: Sign("Signed", 2))
            }
            let hours = try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: ["startsAt": "2026-11-04T22:30:00Z", "endsAt": "2026-11-05T00:30:00Z"])
            _ = try await app.send(.POST, "/api/v1/placement-hours/approve", token: s.supervisor, json: ["ids": [try #require(hours.object["id"] as? String)]])

            let rolled = try await report("rollups")
            #expect(rolled.text == (try await report("records")).text)
            let all = try #require((rolled.object["rows"] as? [[String: Any]])?.first)
            let indicators = try #require(all["indicators"] as? [String: [String: Any]])
            func count(_ name: String) -> Int? { indicators[name]?["count"] as? Int }
            #expect(all["enrolled"] as? Int == 26)
            #expect(count("worksitePlacement") == 15 && count("paidPlacement") == 9 && count("unpaidPlacement") == 6)
            #expect(count("careerPrep") == 15 && count("careerExplore") == 10 && count("evaluatedProficient") == 5)
            #expect(all["placementMinutes"] as? Int == 14 * 60 + 120)
            // Paid worksite hours are paid work: eight partner-paid hours and the two the district pays.
            #expect(all["paidMinutes"] as? Int == 8 * 60 + 120 && all["earningsCents"] as? Int == 8 * 1800 + 2 * 1650)
            let page = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/outcomes?year=2026&by=sex&indicator=unpaidPlacement")
            #expect(page.status == .ok && page.text.contains("Worksite hours (all placements)") && page.text.contains("Unpaid placements"))
        }
    }
}
