import Fluent
import PathworkDomain
import Plot
import Vapor

/// The forms of the team pages and how their fields become writer inputs.
enum TeamForms {
    struct TeamForm: Content {
        var name: String?
        var discipline: String?
        var leadId: String?
        var capacity: String?
        var programId: String?

        var teamInput: TeamInput {
            TeamInput(name: name, discipline: discipline, programId: programId.flatMap(UUID.init(uuidString:)),
                      leadId: leadId.flatMap(UUID.init(uuidString:)), capacity: capacity.flatMap { Int($0) } ?? (capacity?.isEmpty == false ? 0 : nil))
        }
    }

    struct RoleForm: Content {
        var name: String?
        var minimumAge: String?
        var requiredCredential: String?
        var barredUnder16: String?

        var roleInput: TeamRoleInput {
            TeamRoleInput(name: name, minimumAge: minimumAge.flatMap { Int($0) }, requiredCredential: requiredCredential,
                          barredUnder16: barredUnder16 == "on")
        }
    }

    /// A seat as typed: the student by student number, the wage in dollars.
    struct SeatForm: Content {
        var studentId: String?
        var role: String?
        var startsOn: String?
        var wage: String?

        var membershipInput: MembershipInput {
            MembershipInput(studentId: studentId.flatMap(UUID.init(uuidString:)), role: role, startsOn: startsOn,
                            hourlyWageCents: wage.flatMap(Money.cents(from:)))
        }
    }

    static func newTeam(_ req: Request, input: TeamInput, errors: [FieldError] = [], editing: Team? = nil) async throws -> Page {
        let viewer = try req.viewer
        let leads = try await people(withRoles: [.lead, .coordinator], tenant: req.tenant)
        let programs = try await req.tenant.query(Program.self).sort(\.$name).all()
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let action = try editing.map { SiteRoute.editTeam(try $0.requireID()).path } ?? SiteRoute.teams.path
        return Layout.page(editing.map { "Edit \($0.name)" } ?? "Create a team", viewer: viewer, current: .teams, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.method(.post), .action(action), Layout.csrfField(viewer.csrfToken),
                FormField.text("Name", name: "name", value: input.name, required: true, error: error("name")),
                FormField.text("Discipline", name: "discipline", value: input.discipline, required: true, error: error("discipline")),
                FormField.select("Program", name: "programId",
                                 options: [(value: "", title: "No program")] + (try programs.saved().map { (value: $0.id.uuidString, title: $0.name) }),
                                 selected: input.programId?.uuidString, error: error("programId")),
                FormField.select("Lead", name: "leadId",
                                 options: [(value: "", title: "No lead yet")] + (try leads.saved().map { (value: $0.id.uuidString, title: $0.fullName) }),
                                 selected: input.leadId?.uuidString, error: error("leadId")),
                FormField.text("Capacity (students)", name: "capacity", value: String(input.capacity ?? 12), type: .number,
                               error: error("capacity")),
                .div(.class("actions"), .button(.type(.submit), .text(editing == nil ? "Create team" : "Save team")),
                     .a(.class("button secondary"), .href(SiteRoute.teams.path), .text("Cancel")))))
    }

    static func people(withRoles roles: Set<Role>, tenant: Tenant) async throws -> [Person] {
        let ids = try await tenant.query(RoleAssignment.self).filter(\.$role ~~ Array(roles)).all().map(\.$person.id)
        return try await tenant.query(Person.self).filter(\.$id ~~ Array(Set(ids))).filter(\.$disabledAt == nil)
            .sort(\.$familyName).all()
    }

    /// Students of the district for a seat form, by name and student number.
    static func studentOptions(tenant: Tenant) async throws -> [(value: String, title: String)] {
        let profiles = try await tenant.query(StudentProfile.self).with(\.$person).all()
            .filter { !$0.person.isDisabled }
            .sorted { ($0.person.familyName, $0.person.givenName) < ($1.person.familyName, $1.person.givenName) }
        return [(value: "", title: "Choose a student")]
            + profiles.map { (value: $0.$person.id.uuidString, title: "\($0.person.familyName), \($0.person.givenName) (\($0.studentNumber))") }
    }
}
