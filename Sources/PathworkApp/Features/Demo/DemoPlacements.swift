import Fluent
import Foundation
import PathworkDomain

/// The demo's drone internships (seed 002): last school year's seven interns, five at Skyline
/// (paid by the district) and two at Peak Aerial Surveys (which pays its own), each with a
/// signed agreement, approved hours, evaluations, a reflection and completion; this year's
/// fall cohort with Sam Patel (`supervisor@demo.test`) — hours and a midpoint evaluation
/// waiting for him — and Peak's mapping interns; a spring flight placement still waiting for
/// signatures; and the fall career fair with its attendance.
enum DemoPlacements {
    struct Context {
        let tenant: Tenant
        let audit: AuditRecorder
        let coordinator: UUID
        let zone: String
        let today: CalendarDate
        var hoursWritten = 0
    }

    static func seed(tenant: Tenant, audit: AuditRecorder, named: [String: UUID], students: [UUID], zone: String, today: CalendarDate) async throws {
        let partners = Dictionary(try await tenant.query(Client.self).all().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        guard let coordinator = named["coordinator@demo.test"], let sam = named["supervisor@demo.test"], let luis = named["luis.ortega@partners.demo.test"],
              let skyline = partners["Skyline Drone Works"], let peak = partners["Peak Aerial Surveys"] else { return }
        var context = Context(tenant: tenant, audit: audit, coordinator: coordinator, zone: zone, today: today)
        if let parent = named["guardian@demo.test"], let student = named["student17@demo.test"] {
            try await GuardianLink(districtID: tenant.districtID, guardianID: parent, studentID: student).create(on: tenant.db)
            audit.record("seed", "guardianLink", id: nil, before: Optional<String>.none, after: ["guardian": "guardian@demo.test", "student": "student17@demo.test"])
        }
        let year = SchoolCalendar.schoolYearStart(containing: today)
        for supervisor in [sam, luis, named["dana.whitehorse@partners.demo.test"]].compactMap({ $0 }) {
            let profile = try await tenant.query(MentorProfile.self).filter(\.$personID == supervisor).first() ?? MentorProfile(districtID: tenant.districtID, personID: supervisor)
            profile.checkStatus = .cleared
            profile.checkedOn = "\(year - 1)-06-01"
            profile.checkExpiresOn = "\(year + 2)-06-01"
            try await profile.save(on: tenant.db)
            audit.record("seed", "mentorProfile", id: profile.id, before: Optional<String>.none, after: ["backgroundCheck": "cleared"])
        }
        // Students on no team, so their worksite afternoons never meet their team time.
        let onTeams = Set(try await tenant.query(Membership.self).all(\.$student.$id))
        let profiles = try await tenant.query(StudentProfile.self).filter(\.$person.$id ~~ students).filter(\.$grade >= 11).sort(\.$studentNumber).all()
            .filter { !onTeams.contains($0.$person.id) }
        guard profiles.count >= 14 else { return }
        let part107 = try await tenant.query(Credential.self).filter(\.$title == "FAA Part 107 Remote Pilot").first()?.id
        func opportunity(_ partner: Client, _ title: String, stage: CareerConnectStage, pay: OpportunityPay, starts: String, ends: String,
                         status: Opportunity.Status = .closed) async throws -> Opportunity {
            try await DemoOpportunities.add(partner, title, .internship, stage: stage, pay: pay,
                                            pay == .partnerPaid ? "Map farms and watersheds from the air with Peak's chief pilot; Peak pays its interns."
                                                                : "Diagnose and repair survey drones in Skyline's shop, then test-fly them with a pilot.",
                                            pathways: ["DT.6"], minimumAge: 16, credential: pay == .partnerPaid ? part107 : nil, seats: pay == .partnerPaid ? 2 : 5,
                                            starts: starts, ends: ends, applyBy: nil, location: pay == .partnerPaid ? "410 Main St, Lyons" : "2200 Airport Rd, Longmont",
                                            status: status, by: coordinator, tenant: tenant, audit: audit)
        }
        // Last school year: seven interns, February to May, all completed.
        let lastSkyline = try await opportunity(skyline, "Drone repair internship (\(year - 1)–\(String(year).suffix(2)))", stage: .prep, pay: .districtPaid,
                                                starts: "\(year)-02-02", ends: "\(year)-05-22")
        let lastPeak = try await opportunity(peak, "Aerial mapping internship (\(year - 1)–\(String(year).suffix(2)))", stage: .launch, pay: .partnerPaid,
                                             starts: "\(year)-02-02", ends: "\(year)-05-22")
        let reflections = ["I learned to trace a motor fault with a multimeter instead of swapping parts until it flew.",
                           "Planning a survey grid taught me more geometry than class did.",
                           "I was scared to call the shop when I was running late. Now I just call.",
                           "Firmware updates are where most crashes start; I write down every change now.",
                           "I want to be a pilot. Sam showed me what the Part 107 exam asks."]
        for (index, profile) in profiles.prefix(7).enumerated() {
            let atPeak = index >= 5
            let placement = try await place(profile, in: atPeak ? lastPeak : lastSkyline, supervisor: atPeak ? luis : sam, wage: atPeak ? 1900 : 1650,
                                            schedule: "Tuesdays and Fridays, 3:30–5:30 pm", context: &context)
            try await work(placement, through: CalendarDate(iso: "\(year)-05-22")!, waitingFrom: nil, context: &context)
            try await evaluate(placement, .midpoint, levels: [2, 3, 3, 2, 2 + index % 2], on: "\(year)-03-27", by: atPeak ? luis : sam, context: context)
            try await evaluate(placement, .final, levels: [3, 3 + index % 2, 4, 3, 3], on: "\(year)-05-22", by: atPeak ? luis : sam, context: context)
            placement.reflection = reflections[index % reflections.count]
            placement.status = .completed
            placement.completedAt = TimePages.instant(CalendarDate(iso: "\(year)-05-29")!, "12:00", zone)
            try await placement.save(on: tenant.db)
        }
        // This year: Sam's fall cohort (hours from the last week and two midpoints waiting for
        // him) and Peak's paid mapping interns.
        let fallStart = CalendarDate(iso: "\(year)-09-08")!, fallEnd = CalendarDate(iso: "\(year + 1)-01-22")!
        let fall = try await opportunity(skyline, "Drone repair internship (fall cohort)", stage: .prep, pay: .districtPaid,
                                         starts: fallStart.description, ends: fallEnd.description)
        let mapping = try await opportunity(peak, "Aerial mapping internship", stage: .launch, pay: .partnerPaid, starts: fallStart.description, ends: "\(year + 1)-05-21")
        let thisWeek = ChildLabor.weekStart(of: today, startsOn: 7)
        let yesterday = today.adding(days: -1)
        for (index, profile) in profiles.dropFirst(7).prefix(5).enumerated() {
            let atPeak = index >= 3
            let placement = try await place(profile, in: atPeak ? mapping : fall, supervisor: atPeak ? luis : sam, wage: atPeak ? 1900 : 1650,
                                            schedule: "Tuesdays and Fridays, 3:30–5:30 pm", context: &context)
            guard fallStart <= yesterday else { continue }
            try await work(placement, through: min(yesterday, fallEnd), waitingFrom: atPeak ? nil : thisWeek.adding(days: -7), context: &context)
            let midpoint = fallStart.adding(days: (fallEnd.dayNumber - fallStart.dayNumber) / 2)
            if index == 0 && midpoint < today { try await evaluate(placement, .midpoint, levels: [3, 3, 2, 3, 3], on: midpoint.description, by: sam, context: context) }
        }
        // Spring: a flight-operations intern placed, the agreement written, two signatures to go.
        if let flight = try await tenant.query(Opportunity.self).filter(\.$title == "Drone flight operations internship").first(), let profile = profiles.dropFirst(12).first {
            let placement = try await place(profile, in: flight, supervisor: sam, wage: 1750, schedule: "Tuesdays and Thursdays, 3:30–6:00 pm",
                                            signers: [.student, .coordinator], context: &context)
            placement.status = .awaitingSignatures
            placement.startedAt = nil
            try await placement.save(on: tenant.db)
        }
        // The fall career fair, with the roster taken.
        let fair = try await DemoOpportunities.add(peak, "Fall drone career fair", .careerFair, pay: .unpaid, "Skyline, Peak and the FAA's safety team meet students in the gym.",
                                                   pathways: ["DT.6"], seats: 200, starts: "\(year)-10-15", ends: "\(year)-10-15", applyBy: nil,
                                                   location: "Frontier Range High gym", status: .closed, by: coordinator, tenant: tenant, audit: audit)
        if CalendarDate(iso: fair.startsOn)! < today {
            for student in students.prefix(48) {
                let attendance = EventAttendance()
                attendance.districtID = tenant.districtID
                attendance.$opportunity.id = try fair.requireID()
                attendance.studentID = student
                attendance.attendedOn = fair.startsOn
                attendance.source = .roster
                attendance.recordedBy = coordinator
                try await attendance.create(on: tenant.db)
            }
            audit.record("seed", "eventAttendance", id: fair.id, before: Optional<String>.none, after: ["attended": "48"])
        }
        audit.record("seed", "placementHours", id: nil, before: Optional<String>.none, after: ["entries": String(context.hoursWritten)])
    }

    /// An accepted application and its placement, signed (a parent or guardian too for a minor).
    static func place(_ profile: StudentProfile, in opportunity: Opportunity, supervisor: UUID, wage: Int, schedule: String,
                      signers: [AgreementSigner] = AgreementSigner.allCases, context: inout Context) async throws -> Placement {
        let tenant = context.tenant
        let student = profile.$person.id
        let application = OpportunityApplication()
        application.districtID = tenant.districtID
        application.$opportunity.id = try opportunity.requireID()
        application.studentID = student
        application.answer = "I fly and fix drones at home and want to learn it properly."
        application.status = .accepted
        try await application.create(on: tenant.db)
        let placement = try Placement(in: opportunity, studentID: student, applicationID: application.id, supervisorID: supervisor, createdBy: context.coordinator)
        placement.status = .active
        placement.learningObjectives = opportunity.pay == .partnerPaid
            ? "Plan and fly mapping missions under FAA Part 107; process imagery into maps a farmer can use."
            : "Diagnose and repair survey drones (motors, soldering, firmware) and test-fly repairs with a licensed pilot."
        placement.pathwayCode = "DT.6"
        placement.schedule = schedule
        placement.safetyTraining = "Shop safety, LiPo battery handling and preflight checklists"
        placement.safetyTrainingCompleted = true
        placement.hourlyWageCents = wage
        let signedOn = CalendarDate(iso: opportunity.startsOn)!.adding(days: -10)
        placement.startedAt = TimePages.instant(signedOn, "16:00", context.zone)
        try await placement.create(on: tenant.db)
        context.audit.created("placement", id: placement.id, try PlacementJSON(placement, agreement: nil))
        if try await tenant.query(StudentConnection.self).filter(\.$student.$id == student).filter(\.$contact.$id == supervisor).first() == nil {
            try await StudentConnection(districtID: tenant.districtID, studentID: student, contactID: supervisor).create(on: tenant.db)
        }
        let minor = (CalendarDate(iso: profile.birthDate)?.age(on: signedOn) ?? 0) < 18
        let person = try await tenant.find(Person.self, student)
        for signer in signers where signer != .guardian || minor {
            let signature = PlacementSignature()
            signature.districtID = tenant.districtID
            signature.$placement.id = try placement.requireID()
            signature.version = 1
            signature.signer = signer
            switch signer {
            case .student: (signature.personID, signature.signedName) = (student, person.fullName)
            case .guardian:
                let guardian = try await guardian(of: person, tenant: tenant, audit: context.audit)
                (signature.personID, signature.signedName) = (guardian.id, guardian.name)
            case .supervisor: (signature.personID, signature.signedName) = (supervisor, try await tenant.find(Person.self, supervisor).fullName)
            case .coordinator: (signature.personID, signature.signedName) = (context.coordinator, "Corey Nakamura")
            }
            signature.signedAt = placement.startedAt ?? Date()
            try await signature.create(on: tenant.db)
        }
        return placement
    }

    /// The student's parent, made and linked the first time one is needed.
    static func guardian(of student: Person, tenant: Tenant, audit: AuditRecorder) async throws -> (id: UUID, name: String) {
        let studentID = try student.requireID()
        if let link = try await tenant.query(GuardianLink.self).filter(\.$studentID == studentID).first() {
            return (link.guardianID, try await tenant.find(Person.self, link.guardianID).fullName)
        }
        let draft = PersonDraft(givenName: "Parent of \(student.givenName)", familyName: student.familyName,
                                email: "parent.\(studentID.uuidString.prefix(8).lowercased())@families.demo.test", roles: [.guardian])
        let parent = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: nil, password: nil), email: draft.email, passwordHash: nil,
                                                   tenant: tenant, audit: audit).id
        try await GuardianLink(districtID: tenant.districtID, guardianID: parent, studentID: studentID).create(on: tenant.db)
        return (parent, "\(draft.givenName) \(draft.familyName)")
    }

    /// Tuesday and Friday afternoons from the first day through `through`; approved unless on
    /// or after `waitingFrom`, which wait for the supervisor.
    static func work(_ placement: Placement, through last: CalendarDate, waitingFrom: CalendarDate?, context: inout Context) async throws {
        var day = CalendarDate(iso: placement.startsOn)!
        while day <= last {
            defer { day = day.adding(days: 1) }
            guard [2, 5].contains(day.isoWeekday), let start = TimePages.instant(day, "15:30", context.zone),
                  let end = TimePages.instant(day, "17:30", context.zone) else { continue }
            let hours = PlacementHours()
            hours.districtID = context.tenant.districtID
            hours.$placement.id = try placement.requireID()
            hours.studentID = placement.studentID
            hours.workDate = day.description
            hours.startsAt = start
            hours.endsAt = end
            hours.minutes = 120
            hours.source = .clock
            hours.note = ""
            hours.reason = ""
            hours.flags = ""
            hours.paidBy = placement.pay
            if let waitingFrom, day >= waitingFrom {
                hours.status = .submitted
            } else {
                hours.status = .approved
                hours.hourlyWageCents = placement.hourlyWageCents
                hours.decidedBy = placement.supervisorID
                hours.decidedAt = end.addingTimeInterval(86_400)
            }
            try await hours.create(on: context.tenant.db)
            context.hoursWritten += 1
        }
    }

    static func evaluate(_ placement: Placement, _ point: PlacementEvaluation.Point, levels: [Int], on day: String, by supervisor: UUID, context: Context) async throws {
        let rubric = CompetencyRubric.workplaceReadiness
        let ratings = Dictionary(uniqueKeysWithValues: zip(rubric.criteria.map(\.name), levels))
        guard case .success(let score) = rubric.score(ratings) else { return }
        let evaluation = PlacementEvaluation()
        evaluation.districtID = context.tenant.districtID
        evaluation.$placement.id = try placement.requireID()
        evaluation.point = point
        evaluation.rubric = try StoredJSON.string(rubric)
        evaluation.ratings = try StoredJSON.string(ratings)
        evaluation.meanTenths = score.meanTenths
        evaluation.overallLevel = score.overallLevel
        evaluation.proficient = score.isProficient
        evaluation.comments = point == .final ? "Dependable in the shop and careful with batteries; ready for more responsibility." : "Growing fast; ask more questions early."
        evaluation.evaluatorID = supervisor
        evaluation.submittedAt = TimePages.instant(CalendarDate(iso: day)!, "18:00", context.zone) ?? Date()
        try await evaluation.create(on: context.tenant.db)
        context.audit.created("placementEvaluation", id: evaluation.id, ["point": point.rawValue, "meanTenths": String(score.meanTenths)])
    }
}
