import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/teams/{id}`: roster, roles and what they ask, with forms to add a role and place a student.
enum TeamPage {
    static func render(_ req: Request, team: Team, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let today = req.today
        let roster = try await TeamRoster.load(team, tenant: tenant, today: today)
        let personIDs = roster.memberships.map(\.studentId) + (team.leadID.map { [$0] } ?? [])
        let people = try await tenant.query(Person.self).filter(\.$id ~~ personIDs).all()
        let names = Dictionary(try people.map { (try $0.requireID(), $0.fullName) }, uniquingKeysWith: { a, _ in a })
        let current = roster.memberships.filter { $0.endsOn.flatMap(CalendarDate.init(iso:)).map { today < $0 } ?? true }
        let past = roster.memberships.filter { !current.map(\.id).contains($0.id) }
        let canManage = viewer.can(.manageTeams)
        let students = canManage ? try await TeamForms.studentOptions(tenant: tenant) : []
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page(team.name, viewer: viewer, current: .teams, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .if(canManage, .p(.a(.href(SiteRoute.editTeam(try team.requireID()).path), .text("Edit the team")))),
            .p(.class("muted"), .text("\(team.discipline) · lead: \(team.leadID.flatMap { names[$0] } ?? "none") · \(current.count) of \(team.capacity) seats filled")),
            .h2(.text("Roster")),
            .if(current.isEmpty, .p(.text("No students on this team yet."))),
            .if(!current.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Student")), .th(.text("Role")), .th(.text("Since")), .th(.text("Wage")),
                           .if(canManage, .th(.text("Change"))))),
                .tbody(.forEach(current) { seat in
                    .tr(.td(.a(.href(SiteRoute.person(seat.studentId).path), .text(names[seat.studentId] ?? "—"))),
                        .td(.text(seat.role)), .td(.text(seat.startsOn)),
                        .td(.text(seat.hourlyWageCents.map { Money.format(cents: $0) + "/h" } ?? "—")),
                        .if(canManage, .td(.a(.href(SiteRoute.rotateMembership(seat.id).path),
                                              .ariaLabel("Rotate or end \(names[seat.studentId] ?? "")"), .text("Rotate or end")))))
                })))),
            .if(!past.isEmpty, .details(.summary(.text("Past members (\(past.count))")),
                .ul(.forEach(past) { .li(.text("\(names[$0.studentId] ?? "—"), \($0.role), \($0.startsOn) to \($0.endsOn ?? "")")) }))),
            try await req.application.teamSections.render(req, team),
            .h2(.text("Roles")),
            .ul(.forEach(roster.roles) { role in .li(.strong(.text(role.name)), .text(describe(role.requirement))) }),
            .if(canManage, .group(
                .section(.class("card"), .h2(.text("Place a student")),
                    .form(.method(.post), .action(SiteRoute.placeOnTeam(try team.requireID()).path), Layout.csrfField(viewer.csrfToken),
                        FormField.select("Student", name: "studentId", options: students, selected: nil, error: error("studentId")),
                        FormField.select("Role", name: "role", options: [(value: "", title: "Choose a role")]
                                            + roster.roles.map { (value: $0.name, title: $0.name) }, selected: nil, error: error("role")),
                        FormField.text("Starts on", name: "startsOn", value: today.description, type: .date, error: error("startsOn")),
                        FormField.text("Hourly wage ($)", name: "wage", value: "15.00", error: error("hourlyWageCents")),
                        .button(.type(.submit), .text("Place student")))),
                .section(.class("card"), .h2(.text("Add a role")),
                    .form(.method(.post), .action(SiteRoute.addTeamRole(try team.requireID()).path), Layout.csrfField(viewer.csrfToken),
                        FormField.text("Role name", name: "name", value: nil, error: error("name")),
                        FormField.text("Minimum age (optional)", name: "minimumAge", value: nil, type: .number, error: error("minimumAge")),
                        FormField.text("Required credential (optional)", name: "requiredCredential", value: nil),
                        FormField.checkbox("Barred for students under 16 (hazardous work)", name: "barredUnder16", checked: false),
                        .button(.type(.submit), .text("Add role"))))
            ))
        )
    }

    static func describe(_ requirement: RoleRequirement) -> String {
        var parts: [String] = []
        if let age = requirement.minimumAge { parts.append("\(age) or older") }
        if let credential = requirement.requiredCredential { parts.append("holds \(credential)") }
        if requirement.barredUnder16 { parts.append("not under 16") }
        return parts.isEmpty ? " — open to any student" : " — " + parts.joined(separator: ", ")
    }
}

extension Application {
    private struct TeamSectionsKey: StorageKey { typealias Value = PageSections<Team> }

    /// Sections features built on teams add to a team's page (its mentors, its engagements).
    var teamSections: PageSections<Team> {
        if let sections = storage[TeamSectionsKey.self] { return sections }
        let sections = PageSections<Team>()
        storage[TeamSectionsKey.self] = sections
        return sections
    }
}
