import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The demo district of `api-contract.md`: three schools, a few hundred students with varied
/// demographics, staff, mentors, client contacts and the fixed demo accounts.
enum DemoSeeder {
    static let slug = "demo"
    static let password = "demo-password-1"
    static let studentCount = 320

    struct Account {
        let email: String
        let role: Role
        let givenName: String
        let familyName: String
        var organization: String? = nil
    }

    static let accounts: [Account] = [
        Account(email: "admin@demo.test", role: .admin, givenName: "Alma", familyName: "Reyes"),
        Account(email: "coordinator@demo.test", role: .coordinator, givenName: "Corey", familyName: "Nakamura"),
        Account(email: "lead@demo.test", role: .lead, givenName: "Leah", familyName: "Okafor"),
        Account(email: "counselor@demo.test", role: .counselor, givenName: "Consuelo", familyName: "Barrett"),
        Account(email: "student15@demo.test", role: .student, givenName: "Maya", familyName: "Torres"),
        Account(email: "student17@demo.test", role: .student, givenName: "Jordan", familyName: "Whitfield"),
        Account(email: "mentor@demo.test", role: .mentor, givenName: "Marcus", familyName: "Ellison", organization: "Front Range Cyber Alliance"),
        Account(email: "client@demo.test", role: .clientContact, givenName: "Claire", familyName: "Dunn", organization: "St. Vrain Water Treatment Plant"),
        Account(email: "supervisor@demo.test", role: .supervisor, givenName: "Sam", familyName: "Patel", organization: "Skyline Drone Works"),
        Account(email: "analyst@demo.test", role: .analyst, givenName: "Ana", familyName: "Lindqvist"),
        Account(email: "guardian@demo.test", role: .guardian, givenName: "Renata", familyName: "Whitfield"),
        Account(email: "judge@demo.test", role: .judge, givenName: "Jordan", familyName: "Ames", organization: "Boulder Small Business Development Center"),
    ]

    static let schools: [(String, SchoolLocale)] = [
        ("Frontier Range High School", .suburb), ("Mesa Verde High School", .city), ("Prairie Creek High School", .rural),
    ]

    /// Seeds the district if it is not there; returns whether it did.
    @discardableResult
    static func seed(_ app: Application) async throws -> Bool {
        if try await District.query(on: app.db).filter(\.$slug == slug).first() != nil { return false }
        let zone = "America/Denver"
        let today = CalendarDate.on(app.pathwork.clock.now(), timeZone: zone)
        let cost = app.pathwork.config.passwordHashCost
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
        let district = District(slug: slug, name: "Demo Valley School District", timeZone: zone,
                                calendar: District.defaultCalendar(today: today))
        try await AuditLog.change(on: app.db, by: .system("demo"), services: app.pathwork) { db, audit in
            try await district.create(on: db)
            audit.created("district", id: district.id, DistrictSnapshot(district))
            let tenant = Tenant(districtID: district.id!, db: db)
            var schoolIDs: [UUID] = []
            for (name, locale) in schools {
                let school = School(districtID: district.id!, name: name, locale: locale)
                try await school.create(on: db)
                audit.created("school", id: school.id, SchoolSnapshot(school))
                schoolIDs.append(school.id!)
            }
            var random = SeededRandom(seed: 2026)
            var byEmail: [String: UUID] = [:]
            for account in accounts {
                var draft = PersonDraft(givenName: account.givenName, familyName: account.familyName, email: account.email,
                                        roles: [account.role], organization: account.organization)
                if account.role == .student {
                    let age = account.email.hasPrefix("student15") ? 15 : 17
                    draft.student = StudentDraft(studentNumber: "D\(age)0001", birthDate: birthDate(age: age, today: today).description,
                                                 grade: age - 5, raceEthnicity: age == 15 ? .hispanicOrLatino : .blackOrAfricanAmerican,
                                                 sex: age == 15 ? .female : .male, flags: age == 15 ? [.englishLearner, .economicallyDisadvantaged] : [])
                }
                let record = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: schoolIDs[0], password: nil),
                                                           email: account.email, passwordHash: hash, tenant: tenant, audit: audit)
                byEmail[account.email] = record.id
            }
            var students: [UUID] = []
            for index in 0..<studentCount {
                let submission = syntheticStudent(index, today: today, schools: schoolIDs, random: &random)
                let record = try await PeopleWriter.insert(submission, email: submission.draft.email, passwordHash: nil,
                                                           tenant: tenant, audit: audit)
                students.append(record.id)
            }
            for (given, family, org, role) in partners {
                let email = "\(given.lowercased()).\(family.lowercased())@partners.demo.test"
                let draft = PersonDraft(givenName: given, familyName: family, email: email, roles: [role], organization: org)
                _ = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: nil, password: nil), email: email,
                                                  passwordHash: hash, tenant: tenant, audit: audit)
            }
            try await DemoCredentials.seed(app, tenant: tenant, audit: audit, named: byEmail, students: students, today: today)
            try await DemoTeams.seed(tenant: tenant, audit: audit, leadID: byEmail["lead@demo.test"]!,
                                     coordinatorID: byEmail["coordinator@demo.test"]!, calendar: district.calendar,
                                     named: byEmail, students: students)
            try await DemoPathways.seed(tenant: tenant, audit: audit)
            for (given, family, _, _) in partners {
                let email = "\(given.lowercased()).\(family.lowercased())@partners.demo.test"
                byEmail[email] = try await tenant.query(Person.self).filter(\.$email == email).first()?.id
            }
            try await DemoClients.seed(tenant: tenant, audit: audit, named: byEmail, calendar: district.calendar, today: today)
            try await DemoMentoring.seed(tenant: tenant, audit: audit, named: byEmail, today: today)
            try await DemoPartners.seed(tenant: tenant, audit: audit, named: byEmail, today: today)
            try await DemoOpportunities.seed(tenant: tenant, audit: audit, named: byEmail, today: today)
            try await DemoTime.seed(tenant: tenant, audit: audit, district: district, today: today, leadID: byEmail["lead@demo.test"]!)
            try await DemoPlacements.seed(tenant: tenant, audit: audit, named: byEmail, students: students, zone: district.timeZone, today: today)
            try await DemoVentures.seed(app, tenant: tenant, audit: audit, named: byEmail, students: students, today: today)
            try await DemoPathways.seedCertification(app, tenant: tenant, audit: audit, alsoEnrolled: [students[0], byEmail["student17@demo.test"]!],
                                                     recordedBy: byEmail["coordinator@demo.test"]!, today: today)
            try await DemoPlans.seed(tenant: tenant, audit: audit, planned: [byEmail["student15@demo.test"]!, byEmail["student17@demo.test"]!],
                                     now: app.pathwork.clock.now(), today: today)
            try await DemoBeyondPlans.seed(tenant: tenant, audit: audit, student: byEmail["student17@demo.test"]!, counselor: byEmail["counselor@demo.test"]!,
                                           now: app.pathwork.clock.now(), today: today)
            try await DemoPostsecondary.seed(tenant: tenant, audit: audit, schools: schoolIDs, coordinator: byEmail["coordinator@demo.test"]!, today: today)
            try await DemoPostsecondary.seedDualCredit(tenant: tenant, audit: audit, students: students, today: today)
            try await DemoSurveys.seed(tenant: tenant, audit: audit, coordinator: byEmail["coordinator@demo.test"]!,
                                       students: students + [byEmail["student15@demo.test"]!, byEmail["student17@demo.test"]!], today: today)
            let connections: [(String, [UUID])] = [
                ("mentor@demo.test", [byEmail["student15@demo.test"]!, byEmail["student17@demo.test"]!] + students.prefix(6)),
                ("client@demo.test", [byEmail["student17@demo.test"]!] + students[6..<10]),
                ("supervisor@demo.test", [byEmail["student17@demo.test"]!] + students[10..<12]),
            ]
            for (email, studentIDs) in connections {
                for studentID in studentIDs {
                    let connection = StudentConnection(districtID: district.id!, studentID: studentID, contactID: byEmail[email]!)
                    try await connection.create(on: db)
                    audit.created("studentConnection", id: connection.id,
                                  Connections.Snapshot(studentID: studentID, contactID: byEmail[email]!))
                }
            }
        }
        return true
    }

    static func birthDate(age: Int, today: CalendarDate) -> CalendarDate {
        // About a hundred days past the birthday, so the age holds for a while.
        CalendarDate(year: today.year - age, month: today.month, day: min(today.day, 28))!.adding(days: -100)
    }

    static let partners: [(String, String, String, Role)] = [
        ("Renee", "Castillo", "Longmont Aerial Events", .clientContact),
        ("Walter", "Greene", "Sunrise Senior Living", .clientContact),
        ("Priya", "Raman", "Boulder AI Lab", .mentor),
        ("Tom", "Becker", "Colorado Fusion Center (retired)", .mentor),
        ("Dana", "Whitehorse", "Skyline Drone Works", .supervisor),
        ("Luis", "Ortega", "Peak Aerial Surveys", .supervisor),
    ]

    static func syntheticStudent(_ index: Int, today: CalendarDate, schools: [UUID], random: inout SeededRandom) -> PersonSubmission {
        let given = givenNames[Int.random(in: 0..<givenNames.count, using: &random)]
        let family = familyNames[Int.random(in: 0..<familyNames.count, using: &random)]
        let grade = Int.random(in: 9...12, using: &random)
        let age = grade + 5 + (random.chance(20) ? 1 : 0)
        let birth = birthDate(age: age, today: today).adding(days: -Int.random(in: 0..<250, using: &random))
        let race: RaceEthnicity = random.weighted([(.hispanicOrLatino, 30), (.white, 46), (.asian, 5), (.blackOrAfricanAmerican, 4),
                                                   (.americanIndianOrAlaskaNative, 2), (.nativeHawaiianOrOtherPacificIslander, 1),
                                                   (.twoOrMoreRaces, 12)])
        let sex: Sex = random.weighted([(.female, 49), (.male, 49), (.nonbinary, 2)])
        var flags: Set<StudentFlag> = []
        let rates: [(StudentFlag, Int)] = [(.economicallyDisadvantaged, 35), (.englishLearner, 12), (.disability, 13), (.homeless, 2),
                                           (.fosterCare, 1), (.migrant, 2), (.militaryConnected, 4), (.newToCountry, 5)]
        for (flag, percent) in rates where random.chance(percent) { flags.insert(flag) }
        let number = String(format: "S%06d", 100_000 + index)
        let email = "\(number.lowercased())@students.demo.test"
        let draft = PersonDraft(givenName: given, familyName: family, email: email, roles: [.student],
                                student: StudentDraft(studentNumber: number, birthDate: birth.description, grade: grade,
                                                      raceEthnicity: race, sex: sex, flags: flags))
        return PersonSubmission(draft: draft, schoolID: schools[index % schools.count], password: nil)
    }

    static let givenNames = [
        "Sofia", "Liam", "Isabella", "Noah", "Camila", "Mateo", "Aaliyah", "Ethan", "Mia", "Diego", "Amara", "Lucas",
        "Harper", "Santiago", "Zoe", "Elijah", "Valentina", "Aiden", "Nia", "Gabriel", "Aria", "Jamal", "Emma", "Kai",
        "Luna", "Hiroshi", "Fatima", "Owen", "Ximena", "Dylan", "Leilani", "Tyler", "Ayana", "Caleb", "Mei", "Samuel",
        "Yusuf", "Grace", "Andrés", "Olivia", "Tenzin", "Riley", "Daniela", "Wyatt", "Imani", "Nathan", "Lucía", "Miguel",
    ]

    static let familyNames = [
        "Garcia", "Smith", "Martinez", "Johnson", "Hernandez", "Nguyen", "Williams", "Lopez", "Brown", "Gonzalez",
        "Kim", "Davis", "Rodriguez", "Miller", "Chen", "Wilson", "Ramirez", "Anderson", "Patel", "Thomas", "Flores",
        "Jackson", "Begay", "White", "Sanchez", "Harris", "Tran", "Clark", "Rivera", "Lewis", "Morales", "Young",
        "Yazzie", "King", "Reyes", "Scott", "Cruz", "Green", "Ortiz", "Baker", "Ali", "Nelson", "Kowalski", "Hill",
    ]
}
