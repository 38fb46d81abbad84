import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/memberships/{id}/rotate`: move a student to another team and role from a date, or end the
/// seat. The old seat ends the day the new one starts, in one change.
enum RotationPages {
    struct RotationForm: Content {
        var teamId: String?
        var role: String?
        var startsOn: String?
        var wage: String?
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.rotateMembership(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageTeams)
            let membership = try await req.tenant.find(Membership.self, req.parameters.get("membershipID"))
            return try await render(req, membership: membership, form: RotationForm(startsOn: req.today.description, wage: nil))
        }
        pages.post(SiteRoute.rotateMembership(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let membership = try await req.tenant.find(Membership.self, req.parameters.get("membershipID"))
            let form = try req.input(RotationForm.self)
            guard membership.endsOn == nil else { throw PathworkError.conflict("team.membership-ended", "This membership has ended already.") }
            do {
                let target = try await req.tenant.find(Team.self, form.teamId)
                let input = MembershipInput(studentId: membership.$student.id, role: form.role, startsOn: form.startsOn,
                                            hourlyWageCents: form.wage.flatMap(Money.cents(from:)))
                if let start = CalendarDate(iso: form.startsOn ?? ""), let from = CalendarDate(iso: membership.startsOn), start <= from {
                    throw PathworkError.invalid([FieldError(field: "startsOn", message: "Rotate on a date after the current seat began (\(membership.startsOn)).")])
                }
                _ = try await TeamsWriter.place(input, on: target, req: req, endingFirst: membership)
                return req.redirect(to: SiteRoute.team(try target.requireID()).path(query: [("notice", "The student moved to \(target.name).")]))
            } catch let error as PathworkError where error.status != .notFound {
                let errors = error.fieldErrors.isEmpty ? [FieldError(field: "teamId", message: error.reason)] : error.fieldErrors
                return try await render(req, membership: membership, form: form, errors: errors).encodeResponse(for: req)
            }
        }
    }

    static func render(_ req: Request, membership: Membership, form: RotationForm, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let student = try await tenant.find(Person.self, membership.$student.id)
        let team = try await tenant.find(Team.self, membership.$team.id)
        let teams = try await tenant.query(Team.self).sort(\.$name).all()
        let roles = try await tenant.query(TeamRole.self).sort(\.$name).all()
        let roleNames = Array(Set(roles.map(\.name))).sorted()
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Rotate \(student.fullName)", viewer: viewer, current: .teams, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .p(.text("Now on \(team.name) since \(membership.startsOn).")),
            .section(.class("card"), .h2(.text("Move to another team")),
                .form(.method(.post), .action(SiteRoute.rotateMembership(try membership.requireID()).path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Team", name: "teamId", options: [(value: "", title: "Choose a team")]
                                        + (try teams.filter { $0.id != team.id }.map { (value: try $0.requireID().uuidString, title: $0.name) }),
                                     selected: form.teamId, error: error("teamId")),
                    FormField.select("Role", name: "role", options: [(value: "", title: "Choose a role")] + roleNames.map { (value: $0, title: $0) },
                                     selected: form.role, error: error("role")),
                    FormField.text("From", name: "startsOn", value: form.startsOn, type: .date, error: error("startsOn")),
                    FormField.text("Hourly wage ($)", name: "wage", value: form.wage ?? "15.00", error: error("hourlyWageCents")),
                    .button(.type(.submit), .text("Rotate")))),
            .section(.class("card"), .h2(.text("Or leave the team")),
                .form(.method(.post), .action(SiteRoute.endMembership(try membership.requireID()).path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("From", name: "endsOn", value: req.today.description, type: .date),
                    .button(.type(.submit), .class("danger"), .text("End membership")))),
            .p(.a(.href(SiteRoute.team(try team.requireID()).path), .text("Back to \(team.name)"))))
    }
}
