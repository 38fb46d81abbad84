import Fluent
import Foundation
import PathworkDomain
import Vapor

struct TeamRoleJSON: Content {
    var id: UUID
    var name: String
    var minimumAge: Int?
    var requiredCredential: String?
    var barredUnder16: Bool

    init(_ role: TeamRole) throws {
        id = try role.requireID(); name = role.name; minimumAge = role.minimumAge
        requiredCredential = role.requiredCredential; barredUnder16 = role.barredUnder16
    }
}

struct MembershipJSON: Content {
    var id: UUID
    var teamId: UUID
    var studentId: UUID
    var role: String
    var startsOn: String
    var endsOn: String?
    var hourlyWageCents: Int?
    var wages: [Wage]

    struct Wage: Content {
        var effectiveFrom: String
        var hourlyCents: Int
    }

    init(_ membership: Membership, role: TeamRole?, wages: [MembershipWage], today: CalendarDate) throws {
        id = try membership.requireID(); teamId = membership.$team.id; studentId = membership.$student.id
        self.role = role?.name ?? ""; startsOn = membership.startsOn; endsOn = membership.endsOn
        let history = wages.history
        hourlyWageCents = history.hourlyCents(on: max(today, CalendarDate(iso: membership.startsOn) ?? today))
        self.wages = history.rates.map { Wage(effectiveFrom: $0.effectiveFrom.description, hourlyCents: $0.hourlyCents) }
    }
}

struct TeamJSON: Content {
    var id: UUID
    var name: String
    var discipline: String
    var programId: UUID?
    var leadId: UUID?
    var capacity: Int
    var roles: [TeamRoleJSON]?
    var memberships: [MembershipJSON]?

    init(_ team: Team, roles: [TeamRole]? = nil, memberships: [MembershipJSON]? = nil) throws {
        id = try team.requireID(); name = team.name; discipline = team.discipline; programId = team.$program.id
        leadId = team.leadID; capacity = team.capacity
        self.roles = try roles?.map(TeamRoleJSON.init); self.memberships = memberships
    }

    static let schema = Schema.object([
        ("id", .string(format: "uuid")), ("name", .string()), ("discipline", .string()),
        ("programId", .string(format: "uuid")), ("leadId", .string(format: "uuid")), ("capacity", .integer()),
        ("roles", .array(.ref("TeamRole"))), ("memberships", .array(.ref("Membership"))),
    ], required: ["id", "name", "discipline", "capacity"])
}

/// Reading a team with its roles and roster.
enum TeamRoster {
    static func load(_ team: Team, tenant: Tenant, today: CalendarDate) async throws -> (roles: [TeamRole], memberships: [MembershipJSON]) {
        let roles = try await tenant.query(TeamRole.self).filter(\.$team.$id == team.requireID()).sort(\.$name).all()
        let memberships = try await tenant.query(Membership.self).filter(\.$team.$id == team.requireID()).with(\.$wages).sort(\.$startsOn).all()
        let roleByID = Dictionary(try roles.map { (try $0.requireID(), $0) }, uniquingKeysWith: { a, _ in a })
        return (roles, try memberships.map { try MembershipJSON($0, role: roleByID[$0.$role.id], wages: $0.wages, today: today) })
    }
}

enum TeamsAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("Team", TeamJSON.schema)
        registry.define("TeamRole", .object([("id", .string(format: "uuid")), ("name", .string()), ("minimumAge", .integer()),
                                             ("requiredCredential", .string()), ("barredUnder16", .boolean)],
                                            required: ["id", "name", "barredUnder16"]))
        registry.define("Membership", .object([
            ("id", .string(format: "uuid")), ("teamId", .string(format: "uuid")), ("studentId", .string(format: "uuid")),
            ("role", .string()), ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")),
            ("hourlyWageCents", .integer()),
            ("wages", .array(.object([("effectiveFrom", .string(format: "date")), ("hourlyCents", .integer())], required: ["effectiveFrom", "hourlyCents"]))),
        ], required: ["id", "teamId", "studentId", "role", "startsOn", "wages"]))

        api.endpoint(APIOperation(method: .GET, path: ["teams"], summary: "The district's teams", tag: "Teams",
                                  response: .array(.ref("Team"))), registry: registry) { req in
            try req.viewer.require(.viewTeams)
            return try await req.tenant.query(Team.self).sort(\.$name).all().map { try TeamJSON($0) }
        }
        api.endpoint(APIOperation(method: .POST, path: ["teams"], summary: "Create a team", tag: "Teams",
                                  body: .object([("name", .words(maxLength: 120)), ("discipline", .words(maxLength: 120)),
                                                 ("programId", .string(format: "uuid")), ("leadId", .string(format: "uuid")),
                                                 ("capacity", .bounded(minimum: 1, maximum: 500))],
                                                required: ["name", "discipline"]),
                                  response: .ref("Team"), success: .created), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let team = try await TeamsWriter.createTeam(try req.input(TeamInput.self), on: req)
            return try await TeamJSON(team, roles: [], memberships: []).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["teams", ":teamID"], summary: "Change a team's name, discipline, program, lead or capacity",
                                  tag: "Teams", body: .object([("name", .words(maxLength: 120)), ("discipline", .words(maxLength: 120)),
                                                               ("programId", .string(format: "uuid")), ("leadId", .string(format: "uuid")),
                                                               ("capacity", .bounded(minimum: 1, maximum: 500))], required: []),
                                  response: .ref("Team")), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            return try TeamJSON(try await TeamsWriter.save(try req.input(TeamInput.self), existing: team, on: req))
        }
        api.endpoint(APIOperation(method: .GET, path: ["teams", ":teamID"], summary: "A team with its roles and roster", tag: "Teams",
                                  response: .ref("Team")), registry: registry) { req in
            try req.viewer.require(.viewTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let roster = try await TeamRoster.load(team, tenant: req.tenant, today: req.today)
            return try TeamJSON(team, roles: roster.roles, memberships: roster.memberships)
        }
        api.endpoint(APIOperation(method: .POST, path: ["teams", ":teamID", "roles"], summary: "Add a role the team uses", tag: "Teams",
                                  body: .object([("name", .words(maxLength: 80)), ("minimumAge", .bounded(minimum: 14, maximum: 21)),
                                                 ("requiredCredential", .text(minLength: 0, maxLength: 160)), ("barredUnder16", .boolean)], required: ["name"]),
                                  response: .ref("TeamRole"), success: .created), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let role = try await TeamsWriter.addRole(try req.input(TeamRoleInput.self), to: team, on: req)
            return try await TeamRoleJSON(role).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["teams", ":teamID", "memberships"], summary: "Place a student on the team", tag: "Teams",
                                  body: .object([("studentId", .string(format: "uuid")), ("role", .words(maxLength: 80)),
                                                 ("startsOn", .string(format: "date")), ("hourlyWageCents", .bounded(minimum: 1, maximum: 100_000))],
                                                required: ["studentId", "role", "startsOn", "hourlyWageCents"]),
                                  response: .ref("Membership"), success: .created,
                                  rules: [OperationRule(code: "team.role-requirement", says: "the student meets the role's minimum age and required credential on startsOn")]), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let membership = try await TeamsWriter.place(try req.input(MembershipInput.self), on: team, req: req)
            return try await membershipJSON(membership.requireID(), req: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["memberships", ":membershipID", "end"], summary: "Take a student off a team from a date",
                                  tag: "Teams", body: .object([("endsOn", .string(format: "date"))], required: ["endsOn"]),
                                  response: .ref("Membership"), rules: [.rule("endsOn is after the seat's start")]), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let membership = try await req.tenant.find(Membership.self, req.parameters.get("membershipID"))
            try await TeamsWriter.end(membership, on: try req.field(String.self, at: "endsOn"), req: req)
            return try await membershipJSON(membership.requireID(), req: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["memberships", ":membershipID", "wages"], summary: "Change a wage from a date forward",
                                  tag: "Teams", body: .object([("hourlyWageCents", .bounded(minimum: 1, maximum: 100_000)), ("effectiveFrom", .string(format: "date"))],
                                                              required: ["hourlyWageCents", "effectiveFrom"]),
                                  response: .ref("Membership"),
                                  rules: [OperationRule(code: "team.wage-backdated", says: "effectiveFrom is not before hours already worked or today")]), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let membership = try await req.tenant.find(Membership.self, req.parameters.get("membershipID"))
            try await TeamsWriter.changeWage(membership, to: try req.field(Int.self, at: "hourlyWageCents"),
                                             from: try req.field(String.self, at: "effectiveFrom"), req: req)
            return try await membershipJSON(membership.requireID(), req: req)
        }
    }

    static func membershipJSON(_ id: UUID, req: Request) async throws -> MembershipJSON {
        let tenant = try req.tenant
        let membership = try await tenant.find(Membership.self, id)
        let wages = try await tenant.query(MembershipWage.self).filter(\.$membership.$id == id).all()
        let role = try await tenant.query(TeamRole.self).filter(\.$id == membership.$role.id).first()
        return try MembershipJSON(membership, role: role, wages: wages, today: req.today)
    }
}
