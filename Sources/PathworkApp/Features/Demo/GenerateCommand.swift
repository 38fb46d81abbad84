import Fluent
import Foundation
import PathworkDomain
import Vapor

/// `pathwork generate --districts D --students N --weeks W --seed S [--tokens FILE]`
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "districts", help: "How many districts (default 1)") var districts: Int?
        @Option(name: "students", help: "Students in all, spread over the districts (default 1000)") var students: Int?
        @Option(name: "weeks", help: "Weeks of approved after-school time before this week (default 2)") var weeks: Int?
        @Option(name: "seed", help: "Same seed, same network (default 1)") var seed: Int?
        @Option(name: "years", help: "School years of history, ending this one: weeks are then per year, some students work each year, "
                + "with credentials and CTE courses, and outcome rollups are built") var years: Int?
        @Option(name: "tokens", help: "Write an API token per student and one coordinator per district to FILE, for load scripts")
        var tokens: String?
    }

    var help: String { "Generates a synthetic network: generate --districts D --students N --weeks W --seed S [--tokens FILE]" }

    /// A progress bar on the terminal (none when output goes to a file): share of students
    /// written, the district, rows so far and the rate.
    private static func draw(_ progress: NetworkGenerator.Progress, since started: Date) {
        guard isatty(2) == 1, progress.totalStudents > 0 else { return }
        let width = 30
        let filled = progress.students * width / progress.totalStudents
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(progress.students * 100 / progress.totalStudents)%  district \(progress.district) of \(progress.districts)  "
            + "\(progress.rows) rows  \(Int(Double(progress.rows) / seconds)) rows/s   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        var plan = NetworkGenerator.Plan()
        plan.districts = signature.districts ?? plan.districts
        plan.students = signature.students ?? plan.students
        plan.weeks = signature.weeks ?? plan.weeks
        guard (1...1000).contains(plan.districts) else { throw CommandFailure("--districts: give 1 to 1000") }
        guard plan.students >= plan.districts, plan.students <= 5_000_000 else {
            throw CommandFailure("--students: give at least one per district and at most 5,000,000")
        }
        guard (0...52).contains(plan.weeks) else { throw CommandFailure("--weeks: give 0 to 52") }
        if let years = signature.years {
            guard (1...10).contains(years) else { throw CommandFailure("--years: give 1 to 10") }
            guard plan.weeks <= 30 else { throw CommandFailure("--weeks: with --years, give at most 30 weeks a year") }
            plan.years = years
        }
        let seed = signature.seed ?? 1
        guard seed >= 0 else { throw CommandFailure("--seed: give a whole number, 0 or more") }
        plan.seed = UInt64(seed)
        plan.issueTokens = signature.tokens != nil
        if let path = signature.tokens, !FileManager.default.createFile(atPath: path, contents: nil) {
            throw CommandFailure("--tokens: cannot write \(path)")
        }
        let app = context.application
        try await app.prepareDatabase()
        try await app.autoMigrate()
        let now = app.pathwork.clock.now()
        let started = Date()
        let generator = NetworkGenerator(plan: plan, today: CalendarDate.on(now, timeZone: "America/Denver"), now: now,
                                         tokenLifetimeSeconds: app.pathwork.config.apiTokenLifetimeSeconds,
                                         progress: { Self.draw($0, since: started) })
        let (summary, tokens) = try await generator.run(on: app)
        var rollupSeconds = 0.0
        var network: Network?
        if let years = plan.years {
            let rollupsStarted = Date()
            let districts = try await District.query(on: app.db).filter(\.$slug =~ "synthetic-\(seed)-").all()
            let generated = districts.compactMap(\.id)
            // Their analysts see the generated districts together, as a state's would.
            network = try await Networks.create(slug: "synthetic-\(seed)", name: "Synthetic network (seed \(seed))", districtSlugs: districts.map(\.slug), app: app)
            let periods = OutcomeYears(years: years, weeksPerYear: plan.weeks, thisWeek: ChildLabor.weekStart(of: CalendarDate.on(now, timeZone: "America/Denver"),
                                                                                                                  startsOn: LaborSettings.defaults(for: UUID()).weekStartsOn))
            try await app.db.transaction { db in
                try await OutcomeYears.buildRollups(districtIDs: generated, years: periods.reportingYears, db: db) { line in
                    if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\(line.padding(toLength: 90, withPad: " ", startingAt: 0))".utf8)) }
                }
            }
            rollupSeconds = Date().timeIntervalSince(rollupsStarted)
        }
        if isatty(2) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
        if let path = signature.tokens {
            // Tokens are bearer secrets: the file is readable by its owner only.
            let lines = tokens.map { "\($0.district) \($0.role.rawValue) \($0.studentNumber) \($0.age) \($0.token)\n" }.joined()
            try Data(lines.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        context.console.print("Generated \(summary.students) students, \(summary.teams) teams, \(summary.timeEntries) time entries, "
            + "\(summary.payPeriods) pay periods: \(summary.rows) rows in \(String(format: "%.1f", seconds)) s "
            + "(\(Int(Double(summary.rows) / seconds)) rows/s)" + (plan.years == nil ? "." : ", of which outcome rollups \(String(format: "%.1f", rollupSeconds)) s."))
        if let network, let id = network.id {
            context.console.print("Network \(network.slug) for its districts' analysts: scope=network:\(id.uuidString)")
        }
    }
}
