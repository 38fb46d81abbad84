import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The demo's entrepreneurship pathway (seed 002): a problem log from two opportunity walks,
/// with "me too"s and a merged duplicate; the reversible theater outfit (a third-year team)
/// and the mobile hygiene trailer (a second-year team), each with canvas versions that show
/// their thinking change, customer interviews and prototypes.
enum DemoVentures {
    static func seed(_ app: Application, tenant: Tenant, audit: AuditRecorder, named: [String: UUID], students: [UUID], today: CalendarDate) async throws {
        guard let lead = named["lead@demo.test"], let student17 = named["student17@demo.test"], let student15 = named["student15@demo.test"],
              students.count > 40 else { return }
        let year = SchoolCalendar.schoolYearStart(containing: today)
        func walk(_ title: String, on day: String) async throws -> UUID {
            let walk = OpportunityWalk()
            walk.districtID = tenant.districtID
            walk.title = title
            walk.walkedOn = day
            walk.ledBy = lead
            try await walk.create(on: tenant.db)
            return try walk.requireID()
        }
        let fall = try await walk("Opportunity walk: the arts wing", on: "\(year)-09-18")
        let spring = try await walk("Opportunity walk: gym and locker rooms", on: "\(year - 1)-03-05")
        func problem(_ title: String, _ location: String, _ affected: String, _ frequency: LoggedProblem.Frequency, walk: UUID, by: UUID,
                     pathway: String = "", echoes: ArraySlice<UUID> = []) async throws -> LoggedProblem {
            let problem = LoggedProblem()
            problem.districtID = tenant.districtID
            problem.walkID = walk
            problem.loggedBy = by
            problem.title = title
            problem.location = location
            problem.affected = affected
            problem.frequency = frequency
            problem.details = ""
            problem.pathwayCodes = pathway
            problem.status = .open
            try await problem.create(on: tenant.db)
            for person in echoes {
                let echo = ProblemEcho()
                echo.districtID = tenant.districtID
                echo.$problem.id = try problem.requireID()
                echo.personID = person
                try await echo.create(on: tenant.db)
            }
            return problem
        }
        let costumes = try await problem("Quick costume changes in the musical take too long", "Backstage", "Actors playing two roles", .weekly,
                                         walk: fall, by: students[20], pathway: "AD.2", echoes: students[21..<27])
        let duplicate = try await problem("Actors miss cues changing costumes", "Theater wings", "Cast and stage crew", .weekly, walk: fall, by: students[27])
        duplicate.status = .merged
        duplicate.mergedInto = costumes.id
        try await duplicate.save(on: tenant.db)
        let hygiene = try await problem("Some students have nowhere to shower before school", "Locker rooms", "Students without stable housing", .daily,
                                        walk: spring, by: students[30], pathway: "HC.3", echoes: students[31..<40])
        _ = try await problem("Water fountains by the gym are broken", "Gym hallway", "Athletes and PE classes", .daily, walk: spring, by: students[40])
        let lost = try await problem("Nobody can find the counseling office", "Main entrance", "New students and families", .rarely, walk: fall, by: student15,
                                     echoes: students[41..<44])
        audit.record("seed", "problemLog", id: nil, before: Optional<String>.none, after: ["walks": "2", "problems": "5"])

        let outfit = try await venture("Reversible theater outfit", problem: costumes, members: [student17, students[20], students[21]], pathway: "AD.2",
                                       tenant: tenant, by: lead)
        try await versions(outfit, by: student17, tenant: tenant, from: CalendarDate(iso: "\(year - 2)-10-01")!, [
            ([.problem: "Costume changes take too long", .customerSegments: "Our school's theater"], "First try"),
            ([.problem: "Costume changes take too long\nRenting two costumes per actor is costly", .customerSegments: "School theater departments",
              .solution: "One outfit that turns inside out into the second costume"], "After three interviews with stage managers"),
            ([.problem: "Costume changes take too long\nRenting two costumes per actor is costly", .customerSegments: "School and community theaters",
              .valueProposition: "Half the changes, half the rentals", .solution: "One outfit that turns inside out into the second costume",
              .revenue: "Sell pattern kits at $40 and finished outfits at $120", .costs: "Fabric, snaps, sewing time"], "Priced after the prototype"),
        ])
        try await interviews(outfit, by: student17, tenant: tenant, [("\(year - 2)-10-20", "a stage manager", "Quick changes happen in under a minute; snaps beat zippers."),
            ("\(year - 2)-11-02", "a community theater costumer", "Renting a second costume costs $60 a show."),
            ("\(year - 1)-01-15", "the drama teacher", "Would buy four kits a year if they survive washing.")])
        try await prototypes(outfit, by: students[20], tenant: tenant, [("\(year - 1)-02-10", "Paper pattern", "Tested the fold with a cast member"),
                                                                        ("\(year - 1)-04-02", "First sewn outfit", "Survived two shows and a wash")])

        let trailer = try await venture("Mobile hygiene trailer", problem: hygiene, members: [students[30], students[31], students[32]], pathway: "HC.3",
                                        tenant: tenant, by: lead)
        try await versions(trailer, by: students[30], tenant: tenant, from: CalendarDate(iso: "\(year - 1)-04-01")!, [
            ([.problem: "Students have nowhere to shower"], "First try"),
            ([.problem: "Students without stable housing have nowhere to shower before school", .customerSegments: "School districts; shelters",
              .solution: "A shower trailer that visits schools before the bell", .channels: "The district's homeless liaison"], "After talking to the liaison"),
        ])
        try await interviews(trailer, by: students[31], tenant: tenant, [("\(year - 1)-04-20", "the district's homeless liaison", "Twelve students at our school alone; mornings matter most."),
            ("\(year)-10-05", "a shelter director", "A trailer already exists downtown but never comes to schools.")])
        try await prototypes(trailer, by: students[32], tenant: tenant, [("\(year)-11-01", "Floor plan and route map", "Fits two stalls and a laundry corner")])
        let signs = try await venture("Find-it wayfinding signs", problem: lost, members: [student15, students[41]], pathway: "AD.1", tenant: tenant, by: lead)
        try await versions(signs, by: student15, tenant: tenant, from: CalendarDate(iso: "\(year - 1)-01-20")!, [
            ([.problem: "New families cannot find the counseling office", .solution: "Colored floor arrows from every entrance"], "First try")])
        audit.record("seed", "ventures", id: nil, before: Optional<String>.none, after: ["ventures": "Reversible theater outfit; Mobile hygiene trailer; Find-it wayfinding signs"])
        try await pitchEvents(tenant: tenant, audit: audit, named: named, ventures: [outfit, trailer, signs], year: year, today: today)
        try await VentureCompletions.settle([outfit, trailer, signs].compactMap(\.id), tenant: tenant, audit: audit, app: app, today: today,
                                            now: app.pathwork.clock.now(), awardedBy: (lead, "Leah Okafor"))
    }

    /// Last spring's showcase with three judges, closed with its results; and an upcoming
    /// elevator-pitch night with `judge@demo.test` invited.
    static func pitchEvents(tenant: Tenant, audit: AuditRecorder, named: [String: UUID], ventures: [Venture], year: Int, today: CalendarDate) async throws {
        guard let coordinator = named["coordinator@demo.test"], let judge = named["judge@demo.test"], let luis = named["luis.ortega@partners.demo.test"] else { return }
        func event(_ title: String, _ kind: PitchEvent.Kind, on day: String, status: PitchEvent.Status, audience: String, voting: Bool) async throws -> PitchEvent {
            let event = PitchEvent()
            event.districtID = tenant.districtID
            event.title = title
            event.kind = kind
            event.heldOn = day
            event.location = "Frontier Range High auditorium"
            event.audience = audience
            event.rubric = try StoredJSON.string(PitchRubric.standard)
            event.status = status
            event.audienceVoting = voting
            event.createdBy = coordinator
            try await event.create(on: tenant.db)
            for (index, venture) in ventures.enumerated() {
                let slot = PitchSlot()
                slot.districtID = tenant.districtID
                slot.$event.id = try event.requireID()
                slot.$venture.id = try venture.requireID()
                slot.position = index + 1
                try await slot.create(on: tenant.db)
            }
            return event
        }
        func invite(_ person: UUID, to event: PitchEvent) async throws {
            if try await !tenant.roles(of: person).contains(.judge) {
                try await RoleAssignment(districtID: tenant.districtID, personID: person, role: .judge).create(on: tenant.db)
            }
            let invited = EventJudge()
            invited.districtID = tenant.districtID
            invited.$event.id = try event.requireID()
            invited.personID = person
            invited.linkHash = SecretToken.hash(SecretToken.generate())
            try await invited.create(on: tenant.db)
        }
        let showcase = try await event("Spring venture showcase", .showcase, on: "\(year)-05-14", status: .closed, audience: "Families, staff and partners", voting: true)
        var community: [UUID] = [luis]
        for (given, family) in [("Maria", "Chen"), ("Devon", "Brooks")] {
            let email = "\(given.lowercased()).\(family.lowercased())@judges.demo.test"
            let draft = PersonDraft(givenName: given, familyName: family, email: email, roles: [.judge], organization: "Boulder County business community")
            community.append(try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: nil, password: nil), email: email, passwordHash: nil,
                                                           tenant: tenant, audit: audit).id)
        }
        // Levels by judge and venture, on problem, solution, business model and delivery; Devon is the harsh one.
        let levels: [[[Int]]] = [[[4, 4, 3, 4], [4, 3, 2, 3], [2, 3, 2, 3]],
                                 [[4, 3, 3, 3], [3, 3, 3, 4], [2, 2, 2, 3]],
                                 [[3, 3, 2, 2], [3, 2, 1, 2], [1, 2, 1, 1]]]
        let comments = ["Show the inside-out change live; it sells itself.", "Get the shelter's numbers on stage.", "Test the arrows with a family who has never visited."]
        let names = PitchRubric.standard.criteria.map(\.name)
        for (j, person) in community.enumerated() {
            try await invite(person, to: showcase)
            for (v, venture) in ventures.enumerated() {
                for (criterion, level) in zip(names, levels[j][v]) {
                    let score = PitchScore()
                    score.districtID = tenant.districtID
                    score.$event.id = try showcase.requireID()
                    score.ventureID = try venture.requireID()
                    score.judgeID = person
                    score.criterion = criterion
                    score.level = level
                    try await score.create(on: tenant.db)
                }
                let feedback = PitchFeedback()
                feedback.districtID = tenant.districtID
                feedback.$event.id = try showcase.requireID()
                feedback.ventureID = try venture.requireID()
                feedback.judgeID = person
                feedback.comment = comments[v]
                try await feedback.create(on: tenant.db)
            }
        }
        let upcoming = try await event("Winter elevator pitch night", .elevatorPitch, on: today.adding(days: 14).description, status: .scheduled,
                                       audience: "Students and partners", voting: false)
        try await invite(judge, to: upcoming)
        audit.record("seed", "pitchEvents", id: nil, before: Optional<String>.none, after: ["events": "Spring venture showcase (closed); Winter elevator pitch night"])
    }

    static func venture(_ name: String, problem: LoggedProblem, members: [UUID], pathway: String, tenant: Tenant, by person: UUID) async throws -> Venture {
        let venture = Venture()
        venture.districtID = tenant.districtID
        venture.name = name
        venture.problemID = problem.id
        venture.pathwayCode = pathway
        venture.status = .active
        venture.createdBy = person
        try await venture.create(on: tenant.db)
        for student in members {
            let member = VentureMember()
            member.districtID = tenant.districtID
            member.$venture.id = try venture.requireID()
            member.studentID = student
            member.joinedOn = problem.createdAt.map { String($0.formatted(.iso8601.year().month().day())) } ?? "2025-09-01"
            try await member.create(on: tenant.db)
        }
        return venture
    }

    static func versions(_ venture: Venture, by person: UUID, tenant: Tenant, from first: CalendarDate, _ list: [([CanvasBlock: String], String)]) async throws {
        for (index, (blocks, note)) in list.enumerated() {
            let version = CanvasVersion()
            version.districtID = tenant.districtID
            version.$venture.id = try venture.requireID()
            version.number = index + 1
            version.blocks = try StoredJSON.string(Dictionary(uniqueKeysWithValues: BusinessModelCanvas(blocks: blocks).blocks.map { ($0.key.rawValue, $0.value) }))
            version.note = note
            version.savedBy = person
            version.savedAt = TimePages.instant(first.adding(days: 45 * index), "15:30", "America/Denver") ?? Date()
            try await version.create(on: tenant.db)
        }
    }

    static func interviews(_ venture: Venture, by person: UUID, tenant: Tenant, _ list: [(String, String, String)]) async throws {
        for (day, who, learned) in list {
            let interview = CustomerInterview()
            interview.districtID = tenant.districtID
            interview.$venture.id = try venture.requireID()
            interview.interviewedOn = day
            interview.who = who
            interview.learned = learned
            interview.loggedBy = person
            try await interview.create(on: tenant.db)
        }
    }

    static func prototypes(_ venture: Venture, by person: UUID, tenant: Tenant, _ list: [(String, String, String)]) async throws {
        for (day, title, details) in list {
            let prototype = Prototype()
            prototype.districtID = tenant.districtID
            prototype.$venture.id = try venture.requireID()
            prototype.title = title
            prototype.details = details
            prototype.madeOn = day
            prototype.loggedBy = person
            try await prototype.create(on: tenant.db)
        }
    }
}
