import Fluent
import Foundation
import PathworkDomain
import Vapor

struct TeamInput: Content {
    var name: String?
    var discipline: String?
    var programId: UUID?
    var leadId: UUID?
    var capacity: Int?
}

struct TeamRoleInput: Content {
    var name: String?
    var minimumAge: Int?
    var requiredCredential: String?
    var barredUnder16: Bool?
}

struct MembershipInput: Content {
    var studentId: UUID?
    var role: String?
    var startsOn: String?
    var hourlyWageCents: Int?
}

struct TeamSnapshot: Codable {
    var name: String, discipline: String, programID: UUID?, leadID: UUID?, capacity: Int
    init(_ team: Team) {
        name = team.name; discipline = team.discipline; programID = team.$program.id; leadID = team.leadID; capacity = team.capacity
    }
}

struct TeamRoleSnapshot: Codable {
    var teamID: UUID, name: String, requirement: RoleRequirement
    init(_ role: TeamRole) { teamID = role.$team.id; name = role.name; requirement = role.requirement }
}

struct MembershipSnapshot: Codable {
    var teamID: UUID, studentID: UUID, roleID: UUID, startsOn: String, endsOn: String?
    init(_ m: Membership) { teamID = m.$team.id; studentID = m.$student.id; roleID = m.$role.id; startsOn = m.startsOn; endsOn = m.endsOn }
}

struct WageSnapshot: Codable {
    var membershipID: UUID, effectiveFrom: String, hourlyCents: Int
}

/// Creating teams and roles, placing students, rotating them and changing wages. Every rule is
/// checked before anything is written, and each change is one audited transaction.
enum TeamsWriter {
    static func createTeam(_ input: TeamInput, on req: Request) async throws -> Team {
        try await save(input, existing: nil, on: req)
    }

    /// Creates a team, or changes one: for a change, what the input leaves out keeps its value.
    static func save(_ patch: TeamInput, existing: Team?, on req: Request) async throws -> Team {
        let tenant = try req.tenant
        let input = TeamInput(name: patch.name ?? existing?.name, discipline: patch.discipline ?? existing?.discipline,
                              programId: patch.programId ?? existing?.$program.id, leadId: patch.leadId ?? existing?.leadID,
                              capacity: patch.capacity ?? existing?.capacity)
        var errors: [FieldError] = []
        let name = input.name?.nonEmpty ?? ""
        let discipline = input.discipline?.nonEmpty ?? ""
        let capacity = input.capacity ?? 12
        if name.isEmpty || name.count > 120 { errors.append(FieldError(field: "name", message: "Enter the team's name (up to 120 characters).")) }
        if discipline.isEmpty || discipline.count > 120 { errors.append(FieldError(field: "discipline", message: "Enter the team's discipline, e.g. aquatic robotics.")) }
        if !(1...500).contains(capacity) { errors.append(FieldError(field: "capacity", message: "Capacity must be from 1 to 500 students.")) }
        if !name.isEmpty, let other = try await tenant.query(Team.self).filter(\.$name == name).first(), other.id != existing?.id {
            errors.append(FieldError.duplicate(field: "name", message: "This district already has a team with that name."))
        }
        if let programID = input.programId, try await tenant.query(Program.self).filter(\.$id == programID).first() == nil {
            errors.append(.reference(field: "programId", message: "Choose a program of this district."))
        }
        if let leadID = input.leadId {
            let roles = try await tenant.roles(of: leadID)
            if !roles.contains(where: { $0 == .lead || $0 == .coordinator || $0 == .admin }) {
                errors.append(.reference(field: "leadId", message: "The lead must be a team lead, coordinator or admin of this district."))
            }
        }
        if let existing {
            let seated = try await tenant.query(Membership.self).filter(\.$team.$id == existing.requireID()).all().filter { $0.isOnRoster(on: req.today) }.count
            if capacity < seated { errors.append(FieldError(field: "capacity", message: "\(seated) students are on the team; capacity cannot be lower.", kind: .conflict)) }
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let team = existing ?? Team(districtID: tenant.districtID, programID: nil, name: name, discipline: discipline, leadID: nil, capacity: capacity)
            let before = existing.map(TeamSnapshot.init)
            team.name = name
            team.discipline = discipline
            team.$program.id = input.programId
            team.leadID = input.leadId
            team.capacity = capacity
            try await team.save(on: tenant.db)
            audit.record(before == nil ? "create" : "update", "team", id: team.id, before: before, after: TeamSnapshot(team))
            return team
        }
    }

    static func addRole(_ input: TeamRoleInput, to team: Team, on req: Request) async throws -> TeamRole {
        let name = input.name?.nonEmpty ?? ""
        var errors: [FieldError] = []
        if name.isEmpty || name.count > 80 { errors.append(FieldError(field: "name", message: "Enter the role's name (up to 80 characters).")) }
        if let age = input.minimumAge, !(14...21).contains(age) {
            errors.append(FieldError(field: "minimumAge", message: "A minimum age must be from 14 to 21."))
        }
        let teamID = try team.requireID()
        if !name.isEmpty, try await existingRole(named: name, team: teamID, tenant: req.tenant) != nil {
            errors.append(FieldError.duplicate(field: "name", message: "The team already has a role with that name."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let requirement = RoleRequirement(minimumAge: input.minimumAge, requiredCredential: input.requiredCredential?.nonEmpty,
                                          barredUnder16: input.barredUnder16 ?? false)
        return try await req.change { tenant, audit in
            let role = TeamRole(districtID: tenant.districtID, teamID: teamID, name: name, requirement: requirement)
            try await role.create(on: tenant.db)
            audit.created("teamRole", id: role.id, TeamRoleSnapshot(role))
            return role
        }
    }

    static func existingRole(named name: String, team teamID: UUID, tenant: Tenant) async throws -> TeamRole? {
        try await tenant.query(TeamRole.self).filter(\.$team.$id == teamID).all()
            .first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Places a student on a team. A role name the team does not use yet is added to it with no
    /// requirements, so integrations can place by role name alone.
    static func place(_ input: MembershipInput, on team: Team, req: Request, endingFirst: Membership? = nil) async throws -> Membership {
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let roleName = input.role?.nonEmpty ?? ""
        if roleName.isEmpty { errors.append(FieldError(field: "role", message: "Choose the student's role on the team.")) }
        let startsOn = CalendarDate(iso: input.startsOn ?? "")
        if startsOn == nil { errors.append(FieldError(field: "startsOn", message: "Enter the start date as YYYY-MM-DD.")) }
        let wage = input.hourlyWageCents ?? 0
        if !(1...100_000).contains(wage) { errors.append(FieldError(field: "hourlyWageCents", message: "Enter an hourly wage in cents, e.g. 1500 for $15.00.")) }
        var profile: StudentProfile?
        if let studentID = input.studentId {
            profile = try await tenant.query(StudentProfile.self).filter(\.$person.$id == studentID).first()
        }
        if profile == nil { errors.append(.reference(field: "studentId", message: "Choose a student of this district.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let start = startsOn!, studentID = input.studentId!, teamID = try team.requireID()
        let role = try await existingRole(named: roleName, team: teamID, tenant: tenant)

        let age = CalendarDate(iso: profile!.birthDate)?.age(on: start) ?? 0
        let held = try await HeldCredentials.titles(of: studentID, on: start, tenant: tenant)
        let refusals = role?.requirement.refusals(age: age, credentials: held) ?? []
        if !refusals.isEmpty {
            throw PathworkError(status: .unprocessableEntity, code: "team.role-requirement", reason: refusals.joined(separator: " "),
                                fieldErrors: refusals.map { FieldError(field: "role", message: $0) })
        }
        return try await req.change { tenant, audit in
            let capacity = try await tenant.fresh(team).capacity
            // Seats and capacity are counted inside the change: two placements at once cannot
            // both take the last seat or seat the same student twice.
            let current = try await tenant.query(Membership.self).filter(\.$team.$id == teamID).all().filter { $0.isCurrent(on: start) }
            let ending: Membership? = if let endingFirst { try await tenant.fresh(endingFirst) } else { nil }
            if let ending, ending.endsOn != nil {
                throw PathworkError.conflict("team.membership-ended", "This membership has ended already.")
            }
            if current.contains(where: { $0.$student.id == studentID && $0.id != ending?.id }) {
                throw PathworkError.conflict("team.already-member", "The student is already on this team on that date.", field: "studentId")
            }
            if current.filter({ $0.id != ending?.id }).count >= capacity {
                throw PathworkError.conflict("team.full", "The team is at its capacity of \(capacity) students on that date.", field: "studentId")
            }
            if let endingFirst = ending {
                let before = MembershipSnapshot(endingFirst)
                endingFirst.endsOn = start.description
                try await endingFirst.save(on: tenant.db)
                audit.updated("membership", id: endingFirst.id, from: before, to: MembershipSnapshot(endingFirst))
                audit.emit(.students([endingFirst.$student.id]))
            }
            // A role another placement just added under the same name is used, not added twice.
            let role = if let role { role } else { try await existingRole(named: roleName, team: teamID, tenant: tenant) }
            let seat = role ?? TeamRole(districtID: tenant.districtID, teamID: teamID, name: roleName, requirement: RoleRequirement())
            if role == nil {
                try await seat.create(on: tenant.db)
                audit.created("teamRole", id: seat.id, TeamRoleSnapshot(seat))
            }
            let membership = Membership(districtID: tenant.districtID, teamID: teamID, studentID: studentID, roleID: try seat.requireID(), startsOn: start)
            try await membership.create(on: tenant.db)
            let rate = MembershipWage(districtID: tenant.districtID, membershipID: try membership.requireID(), effectiveFrom: start, hourlyCents: wage)
            try await rate.create(on: tenant.db)
            audit.created("membership", id: membership.id, MembershipSnapshot(membership))
            audit.emit(.students([studentID]))
            audit.created("membershipWage", id: rate.id, WageSnapshot(membershipID: try membership.requireID(), effectiveFrom: rate.effectiveFrom, hourlyCents: wage))
            return membership
        }
    }

    /// Ends a seat on `endsOn` (the student's last day is the day before).
    static func end(_ loaded: Membership, on raw: String?, req: Request) async throws {
        guard let endsOn = CalendarDate(iso: raw ?? ""), let start = CalendarDate(iso: loaded.startsOn), endsOn > start else {
            throw PathworkError.invalid([.rule(field: "endsOn", message: "Enter an end date after the start (\(loaded.startsOn)).")])
        }
        let ended = PathworkError.conflict("team.membership-ended", "This membership has ended already.")
        guard loaded.endsOn == nil else { throw ended }
        try await req.change { tenant, audit in
            let membership = try await tenant.fresh(loaded)
            guard membership.endsOn == nil else { throw ended }
            let before = MembershipSnapshot(membership)
            membership.endsOn = endsOn.description
            try await membership.save(on: tenant.db)
            audit.updated("membership", id: membership.id, from: before, to: MembershipSnapshot(membership))
            audit.emit(.students([membership.$student.id]))
        }
    }

    static func changeWage(_ membership: Membership, to cents: Int?, from raw: String?, req: Request) async throws {
        let wages = try await req.tenant.query(MembershipWage.self).filter(\.$membership.$id == membership.requireID()).all()
        var history = wages.history
        guard let from = CalendarDate(iso: raw ?? "") else {
            throw PathworkError.invalid([FieldError(field: "effectiveFrom", message: "Enter the date the new wage starts as YYYY-MM-DD.")])
        }
        do {
            try history.change(to: cents ?? 0, from: from, today: req.today)
        } catch .backdated(let earliest) {
            throw PathworkError(status: .unprocessableEntity, code: "team.wage-backdated",
                                reason: "A wage change applies from \(earliest) or later; hours already worked keep their wage.",
                                fieldErrors: [FieldError(field: "effectiveFrom", message: "Choose \(earliest) or a later date.")])
        } catch .notPositive {
            throw PathworkError.invalid([FieldError(field: "hourlyWageCents", message: "Enter an hourly wage in cents above zero.")])
        }
        let membershipID = try membership.requireID()
        try await req.change { tenant, audit in
            let replaced = wages.first { $0.effectiveFrom == from.description }
            let rate = replaced ?? MembershipWage(districtID: tenant.districtID, membershipID: membershipID, effectiveFrom: from, hourlyCents: cents!)
            let before = replaced.map { WageSnapshot(membershipID: membershipID, effectiveFrom: $0.effectiveFrom, hourlyCents: $0.hourlyCents) }
            rate.hourlyCents = cents!
            try await rate.save(on: tenant.db)
            audit.record(replaced == nil ? "create" : "update", "membershipWage", id: rate.id, before: before,
                         after: WageSnapshot(membershipID: membershipID, effectiveFrom: rate.effectiveFrom, hourlyCents: cents!))
        }
    }
}
