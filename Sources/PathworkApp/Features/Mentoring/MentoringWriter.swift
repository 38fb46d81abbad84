import Fluent
import Foundation
import PathworkDomain
import Vapor

struct MentorProfileInput: Content {
    var expertise: String?
    var backgroundCheckStatus: BackgroundCheck.Status?
    var checkedOn: String?
    var expiresOn: String?
}

struct MentorProfileJSON: Content {
    var personId: UUID
    var expertise: String
    var backgroundCheckStatus: BackgroundCheck.Status
    var checkedOn: String?
    var expiresOn: String?
    var checkCurrent: Bool

    init(_ p: MentorProfile, today: CalendarDate) {
        personId = p.personID; expertise = p.expertise; backgroundCheckStatus = p.checkStatus
        checkedOn = p.checkedOn; expiresOn = p.checkExpiresOn; checkCurrent = p.check.isCurrent(on: today)
    }
}

struct SessionInput: Content {
    var teamId: UUID?
    var studentId: UUID?
    var heldOn: String?
    var minutes: Int?
    var topic: String?
}

struct ReferralInput: Content {
    var studentId: UUID?
    var referredTo: String?
    var note: String?
}

/// Mentor profiles, team assignments, session logs and referrals.
enum MentoringWriter {
    static func saveProfile(for personID: UUID?, _ input: MentorProfileInput, on req: Request) async throws -> MentorProfile {
        let tenant = try req.tenant
        let person = try await tenant.find(Person.self, personID)
        let roles = try await tenant.roles(of: person.requireID())
        var errors: [FieldError] = []
        if !roles.contains(.mentor) && !roles.contains(.supervisor) {
            errors.append(.reference(field: "personId", message: "Only mentors and worksite supervisors have a profile with a background check."))
        }
        let checked = input.checkedOn?.nonEmpty.map { CalendarDate(iso: $0) }
        let expires = input.expiresOn?.nonEmpty.map { CalendarDate(iso: $0) }
        if case .some(.none) = checked { errors.append(FieldError(field: "checkedOn", message: "Enter the check date as YYYY-MM-DD.")) }
        if case .some(.none) = expires { errors.append(FieldError(field: "expiresOn", message: "Enter the expiry as YYYY-MM-DD.")) }
        if let c = checked ?? nil, let e = expires ?? nil, e <= c {
            errors.append(.rule(field: "expiresOn", message: "The expiry must come after the check date."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let existing = try await tenant.query(MentorProfile.self).filter(\.$personID == person.requireID()).first()
        let before = existing.map { MentorProfileJSON($0, today: req.today) }
        let today = req.today
        return try await req.change { tenant, audit in
            let personID = try person.requireID()
            let profile = existing ?? MentorProfile(districtID: tenant.districtID, personID: personID)
            profile.expertise = input.expertise?.trimmed ?? profile.expertise
            profile.checkStatus = input.backgroundCheckStatus ?? profile.checkStatus
            profile.checkedOn = (checked ?? nil)?.description
            profile.checkExpiresOn = (expires ?? nil)?.description
            try await profile.save(on: tenant.db)
            audit.record(before == nil ? "create" : "update", "mentorProfile", id: profile.id, before: before,
                         after: MentorProfileJSON(profile, today: today))
            return profile
        }
    }

    /// Assigns a mentor to a team; refused with `mentor.background-check` when the team has
    /// students under 18 and the mentor's check is not current.
    static func assign(_ mentorID: UUID?, to team: Team, from raw: String?, on req: Request) async throws -> MentorAssignment {
        let tenant = try req.tenant
        let mentor = try await tenant.find(Person.self, mentorID)
        let roles = try await tenant.roles(of: mentor.requireID())
        guard roles.contains(.mentor) else {
            throw PathworkError.invalid([.reference(field: "mentorId", message: "Choose a person with the mentor role.")])
        }
        guard let start = CalendarDate(iso: raw ?? "") else {
            throw PathworkError.invalid([FieldError(field: "startsOn", message: "Enter the start date as YYYY-MM-DD.")])
        }
        let profile = try await tenant.query(MentorProfile.self).filter(\.$personID == mentor.requireID()).first()
        let check = profile?.check ?? BackgroundCheck(status: .notStarted)
        let seats = try await tenant.query(Membership.self).filter(\.$team.$id == team.requireID()).all().filter { $0.isOnRoster(on: start) }
        let births = try await tenant.query(StudentProfile.self).filter(\.$person.$id ~~ seats.map(\.$student.id)).all()
            .compactMap { CalendarDate(iso: $0.birthDate) }
        let hasMinors = births.contains { $0.age(on: start) < 18 }
        if let refusal = check.assignmentRefusal(teamHasMinors: hasMinors, on: start) {
            throw PathworkError(status: .unprocessableEntity, code: "mentor.background-check", reason: refusal,
                                fieldErrors: [FieldError(field: "mentorId", message: refusal)])
        }
        return try await req.change { tenant, audit in
            // Checked inside the change, so two assignments at once make one.
            let active = try await tenant.query(MentorAssignment.self).filter(\.$mentorID == mentor.requireID()).filter(\.$team.$id == team.requireID())
                .filter(\.$endsOn == nil).first()
            if active != nil { throw PathworkError.conflict("mentor.already-assigned", "This mentor already works with the team.", field: "mentorId") }
            let assignment = MentorAssignment(districtID: tenant.districtID, mentorID: try mentor.requireID(), teamID: try team.requireID(), startsOn: start)
            try await assignment.create(on: tenant.db)
            audit.created("mentorAssignment", id: assignment.id, ["mentorID": try mentor.requireID().uuidString, "teamID": try team.requireID().uuidString,
                                                                 "startsOn": start.description])
            return assignment
        }
    }

    static func logSession(_ input: SessionInput, on req: Request) async throws -> MentoringSession {
        let viewer = try req.viewer
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let teams = try await MentorReach.teamIDs(of: viewer.personID, tenant: tenant)
        if let team = input.teamId, !teams.contains(team) { errors.append(.reference(field: "teamId", message: "Choose one of your teams.")) }
        if let student = input.studentId,
           !(try await PeopleDirectory.connectedStudentIDs(of: viewer.personID, tenant: tenant)).contains(student) {
            errors.append(.reference(field: "studentId", message: "Choose one of your students."))
        }
        let held = CalendarDate(iso: input.heldOn ?? "")
        if held == nil || held! > req.today { errors.append(.rule(field: "heldOn", message: "Enter the session date (today or earlier) as YYYY-MM-DD.")) }
        if !(1...600).contains(input.minutes ?? 0) { errors.append(FieldError(field: "minutes", message: "Enter the length in minutes, 1 to 600.")) }
        let topic = input.topic?.nonEmpty ?? ""
        if topic.isEmpty || topic.count > 500 { errors.append(FieldError(field: "topic", message: "Say what the session was about.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let session = MentoringSession()
            session.districtID = tenant.districtID
            session.mentorID = viewer.personID
            session.teamID = input.teamId
            session.studentID = input.studentId
            session.heldOn = held!.description
            session.minutes = input.minutes!
            session.topic = topic
            try await session.create(on: tenant.db)
            audit.created("mentoringSession", id: session.id, ["heldOn": session.heldOn, "minutes": String(session.minutes), "topic": topic])
            return session
        }
    }

    static func refer(_ input: ReferralInput, on req: Request) async throws -> Referral {
        let viewer = try req.viewer
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let students = try await PeopleDirectory.connectedStudentIDs(of: viewer.personID, tenant: tenant)
        if input.studentId.map({ !students.contains($0) }) ?? true {
            errors.append(.reference(field: "studentId", message: "Choose one of your students."))
        }
        let to = input.referredTo?.nonEmpty ?? ""
        if to.isEmpty || to.count > 200 { errors.append(FieldError(field: "referredTo", message: "Say where you refer the student, e.g. an internship.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let referral = Referral()
            referral.districtID = tenant.districtID
            referral.mentorID = viewer.personID
            referral.studentID = input.studentId!
            referral.referredTo = to
            referral.note = input.note?.trimmed ?? ""
            try await referral.create(on: tenant.db)
            audit.created("referral", id: referral.id, ["studentID": input.studentId!.uuidString, "referredTo": to])
            return referral
        }
    }
}

/// Which teams and students a mentor reaches through team assignments.
enum MentorReach {
    static func teamIDs(of mentorID: UUID, tenant: Tenant) async throws -> Set<UUID> {
        Set(try await tenant.query(MentorAssignment.self).filter(\.$mentorID == mentorID).filter(\.$endsOn == nil).all().map(\.$team.id))
    }

    /// Students on the teams the person mentors whose seats have no end date. A seat given an
    /// end date (a rotation) leaves the mentor's reach at once rather than on that date, so no
    /// clock is needed here and reach errs on the side of less.
    static func studentIDs(of mentorID: UUID, tenant: Tenant) async throws -> [UUID] {
        let teams = try await teamIDs(of: mentorID, tenant: tenant)
        guard !teams.isEmpty else { return [] }
        return try await tenant.query(Membership.self).filter(\.$team.$id ~~ Array(teams)).filter(\.$endsOn == nil).all()
            .map(\.$student.id)
    }
}
