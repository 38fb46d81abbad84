import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The top of a student's home on their phone: the clock, this week's hours (team and
/// worksite together, as the law counts them) against the limit, what is due, and their
/// applications and placements.
enum StudentHome {
    static func section(_ viewer: Viewer, req: Request) async throws -> Node<HTML.BodyContext> {
        let tenant = try req.tenant
        let today = req.today
        let summary = try await TimeSummary.load(studentID: viewer.personID, req: req)
        let week = CalendarDate(iso: summary.weekStartsOn) ?? today
        let worksite = try await tenant.query(PlacementHours.self).filter(\.$studentID == viewer.personID).filter(\.$status != .rejected)
            .filter(\.$workDate >= week.description).filter(\.$workDate <= week.adding(days: 6).description).all()
        let worksiteMinutes = worksite.reduce(0) { $0 + ($1.status == .open ? TimeRules.minutes(from: $1.startsAt, to: req.now) : $1.minutes) }
        var limit = summary.weeklyLimitMinutes
        if limit == nil, let labor = try? await LaborCheck.load(studentID: viewer.personID, tenant: tenant) {
            limit = ChildLabor.weeklyLimit(on: today, context: labor.context)
        }
        let total = summary.weekMinutes + worksiteMinutes
        let placements = try await tenant.query(Placement.self).filter(\.$studentID == viewer.personID).filter(\.$status == .active).with(\.$opportunity).all()
        let clockedInAtWork = worksite.contains { $0.status == .open }
        let teams = try await TimeWriter.currentTeams(of: viewer.personID, on: today, tenant: tenant)
        let engagements = teams.isEmpty ? [] : try await tenant.query(Engagement.self).filter(\.$team.$id ~~ Array(teams)).all(\.$id)
        let due = engagements.isEmpty ? [] : try await tenant.query(Deliverable.self).filter(\.$engagement.$id ~~ engagements)
            .filter(\.$status ~~ [.planned, .revisionRequested]).filter(\.$dueOn <= today.adding(days: 14).description).sort(\.$dueOn).all()
        let applications = try await tenant.query(OpportunityApplication.self).filter(\.$studentID == viewer.personID)
            .filter(\.$status ~~ [.submitted, .waitlisted, .offered, .accepted]).with(\.$opportunity).sort(\.$createdAt).all()
        return .section(.class("card"), .h2(.text("This week")),
            .p(.strong(.text(ChildLabor.hours(total))), .text(limit.map { " of \(ChildLabor.hours($0)) allowed this week" } ?? " worked this week"),
               .if(worksiteMinutes > 0, .span(.class("muted"), .text(" (\(ChildLabor.hours(worksiteMinutes)) at your worksite)")))),
            .unwrap(limit) { Layout.meter(min(total, $0), max: $0, label: "Hours this week against the limit") },
            .if(!teams.isEmpty, .p(.a(.class("button\(summary.clockedIn ? " secondary" : "")"), .href(SiteRoute.time.path),
                                      .text(summary.clockedIn ? "Clocked in with your team: clock out" : "Team time: clock in or log hours")))),
            .forEach(placements) { placement in
                .form(.method(.post), .action(SiteRoute.placementStep(placement.id ?? UUID(), step: "clock").path), Layout.csrfField(viewer.csrfToken),
                      .button(.type(.submit), .class("big"), .text(clockedInAtWork ? "Clock out of \(placement.opportunity.title)" : "Clock in at \(placement.opportunity.title)")))
            },
            .if(!due.isEmpty, .group(.h3(.text("Due soon")), .ul(.forEach(due) { deliverable in
                .li(.a(.href(SiteRoute.engagement(deliverable.$engagement.id).path), .text(deliverable.title)), .text(" · due \(deliverable.dueOn)"))
            }))),
            .h3(.text("Your applications")),
            .if(applications.isEmpty, .p(.a(.href(SiteRoute.opportunities.path), .text("Browse internships, job shadows and career fairs")))),
            .ul(.forEach(applications) { application in
                .li(.a(.href(SiteRoute.opportunity(application.$opportunity.id).path), .text(application.opportunity.title)),
                    .text(" "), .span(.class("tag"), .text(application.status.title)))
            }))
    }
}
