import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// A synthetic network of districts written straight into the database, for load tests and
/// dashboards at scale: schools, students with varied demographics, teams with leads, seats
/// with wages, and weeks of approved after-school time in two-week pay periods.
///
/// Rows go in as multi-row inserts. Each district is one change: its rows and one audit row
/// that says what was generated commit together, so a failed run leaves nothing half-written.
/// The same seed gives the same people, seats and hours.
struct NetworkGenerator {
    struct Plan: Sendable {
        var districts = 1
        var students = 1000
        var weeks = 2
        var seed: UInt64 = 1
        var teamSize = 24
        var issueTokens = false
        /// With years, `weeks` is weeks of hours in each year, and only some students work each
        /// year (see `OutcomeYears`); without, every student works every week.
        var years: Int?
    }

    /// One line of the tokens file: who the token acts as, for a load script to pick from.
    struct IssuedToken: Sendable {
        let district: String
        let role: Role
        let studentNumber: String
        let age: Int
        let token: String
    }

    struct Summary: Codable, Sendable {
        var students = 0
        var teams = 0
        var timeEntries = 0
        var payPeriods = 0
        var rows = 0
    }

    let plan: Plan
    let today: CalendarDate
    let now: Date
    let tokenLifetimeSeconds: Int
    /// Reports how far it has got, for a progress bar.
    let progress: @Sendable (Progress) -> Void

    struct Progress: Sendable {
        var district = 0
        var districts = 0
        var students = 0
        var totalStudents = 0
        var rows = 0
    }

    static let chunk = 500

    func run(on app: Application) async throws -> (Summary, [IssuedToken]) {
        var total = Summary()
        var tokens: [IssuedToken] = []
        let perDistrict = (0..<plan.districts).map { plan.students / plan.districts + ($0 < plan.students % plan.districts ? 1 : 0) }
        for (index, students) in perDistrict.enumerated() {
            let slug = "synthetic-\(plan.seed)-\(index + 1)"
            if try await District.query(on: app.db).filter(\.$slug == slug).first() != nil {
                throw CommandFailure("--seed: district \(slug) already exists; choose another seed or a fresh database")
            }
            let district = District(slug: slug, name: "Synthetic District \(index + 1) (seed \(plan.seed))", timeZone: "America/Denver",
                                    calendar: District.defaultCalendar(today: today))
            let done = Progress(district: index + 1, districts: plan.districts, students: total.students, totalStudents: plan.students,
                                rows: total.rows)
            let (summary, issued) = try await AuditLog.change(on: app.db, by: .system("generate"), services: app.pathwork) { db, audit in
                try await district.create(on: db)
                var random = SeededRandom(seed: plan.seed &* 1_000_003 &+ UInt64(index))
                let rows = RowBuffer(db: db, now: now)
                let written: (Summary, [IssuedToken])
                do {
                    written = try await generate(district, students: students, done: done, random: &random, rows: rows, on: db)
                } catch {
                    try await rows.abandon(after: error)
                }
                audit.record("generate", "district", id: district.id, before: Optional<Summary>.none, after: written.0)
                return written
            }
            total.students += summary.students
            total.teams += summary.teams
            total.timeEntries += summary.timeEntries
            total.payPeriods += summary.payPeriods
            total.rows += summary.rows
            tokens += issued
        }
        // Fresh statistics after a bulk load, so both engines' planners pick the indexes (on
        // PostgreSQL, until autovacuum got to it, a student's entries were read by a full scan).
        let sql = try app.db.sql()
        for table in [TimeEntry.schema, Person.schema, StudentProfile.schema, Membership.schema, RoleAssignment.schema,
                      APIToken.schema, Team.schema, PayPeriod.schema] {
            try await sql.raw("ANALYZE \(ident: table)").run()
        }
        return (total, tokens)
    }

    private func generate(_ district: District, students count: Int, done: Progress, random: inout SeededRandom, rows: RowBuffer,
                          on db: any Database) async throws -> (Summary, [IssuedToken]) {
        let districtID = district.id!
        var summary = Summary()
        let settings = LaborSettings.defaults(for: districtID)
        try await settings.create(on: db)
        let schools = DemoSeeder.schools.map { School(districtID: districtID, name: $0.0, locale: $0.1) }
        try await schools.create(on: db)
        let program = Program(districtID: districtID, name: "Innovation Center", summary: "Paid project teams for real clients.")
        try await program.create(on: db)

        let teamCount = max(1, (count + plan.teamSize - 1) / plan.teamSize)
        var teams: [(team: Team, role: TeamRole, lead: UUID)] = []
        for number in 0..<teamCount {
            let lead = Person(id: OrderedID.next(), districtID: districtID, givenName: "Lead", familyName: "Team \(number + 1)",
                              email: "lead-\(number + 1)@\(district.slug).test")
            lead.refreshSearchKey(studentNumber: nil)
            try await rows.add(lead)
            try await rows.add(RoleAssignment(districtID: districtID, personID: lead.id!, role: .lead))
            let discipline = Self.disciplines[number % Self.disciplines.count]
            let team = Team(districtID: districtID, programID: program.id, name: "\(discipline) \(number + 1)", discipline: discipline,
                            leadID: lead.id, capacity: plan.teamSize)
            team.id = OrderedID.next()
            try await rows.add(team)
            let role = TeamRole(districtID: districtID, teamID: team.id!, name: "Team member", requirement: RoleRequirement())
            role.id = OrderedID.next()
            try await rows.add(role)
            teams.append((team, role, lead.id!))
        }
        summary.teams = teamCount

        // Whole weeks before this one, so no generated hour lies in the future.
        let thisWeek = ChildLabor.weekStart(of: today, startsOn: settings.weekStartsOn)
        let firstDay = thisWeek.adding(days: -7 * plan.weeks)
        var tokens: [IssuedToken] = []
        let outcomeYears = plan.years.map { OutcomeYears(years: $0, weeksPerYear: plan.weeks, thisWeek: thisWeek) }
        let catalog = outcomeYears == nil ? nil : try await OutcomeYears.catalog(districtID: districtID, rows: rows)
        let credentials = catalog?.credentials ?? []
        let reports = outcomeYears == nil ? nil : try await GeneratedReports(districtID: districtID, createdBy: teams[0].lead, today: today, db: db)
        for index in 0..<count {
            let submission = DemoSeeder.syntheticStudent(index, today: today, schools: schools.map { $0.id! }, random: &random)
            guard var student = submission.draft.student else { continue }
            let locale = DemoSeeder.schools[index % schools.count].1
            if outcomeYears != nil { student = OutcomeYears.leaning(student, schoolLocale: locale, random: &random) }
            let person = Person(id: OrderedID.next(), districtID: districtID, givenName: submission.draft.givenName,
                                familyName: submission.draft.familyName,
                                email: "\(student.studentNumber.lowercased())@\(district.slug).test")
            person.refreshSearchKey(studentNumber: student.studentNumber)
            try await rows.add(person)
            try await rows.add(RoleAssignment(districtID: districtID, personID: person.id!, role: .student))
            let profile = StudentProfile(districtID: districtID, personID: person.id!)
            profile.fill(from: student, schoolID: submission.schoolID)
            try await rows.add(profile)
            try await reports?.add(student: person.id!, draft: student, locale: locale, index: index, buffer: rows, random: &random)

            let seat = teams[index / plan.teamSize]
            // Year by year (oldest first) where the plan has years; otherwise one open seat.
            let seasons: [(start: CalendarDate, ends: CalendarDate?)] = outcomeYears.map { plan in
                (0..<plan.years).reversed().filter { _ in random.chance(OutcomeYears.participationPercent(student, locale: locale)) }
                    .map { back in (plan.firstDay(yearsBack: back), back == 0 ? nil : plan.firstDay(yearsBack: back).adding(days: 7 * plan.weeksPerYear)) }
            } ?? [(firstDay, nil)]
            for season in seasons {
                let membership = Membership(districtID: districtID, teamID: seat.team.id!, studentID: person.id!, roleID: seat.role.id!,
                                            startsOn: season.start.adding(days: -28))
                membership.id = OrderedID.next()
                membership.endsOn = season.ends?.description
                try await rows.add(membership)
                let wage = 1500 + 100 * Int.random(in: 0...4, using: &random)
                try await rows.add(MembershipWage(districtID: districtID, membershipID: membership.id!, effectiveFrom: season.start.adding(days: -28),
                                                  hourlyCents: wage))
                for day in 0..<(7 * plan.weeks) {
                    let date = season.start.adding(days: day)
                    guard (1...5).contains(date.isoWeekday) else { continue }
                    for entry in shift(districtID: districtID, student: person.id!, team: seat.team.id!, lead: seat.lead, wage: wage,
                                       on: date, zone: district.timeZone, random: &random) {
                        try await rows.add(entry)
                        summary.timeEntries += 1
                    }
                }
                if !credentials.isEmpty, random.chance(25) {
                    let attainment = CredentialAttainment()
                    attainment.id = OrderedID.next()
                    attainment.districtID = districtID
                    attainment.studentID = person.id!
                    attainment.$credential.id = credentials[Int.random(in: 0..<credentials.count, using: &random)].id!
                    attainment.earnedOn = season.start.adding(days: 7 * plan.weeks - 3).description
                    attainment.evidence = "Synthetic certificate \(index)"
                    attainment.verifiedBy = seat.lead
                    try await rows.add(attainment)
                }
            }
            if let outcomeYears, let template = catalog?.template, random.chance(45) {
                // A plan of study from the template; two in three of the planners have finished
                // both courses, which makes them concentrators from the first generated year on.
                let plan = StudyPlan()
                plan.id = OrderedID.next()
                plan.districtID = districtID
                plan.studentID = person.id!
                plan.templateID = template.id
                plan.courses = PlanText.encode(OutcomeYears.planned(fromGrade: student.grade - 1))
                plan.updatedAt = now
                try await rows.add(plan)
                if random.chance(67) {
                    let start = outcomeYears.firstDay(yearsBack: outcomeYears.years - 1)
                    for (code, days) in [("IT101", 0), ("IT201", 3)] {
                        let done = CompletedCourse()
                        done.id = OrderedID.next()
                        done.districtID = districtID
                        done.studentID = person.id!
                        done.courseCode = code
                        done.completedOn = start.adding(days: days).description
                        try await rows.add(done)
                    }
                }
            }
            if plan.issueTokens {
                let token = SecretToken.generate()
                try await rows.add(APIToken(tokenHash: SecretToken.hash(token), personID: person.id!, districtID: districtID, createdAt: now,
                                            expiresAt: now.addingTimeInterval(TimeInterval(tokenLifetimeSeconds))))
                let age = CalendarDate(iso: student.birthDate)?.age(on: today) ?? 0
                tokens.append(IssuedToken(district: district.slug, role: .student, studentNumber: student.studentNumber, age: age, token: token))
            }
            summary.students += 1
            if index % 256 == 255 {
                var soFar = done
                soFar.students += summary.students
                soFar.rows += rows.written
                progress(soFar)
            }
        }
        var periodStart = firstDay
        while periodStart < thisWeek {
            let period = PayPeriod()
            period.districtID = districtID
            period.startsOn = periodStart.description
            period.endsOn = min(periodStart.adding(days: 13), thisWeek.adding(days: -1)).description
            try await rows.add(period)
            summary.payPeriods += 1
            periodStart = periodStart.adding(days: 14)
        }
        if plan.issueTokens {
            // Staff for load scripts: a coordinator for the district's pages, an analyst for the
            // network's dashboards.
            for (role, name) in [(Role.coordinator, ("Casey", "Coordinator")), (.analyst, ("Avery", "Analyst"))] {
                let staff = Person(id: OrderedID.next(), districtID: districtID, givenName: name.0, familyName: name.1,
                                   email: "\(role.rawValue)@\(district.slug).test")
                staff.refreshSearchKey(studentNumber: nil)
                try await rows.add(staff)
                try await rows.add(RoleAssignment(districtID: districtID, personID: staff.id!, role: role))
                let token = SecretToken.generate()
                try await rows.add(APIToken(tokenHash: SecretToken.hash(token), personID: staff.id!, districtID: districtID, createdAt: now,
                                            expiresAt: now.addingTimeInterval(TimeInterval(tokenLifetimeSeconds))))
                tokens.append(IssuedToken(district: district.slug, role: role, studentNumber: "-", age: 0, token: token))
            }
        }
        try await rows.finish()
        try await reports?.finish(db: db)
        // Besides the buffered rows: the district, its labor settings, its program and schools.
        summary.rows = rows.written + 3 + schools.count + (reports?.written ?? 0)
        return (summary, tokens)
    }

    /// An after-school shift in two parts around a quarter-hour break, at most 2 h 45 min and
    /// over by 7 p.m., so it is legal for every age; approved at the seat's wage.
    private func shift(districtID: UUID, student: UUID, team: UUID, lead: UUID, wage: Int, on date: CalendarDate, zone: String,
                       random: inout SeededRandom) -> [TimeEntry] {
        let first = 15 * 60 + 30 + 15 * Int.random(in: 0...2, using: &random)
        let firstMinutes = 45 + 15 * Int.random(in: 0...3, using: &random)
        let second = first + firstMinutes + 15
        let secondMinutes = 30 + 15 * Int.random(in: 0...3, using: &random)
        return [(first, firstMinutes), (second, secondMinutes)].map { startMinute, minutes in
            let start = TimePages.instant(date, TimeFormat.field(minuteOfDay: startMinute), zone)!
            let entry = TimeEntry()
            entry.districtID = districtID
            entry.studentID = student
            entry.teamID = team
            entry.activity = .training
            entry.kind = .work
            entry.startsAt = start
            entry.endsAt = start.addingTimeInterval(TimeInterval(minutes * 60))
            entry.workDate = date.description
            entry.minutes = minutes
            entry.status = .approved
            entry.source = .clock
            entry.note = ""
            entry.reason = ""
            entry.flags = ""
            entry.hourlyWageCents = wage
            entry.decidedBy = lead
            entry.decidedAt = entry.endsAt
            entry.createdAt = now
            entry.updatedAt = now
            return entry
        }
    }

    static let disciplines = ["Drone Imaging", "Cybersecurity", "Software", "Biomedical", "Robotics", "Media Production", "Energy"]
}
