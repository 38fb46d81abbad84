import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Outcome rollups")
struct OutcomeRollupTests {
    static let year = ReportingYear(start: 2026)

    static func raw(_ app: Application, _ fixture: Fixture, school: UUID? = nil) async throws -> OutcomeTallies {
        let students = try await OutcomeRecords.students(districtID: fixture.a.id, year: year, scope: school.map { .school($0) } ?? .district, currentYear: 2026, db: app.db)
        return OutcomeTallies.tally(students.map(\.outcome))
    }

    static func rolledUp(_ app: Application, _ fixture: Fixture, school: UUID? = nil) async throws -> OutcomeTallies {
        try await OutcomeRollups.tallies(districtIDs: [fixture.a.id], year: year, schoolID: school, db: app.db)
    }

    @Test("after a random sequence of approvals, adjustments, credentials, revocations, completions, placements and profile changes, the rollups equal the raw aggregate")
    func rollupsEqualRaw() async throws {
        try await withPathwork { app, fixture, _ in
            let setup = try await TimeSetup.make(app, fixture)
            try await OutcomeDashboardTests.students(app, fixture, setup: setup)
            try await StudyPlanTests.catalog(app, token: setup.coordinator)
            let credential = try await SignedCredentialTests.catalogEntry(app, token: setup.coordinator)
            let admin = try await app.token(fixture.a.email("admin"))
            let second = try await app.send(.POST, "/api/v1/teams", token: setup.coordinator, json: TeamInput(
                name: "Design Studio", discipline: "design", leadId: setup.leadID, capacity: 40)).json(TeamJSON.self)
            // The first look builds the year; from then on changes keep it.
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026", token: setup.coordinator).status == .ok)
            #expect(try await Self.rolledUp(app, fixture) == Self.raw(app, fixture))

            let pupils = try await StudentProfile.query(on: app.db).filter(\.$studentNumber ~~ (0..<36).map { "A-2\(String(format: "%03d", $0))" }).all()
            var placed = Set(try await Membership.query(on: app.db).all().map { $0.$student.id })
            var random = SeededRandom(seed: 20_261_105)
            var days = ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04"]
            var approved: [String] = [], issued: [String] = []
            var kinds: [String: Int] = [:]
            for step in 1...30 {
                let pupil = pupils[Int.random(in: 0..<pupils.count, using: &random)]
                let kind = random.weighted([("approve", 6), ("adjust", 3), ("credential", 3), ("revoke", 2), ("complete", 3), ("race", 2), ("place", 2)])
                switch kind {
                case "approve" where !days.isEmpty:
                    let day = days.removeFirst()
                    for student in [fixture.a.student, fixture.a.otherStudent] {
                        let entry = try await setup.entry(app, token: setup.coordinator, student: student, day, from: (15, 30), to: (16, 30))
                        let id = try #require(entry.object["id"] as? String, "\(entry.text)")
                        #expect(try await app.send(.POST, "/api/v1/time-entries/\(id)/approve", token: setup.lead).status == .ok)
                        approved.append(id)
                    }
                case "adjust" where !approved.isEmpty:
                    let original = approved[Int.random(in: 0..<approved.count, using: &random)]
                    let adjustment = try await app.send(.POST, "/api/v1/time-entries/\(original)/adjustments", token: setup.coordinator,
                                                        json: ["minutes": "-15", "reason": "left early"])
                    if let id = adjustment.object["id"] as? String {
                        #expect(try await app.send(.POST, "/api/v1/time-entries/\(id)/approve", token: setup.lead).status == .ok)
                    }
                case "credential":
                    let reply = try await SignedCredentialTests.record(app, token: setup.coordinator, student: pupil.$person.id, credential: credential.id)
                    if let id = try? reply.json(AttainmentJSON.self).issuedCredentialId { issued.append(id.uuidString) }
                case "revoke" where !issued.isEmpty:
                    let id = issued.remove(at: Int.random(in: 0..<issued.count, using: &random))
                    #expect(try await app.send(.POST, "/api/v1/issued-credentials/\(id)/revoke", token: setup.coordinator, json: ["reason": "issued in error"]).status == .ok)
                case "complete":
                    _ = try await app.send(.POST, "/api/v1/completed-courses", token: setup.coordinator, json: PlanChange(
                        studentId: pupil.$person.id.uuidString, courseCode: random.chance(50) ? "CS101" : "NET201", completedOn: "2026-09-15"))
                case "race":
                    let race = RaceEthnicity.allCases[Int.random(in: 0..<RaceEthnicity.allCases.count, using: &random)]
                    let reply = try await app.send(.PATCH, "/api/v1/people/\(pupil.$person.id)", token: admin, json: PersonInput(student: .init(
                        studentNumber: pupil.studentNumber, birthDate: pupil.birthDate, grade: pupil.grade, schoolId: fixture.a.school,
                        raceEthnicity: race, sex: pupil.sex)))
                    #expect(reply.status == .ok, "\(reply.text)")
                case "place" where !placed.contains(pupil.$person.id):
                    let reply = try await app.send(.POST, "/api/v1/teams/\(second.id)/memberships", token: setup.coordinator, json: MembershipInput(
                        studentId: pupil.$person.id, role: "Analyst", startsOn: "2026-11-01", hourlyWageCents: 1500))
                    #expect(reply.status == .created, "\(reply.text)")
                    placed.insert(pupil.$person.id)
                default:
                    continue
                }
                kinds[kind, default: 0] += 1
                if step % 5 == 0 {
                    #expect(try await Self.rolledUp(app, fixture) == Self.raw(app, fixture), "after step \(step) (\(kind))")
                    #expect(try await Self.rolledUp(app, fixture, school: fixture.a.school) == Self.raw(app, fixture, school: fixture.a.school))
                }
            }
            #expect(kinds.count >= 6, "\(kinds)")
            let final = try await Self.raw(app, fixture)
            #expect(try await Self.rolledUp(app, fixture) == final)
            #expect(final.all.count(.paidWork) == 2 && final.all.paidMinutes > 0)
            // A rebuild from scratch agrees with what the changes kept.
            try await OutcomeRollups.rebuild(districtID: fixture.a.id, year: Self.year, currentYear: 2026, db: app.db)
            #expect(try await Self.rolledUp(app, fixture) == final)
        }
    }
}
