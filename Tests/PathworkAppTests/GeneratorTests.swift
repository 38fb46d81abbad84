import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("pathwork generate: a synthetic network written straight into the database")
struct GeneratorTests {
    static func generate(_ app: Application, clock: TestClock, seed: UInt64 = 5, years: Int? = nil) async throws
        -> (NetworkGenerator.Summary, [NetworkGenerator.IssuedToken]) {
        var plan = NetworkGenerator.Plan()
        plan.districts = 2
        plan.students = 31
        plan.weeks = 1
        plan.seed = seed
        plan.teamSize = 8
        plan.issueTokens = true
        plan.years = years
        let now = clock.now
        return try await NetworkGenerator(plan: plan, today: CalendarDate.on(now, timeZone: "America/Denver"), now: now,
                                          tokenLifetimeSeconds: 3600, progress: { _ in }).run(on: app)
    }

    @Test("districts, students, seats and approved hours; tokens that work; one audit row per district; payroll adds up")
    func network() async throws {
        try await withPathwork { app, _, clock in
            let (summary, tokens) = try await Self.generate(app, clock: clock)
            #expect(summary.students == 31 && summary.teams == 4 && summary.timeEntries == 31 * 10 && summary.payPeriods == 2)
            let districts = try await PathworkApp.District.query(on: app.db).filter(\.$slug ~~ ["synthetic-5-1", "synthetic-5-2"]).all()
            #expect(districts.count == 2)
            let first = try #require(districts.first { $0.slug == "synthetic-5-1" })
            #expect(try await StudentProfile.query(on: app.db).filter(\.$districtID == first.id!).count() == 16)
            #expect(try await TimeEntry.query(on: app.db).filter(\.$status == .approved).count() == 310)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "generate").count() == 2)
            #expect(try await AuditLog.verify(on: app.db).firstBreak == nil)

            #expect(tokens.filter { $0.role == .student }.count == 31 && tokens.filter { $0.role == .coordinator }.count == 2
                && tokens.filter { $0.role == .analyst }.count == 2)
            let student = try #require(tokens.first { $0.role == .student })
            let me = try await app.send(.GET, "/api/v1/me", token: student.token)
            #expect(me.status == .ok && me.text.contains("student"))

            // Payroll per student is the exact per-entry sum: minutes × wage ÷ 60 once, half up.
            let period = try #require(try await PayPeriod.query(on: app.db).filter(\.$districtID == first.id!).first())
            let rows = try await Payroll.rows(districtID: first.id!, from: period.startsOn, to: period.endsOn, on: app.db)
            let entries = try await TimeEntry.query(on: app.db).filter(\.$districtID == first.id!).all()
            let expected = Dictionary(grouping: entries, by: \.studentID).mapValues { group in
                PayArithmetic.cents(fromMinuteCents: group.reduce(0) { $0 + $1.minutes * ($1.hourlyWageCents ?? 0) })
            }
            #expect(rows.count == 16 && rows.allSatisfy { expected[$0.studentID] == $0.grossPayCents })
        }
    }

    @Test("the same seed gives the same people; a seed already used is refused with nothing written")
    func deterministic() async throws {
        var names: [[String]] = []
        for _ in 0..<2 {
            try await withPathwork { app, _, clock in
                _ = try await Self.generate(app, clock: clock)
                names.append(try await Person.query(on: app.db).filter(\.$email ~~ (0..<16).map { "s\(100_000 + $0)@synthetic-5-1.test" })
                    .sort(\.$email).all().map(\.fullName))
                let before = try await Person.query(on: app.db).count()
                await #expect(throws: CommandFailure.self) { _ = try await Self.generate(app, clock: clock) }
                #expect(try await Person.query(on: app.db).count() == before)
            }
        }
        #expect(names[0].count == 16 && names[0] == names[1])
    }

    @Test("years of history: plans, courses and credentials; every plainly written row reads back through Fluent with its columns; the dashboard counts them")
    func years() async throws {
        try await withPathwork { app, _, clock in
            let (summary, tokens) = try await Self.generate(app, clock: clock, years: 2)
            #expect(summary.students == 31)
            // Rows written as plain SQL decode as models, and list exactly the model's columns.
            func columnsMissed<M: PlainRow>(_ type: M.Type) async throws -> Set<String> {
                let models = try await M.query(on: app.db).all()
                guard let model = models.first else { return ["no rows"] }
                return Set(try model.plainRow(at: clock.now).map(\.column)).symmetricDifference(M.keys.map(\.description))
            }
            for type in [Person.self, RoleAssignment.self, StudentProfile.self, Membership.self, MembershipWage.self, CredentialAttainment.self,
                         CompletedCourse.self, StudyPlan.self, TimeEntry.self] as [any PlainRow.Type] {
                #expect(try await columnsMissed(type) == [], "\(type)")
            }
            let plans = try await StudyPlan.query(on: app.db).all()
            #expect(!plans.isEmpty && plans.allSatisfy { PlanText.decode($0.courses).map(\.code) == ["IT101", "IT201"] && $0.templateID != nil })
            let finished = Set(try await CompletedCourse.query(on: app.db).all().map(\.studentID))
            #expect(finished.isSubset(of: Set(plans.map(\.studentID))))

            // The generated years are on the coordinator's dashboard, the same from rollups as from records.
            let coordinator = try #require(tokens.first { $0.role == .coordinator })
            let year = ReportingYear.containing(CalendarDate.on(clock.now, timeZone: "America/Denver")).start
            let url = "/api/v1/outcomes?year=\(year)&indicator=paidWork"
            let rolled = try await app.send(.GET, url, token: coordinator.token)
            #expect(rolled.status == .ok && rolled.text.contains("All students,"))
            #expect(rolled.text == (try await app.send(.GET, url + "&source=records", token: coordinator.token)).text)
            // Its analyst sees both districts as a network, the same from rollups as from records.
            let network = try await Networks.create(slug: "synthetic-5", name: "Synthetic", districtSlugs: ["synthetic-5-1", "synthetic-5-2"], app: app)
            let analyst = try #require(tokens.first { $0.role == .analyst })
            let across = url + "&scope=network:\(try #require(network.id).uuidString)"
            let networkRolled = try await app.send(.GET, across, token: analyst.token)
            // Last June's graduates have left this year's count.
            let graduates = try await StudentExitRecord.query(on: app.db).count()
            #expect(graduates > 0 && networkRolled.status == .ok && networkRolled.text.contains("All students,\(31 - graduates),"), "\(networkRolled.text)")
            #expect(networkRolled.text == (try await app.send(.GET, across + "&source=records", token: analyst.token)).text)
            // Last year's Perkins report and student survey, for the network: the same from the
            // rollups and cells as from the records and responses.
            let perkins = "/api/v1/perkins?year=\(year - 1)&scope=network:\(network.id!.uuidString)"
            let perkinsRolled = try await app.send(.GET, perkins, token: analyst.token)
            let perkinsRecords = try await app.send(.GET, perkins + "&source=records", token: analyst.token)
            #expect(perkinsRolled.status == .ok && perkinsRolled.text == perkinsRecords.text)
            let surveys = try await app.send(.GET, "/api/v1/surveys", token: analyst.token)
            let survey = try #require(surveys.array.first?["id"] as? String)
            #expect(surveys.array.first?["answered"] as? Int ?? 0 > 0)
            let results = "/api/v1/surveys/\(survey)/results?by=race&scope=network:\(network.id!.uuidString)"
            let cells = try await app.send(.GET, results, token: analyst.token)
            let responses = try await app.send(.GET, results + "&source=records", token: analyst.token)
            #expect(cells.status == .ok && cells.text == responses.text, "\(cells.text)")
        }
    }
}
