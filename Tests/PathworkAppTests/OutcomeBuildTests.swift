import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

/// A year of rollups is built beside the writer: the current generation keeps serving, changes
/// made while the new one is written are caught up when it becomes current, and a build a dead
/// process left behind is started again.
@Suite("Outcome rollups built beside the writer")
struct OutcomeBuildTests {
    static let year = OutcomeRollupTests.year

    static func generations(_ app: Application, _ fixture: Fixture) async throws -> [Int] {
        try await app.db.sql().raw("""
            SELECT DISTINCT generation FROM outcome_student_years WHERE district_id = \(bind: fixture.a.id) ORDER BY generation
            """).all().map { try $0.decode(column: "generation", as: Int.self) }
    }

    @Test("approvals made while the next generation is written are in it once it is current; the old generation then goes")
    func changesDuringABuild() async throws {
        try await withPathwork { app, fixture, _ in
            let setup = try await TimeSetup.make(app, fixture)
            try await OutcomeDashboardTests.students(app, fixture, setup: setup)
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026", token: setup.coordinator).status == .ok)
            #expect(try await Self.generations(app, fixture) == [1])

            let next = try #require(try await OutcomeBuild.begin(districtID: fixture.a.id, year: Self.year, db: app.db, services: app.pathwork))
            #expect(next == 2)
            // A second build of the same year in this process does not start.
            #expect(try await OutcomeBuild.begin(districtID: fixture.a.id, year: Self.year, db: app.db, services: app.pathwork) == nil)
            try await OutcomeBuild.write(next, districtID: fixture.a.id, year: Self.year, currentYear: 2026, db: app.db)
            // Written, not yet current: these approvals reach generation 1 at once and generation 2 as dirt.
            for (student, day) in [(fixture.a.student, "2026-11-03"), (fixture.a.otherStudent, "2026-11-04")] {
                let entry = try await setup.entry(app, token: setup.coordinator, student: student, day, from: (15, 30), to: (16, 30))
                let id = try #require(entry.object["id"] as? String, "\(entry.text)")
                #expect(try await app.send(.POST, "/api/v1/time-entries/\(id)/approve", token: setup.lead).status == .ok)
            }
            #expect(try await OutcomeRollupTests.rolledUp(app, fixture) == OutcomeRollupTests.raw(app, fixture))
            let dirty = try await app.db.sql().raw("SELECT COUNT(*) AS n FROM outcome_dirty").first()?.decode(column: "n", as: Int.self)
            #expect(dirty == 2)

            try await OutcomeBuild.finish(next, districtID: fixture.a.id, year: Self.year, db: app.db, services: app.pathwork)
            #expect(try await Self.generations(app, fixture) == [2])
            #expect(try await OutcomeRollupTests.rolledUp(app, fixture) == OutcomeRollupTests.raw(app, fixture))
            #expect(try await OutcomeRollupTests.raw(app, fixture).all.count(.paidWork) == 2)
        }
    }

    @Test("while a year's first build runs, the dashboard counts from the records; a build a gone process left is started again")
    func firstBuildAndLeftovers() async throws {
        try await withPathwork { app, fixture, _ in
            let setup = try await TimeSetup.make(app, fixture)
            try await OutcomeDashboardTests.students(app, fixture, setup: setup)
            let generation = try #require(try await OutcomeBuild.begin(districtID: fixture.a.id, year: Self.year, db: app.db, services: app.pathwork))
            #expect(try await OutcomeBuild.state(districtID: fixture.a.id, year: Self.year, db: app.db) == .building)
            let during = try await app.send(.GET, "/api/v1/outcomes?year=2026", token: setup.coordinator)
            #expect(during.status == .ok && during.text.contains("All students,38,"))
            #expect(try await Self.generations(app, fixture).isEmpty)

            // As if the process had died: another builder's mark, and nothing current.
            try await app.db.sql().raw("UPDATE outcome_years SET builder = 'gone' WHERE building = \(bind: generation)").run()
            #expect(try await OutcomeBuild.state(districtID: fixture.a.id, year: Self.year, db: app.db) == .absent)
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026", token: setup.coordinator).text == during.text)
            #expect(try await OutcomeBuild.state(districtID: fixture.a.id, year: Self.year, db: app.db) == .built)
            #expect(try await Self.generations(app, fixture) == [generation + 1])
            #expect(try await OutcomeRollupTests.rolledUp(app, fixture) == OutcomeRollupTests.raw(app, fixture))
        }
    }
}
