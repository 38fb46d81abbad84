import Fluent
import PathworkDomain
import Plot
import Vapor

/// A student's teams and roles, current and past, on their profile (staff and the student).
enum TeamHistory {
    static func register(_ app: Application) {
        app.personSections.add { req, record in
            let viewer = try req.viewer
            guard record.roles.contains(.student),
                  Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID) else { return .empty }
            return try await section(studentID: record.id, tenant: req.tenant, today: req.today, linksTeams: viewer.can(.viewTeams))
        }
    }

    /// `linksTeams`: whether the viewer may open a team's page (staff may; a student sees names).
    static func section(studentID: UUID, tenant: Tenant, today: CalendarDate, linksTeams: Bool) async throws -> Node<HTML.BodyContext> {
        let seats = try await tenant.query(Membership.self).filter(\.$student.$id == studentID)
            .with(\.$team).with(\.$role).with(\.$wages).sort(\.$startsOn, .descending).all()
        return .section(.class("card"), .h2(.text("Teams and roles")),
            .if(seats.isEmpty, .p(.text("Not on a team yet."))),
            .ul(.forEach(seats) { seat in
                .li(linksTeams ? .a(.href(SiteRoute.team(seat.$team.id).path), .text(seat.team.name)) : .strong(.text(seat.team.name)),
                    .text(" — \(seat.role.name), from \(seat.startsOn)\(seat.endsOn.map { " to \($0)" } ?? " (current)")"),
                    .unwrap(seat.wages.history.hourlyCents(on: max(today, CalendarDate(iso: seat.startsOn) ?? today))) {
                        .span(.class("muted"), .text(" · \(Money.format(cents: $0))/h"))
                    })
            }))
    }
}
