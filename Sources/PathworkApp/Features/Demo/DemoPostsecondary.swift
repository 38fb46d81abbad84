import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The demo's last two graduating classes (seed 003: the high-school-to-postsecondary work
/// Washington STEM leads): sixty graduates each, numbered G<class><nnn> (G25001 …), their accounts
/// closed on graduation day, a few classmates who transferred or dropped out, credentials
/// earned in high school, financial-aid completions for both classes, and the Clearinghouse's
/// StudentTracker records for the older class only — the newer class's file is the one an
/// admin imports (District → Student files) to see the dashboard fill in.
enum DemoPostsecondary {
    static let perClass = 60

    static func number(classOf: Int, _ index: Int) -> String { "G\(classOf % 100)\(String(format: "%03d", index + 1))" }

    /// One current student in eight has college credit from this school year so far.
    static func seedDualCredit(tenant: Tenant, audit: AuditRecorder, students: [UUID], today: CalendarDate) async throws {
        let year = SchoolCalendar.schoolYearStart(containing: today)
        let kinds: [(DualCreditKind, Int, String?)] = [(.runningStart, 50, "Front Range Community College"), (.advancedPlacement, 30, nil),
                                                      (.cteDualCredit, 30, "Front Range Community College"), (.collegeInTheHighSchool, 40, "Colorado State University")]
        for (index, student) in students.enumerated() where index % 8 == 3 {
            let (kind, tenths, college) = kinds[index % kinds.count]
            let record = DualCreditRecord()
            record.districtID = tenant.districtID
            record.studentID = student
            record.kind = kind.rawValue
            record.creditTenths = tenths
            record.earnedOn = min(CalendarDate(year: year, month: 10, day: 1 + index % 27)!, today).description
            record.college = college
            try await record.create(on: tenant.db)
            audit.created(DualCreditRecord.schema, id: record.id, record.snapshot)
        }
    }

    static func seed(tenant: Tenant, audit: AuditRecorder, schools: [UUID], coordinator: UUID, today: CalendarDate) async throws {
        let year = SchoolCalendar.schoolYearStart(containing: today)
        var random = SeededRandom(seed: 3003)
        let credential = try await tenant.query(Credential.self).sort(\.$title).first()
        let sql = try tenant.db.sql()
        for classOf in [year - 1, year] {
            let graduation = CalendarDate(year: classOf, month: 6, day: 12)!
            for index in 0..<(perClass + 4) {
                var submission = DemoSeeder.syntheticStudent(10_000 + classOf * 100 + index, today: today, schools: schools, random: &random)
                let number = number(classOf: classOf, index)
                submission.draft.student?.studentNumber = number
                submission.draft.student?.grade = 12
                submission.draft.email = "\(number.lowercased())@alumni.demo.test"
                let record = try await PeopleWriter.insert(submission, email: submission.draft.email, passwordHash: nil, tenant: tenant, audit: audit)
                // The last four of each class left before graduating: two transferred, two dropped out.
                let kind: StudentExitKind = index < perClass ? .graduated : index < perClass + 2 ? .transferredOut : .droppedOut
                let exit = StudentExitRecord()
                exit.districtID = tenant.districtID
                exit.studentID = record.id
                exit.cohortYear = classOf - 4
                exit.exitedOn = (kind == .graduated ? graduation : graduation.adding(days: -150)).description
                exit.kind = kind.rawValue
                try await exit.create(on: tenant.db)
                audit.created(StudentExitRecord.schema, id: exit.id, exit.snapshot)
                if let person = try await tenant.query(Person.self).filter(\.$id == record.id).first() {
                    person.disabledAt = Date(timeIntervalSince1970: TimeInterval(CalendarDate(iso: exit.exitedOn)!.dayNumber) * 86_400)
                    try await person.save(on: tenant.db)
                }
                if classOf == year { try await seedPerkins(tenant: tenant, audit: audit, student: record.id, index: index, classOf: classOf, graduated: kind == .graduated) }
                guard kind == .graduated else { continue }
                let credentialed = random.chance(30)
                if credentialed, let credential {
                    let attainment = CredentialAttainment()
                    attainment.districtID = tenant.districtID
                    attainment.studentID = record.id
                    attainment.$credential.id = try credential.requireID()
                    attainment.earnedOn = CalendarDate(year: classOf, month: 3, day: 2)!.description
                    attainment.evidence = "Passed the certification exam in the spring of senior year."
                    attainment.verifiedBy = coordinator
                    try await attainment.create(on: tenant.db)
                    audit.created("credentialAttainment", id: attainment.id, ["credential": credential.title, "earnedOn": attainment.earnedOn])
                }
                let aided = random.chance(credentialed ? 75 : 55)
                try await sql.raw("""
                    INSERT INTO financial_aid_applications (id, district_id, student_id, import_id, class_of, application, submitted_on, completed_on)
                    VALUES (\(bind: UUID()), \(bind: tenant.districtID), \(bind: record.id), \(bind: demoImport), \(bind: classOf),
                            'fafsa', \(bind: "\(classOf - 1)-11-0\(1 + index % 9)"),
                            \(bind: aided ? "\(classOf - 1)-12-\(10 + index % 18)" : nil as String?))
                    """).run()
                guard classOf < year else { continue }
                let enrolled = random.chance(credentialed ? 72 : 58)
                try await sql.raw("""
                    INSERT INTO postsecondary_searches (id, district_id, student_id, import_id, searched_on, found)
                    VALUES (\(bind: UUID()), \(bind: tenant.districtID), \(bind: record.id), \(bind: demoImport), \(bind: "\(year)-10-15"), \(bind: enrolled))
                    """).run()
                guard enrolled else { continue }
                let college = colleges[Int.random(in: 0..<colleges.count, using: &random)]
                var terms = [("\(classOf)-09-2\(index % 7)", "\(classOf)-12-1\(index % 9)"), ("\(classOf + 1)-01-0\(5 + index % 4)", "\(classOf + 1)-06-0\(1 + index % 9)")]
                if random.chance(80) { terms.append(("\(classOf + 1)-09-2\(index % 7)", "\(classOf + 1)-12-1\(index % 9)")) }
                for (begins, ends) in terms {
                    try await sql.raw("""
                        INSERT INTO postsecondary_records (id, district_id, student_id, import_id, kind, college_code, college_name, college_state, level, control,
                                                           begins_on, ends_on, status)
                        VALUES (\(bind: UUID()), \(bind: tenant.districtID), \(bind: record.id), \(bind: demoImport), 'enrollment', \(bind: college.code),
                                \(bind: college.name), \(bind: college.state), \(bind: college.level.rawValue), \(bind: college.control.rawValue),
                                \(bind: begins), \(bind: ends), \(bind: random.chance(80) ? "F" : "H"))
                        """).run()
                }
            }
        }
        let mark = NontraditionalPathway()
        mark.districtID = tenant.districtID
        mark.pathwayCode = "IT.2"
        mark.forSex = Sex.female.rawValue
        mark.source = "The demo district's own mark, for illustration: a district marks pathways from its state's non-traditional list."
        try await mark.create(on: tenant.db)
        audit.created(NontraditionalPathway.schema, id: mark.id, mark.snapshot)
        audit.record("seed", "postsecondary", id: nil, before: Optional<String>.none,
                     after: ["classes": "\(year - 1), \(year)", "graduates": "\(perClass) a class", "clearinghouse": "class of \(year - 1)"])
    }

    /// The newest class's Perkins V records: two in three finished two cybersecurity courses (the
    /// concentrators), a sixth took agriscience only; the concentrators' reading and math results
    /// of their last year; six graduates at work from July.
    static func seedPerkins(tenant: Tenant, audit: AuditRecorder, student: UUID, index: Int, classOf: Int, graduated: Bool) async throws {
        let sql = try tenant.db.sql()
        let courses = index % 6 == 5 ? ["AG101"] : index % 3 == 2 ? [] : ["CS101", "NET201"]
        for (offset, code) in courses.enumerated() {
            let done = CompletedCourse()
            done.districtID = tenant.districtID
            done.studentID = student
            done.courseCode = code
            done.completedOn = "\(classOf - 2 + offset)-05-28"
            try await done.create(on: tenant.db)
            audit.created("completedCourse", id: done.id, ["course": code])
        }
        guard courses.count == 2 else { return }
        for (subject, proficient) in [("reading", index % 5 != 1), ("mathematics", index % 4 != 3)] {
            try await sql.raw("""
                INSERT INTO assessment_results (id, district_id, student_id, import_id, school_year, subject, proficient)
                VALUES (\(bind: UUID()), \(bind: tenant.districtID), \(bind: student), \(bind: demoImport), \(bind: classOf - 1), \(bind: subject), \(bind: proficient))
                """).run()
        }
        if graduated, index % 10 == 4 {
            let activity = ExitActivity()
            activity.districtID = tenant.districtID
            activity.studentID = student
            activity.kind = ExitActivityKind.employed.rawValue
            activity.startsOn = "\(classOf)-07-01"
            try await activity.create(on: tenant.db)
            audit.created(ExitActivity.schema, id: activity.id, activity.snapshot)
        }
    }

    /// Records the demo seeds carry instead of a real import's id.
    static let demoImport = UUID(uuidString: "00000000-0000-0000-0000-00000000d003")!

    /// Colleges the demo's Colorado graduates attend, with the Clearinghouse's level and control.
    /// The codes are the demo's own, not the colleges' real Clearinghouse codes.
    static let colleges = [
        College(code: "DEMO01-00", name: "UNIVERSITY OF COLORADO BOULDER", state: "CO", level: .fourYear, control: .public),
        College(code: "DEMO02-00", name: "COLORADO STATE UNIVERSITY", state: "CO", level: .fourYear, control: .public),
        College(code: "DEMO03-00", name: "FRONT RANGE COMMUNITY COLLEGE", state: "CO", level: .twoYear, control: .public),
        College(code: "DEMO04-00", name: "METROPOLITAN STATE UNIVERSITY OF DENVER", state: "CO", level: .fourYear, control: .public),
        College(code: "DEMO05-00", name: "REGIS UNIVERSITY", state: "CO", level: .fourYear, control: .private),
        College(code: "DEMO06-00", name: "RED ROCKS COMMUNITY COLLEGE", state: "CO", level: .twoYear, control: .public),
    ]
}
