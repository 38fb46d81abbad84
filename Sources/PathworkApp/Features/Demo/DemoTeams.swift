import Fluent
import Foundation
import PathworkDomain

/// The demo's project teams, after the St. Vrain Innovation Center: each with the roles it uses
/// and students on it, including one student's rotation between teams.
enum DemoTeams {
    struct Plan {
        let name: String
        let discipline: String
        let roles: [(String, RoleRequirement)]
    }

    static let plans: [Plan] = [
        Plan(name: "Aquatic Robotics", discipline: "underwater robotics and water-quality inspection",
             roles: [("ROV pilot", RoleRequirement()), ("Data analyst", RoleRequirement()),
                     ("Equipment maintenance", RoleRequirement(barredUnder16: true))]),
        Plan(name: "Drone Shows", discipline: "drone light shows and aerial imaging",
             roles: [("Pilot", RoleRequirement(minimumAge: 16, requiredCredential: "FAA Part 107 Remote Pilot")),
                     ("Animation design", RoleRequirement()), ("Marketing", RoleRequirement())]),
        Plan(name: "Cybersecurity", discipline: "security assessments and cyber-awareness classes",
             roles: [("Analyst", RoleRequirement()), ("Instructor", RoleRequirement(minimumAge: 16)), ("Marketing", RoleRequirement())]),
        Plan(name: "AI Development", discipline: "machine learning and software for clients",
             roles: [("Developer", RoleRequirement()), ("Data analyst", RoleRequirement())]),
        Plan(name: "Web Studio", discipline: "websites for local organizations",
             roles: [("Designer", RoleRequirement()), ("Developer", RoleRequirement())]),
        Plan(name: "Video Production", discipline: "video for clients and events",
             roles: [("Editor", RoleRequirement()), ("Camera operator", RoleRequirement())]),
    ]

    static func seed(tenant: Tenant, audit: AuditRecorder, leadID: UUID, coordinatorID: UUID, calendar: SchoolCalendar,
                     named: [String: UUID], students: [UUID]) async throws {
        let program = Program(districtID: tenant.districtID, name: "Innovation Center project teams",
                              summary: "Paid, mentored work for real clients after school.")
        try await program.create(on: tenant.db)
        let start = calendar.startsOn.adding(days: 14)
        var studentIndex = 0
        for (index, plan) in plans.enumerated() {
            let team = Team(districtID: tenant.districtID, programID: program.id, name: plan.name, discipline: plan.discipline,
                            leadID: index % 2 == 0 ? leadID : coordinatorID, capacity: 12)
            try await team.create(on: tenant.db)
            audit.created("team", id: team.id, TeamSnapshot(team))
            var roles: [TeamRole] = []
            for (name, requirement) in plan.roles {
                let role = TeamRole(districtID: tenant.districtID, teamID: team.id!, name: name, requirement: requirement)
                try await role.create(on: tenant.db)
                audit.created("teamRole", id: role.id, TeamRoleSnapshot(role))
                roles.append(role)
            }
            // Roles anyone may hold, so every placement meets its requirements.
            let open = roles.filter { $0.requirement == RoleRequirement() }
            for seat in 0..<7 {
                try await place(students[studentIndex], team: team, role: open[seat % open.count], from: start,
                                cents: 1500 + 50 * (seat % 3), tenant: tenant, audit: audit)
                studentIndex += 1
            }
            switch plan.name {
            case "Cybersecurity":
                try await place(named["student15@demo.test"]!, team: team, role: roles[0], from: start, cents: 1500, tenant: tenant, audit: audit)
            case "AI Development":
                let past = try await place(named["student17@demo.test"]!, team: team, role: roles[0], from: start, cents: 1600,
                                           tenant: tenant, audit: audit)
                past.endsOn = start.adding(days: 42).description
                try await past.save(on: tenant.db)
            case "Drone Shows":
                try await place(named["student17@demo.test"]!, team: team, role: roles[0], from: start.adding(days: 42), cents: 1650,
                                tenant: tenant, audit: audit)
            default: break
            }
        }
    }

    @discardableResult
    private static func place(_ studentID: UUID, team: Team, role: TeamRole, from: CalendarDate, cents: Int,
                              tenant: Tenant, audit: AuditRecorder) async throws -> Membership {
        let membership = Membership(districtID: tenant.districtID, teamID: team.id!, studentID: studentID, roleID: role.id!, startsOn: from)
        try await membership.create(on: tenant.db)
        try await MembershipWage(districtID: tenant.districtID, membershipID: membership.id!, effectiveFrom: from, hourlyCents: cents)
            .create(on: tenant.db)
        audit.created("membership", id: membership.id, MembershipSnapshot(membership))
        return membership
    }
}
