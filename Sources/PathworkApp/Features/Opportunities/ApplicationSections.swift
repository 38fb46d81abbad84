import Foundation
import PathworkDomain
import Plot

/// The application parts of an opportunity's page: the student's own (apply, answer an offer,
/// withdraw) and the reviewers' list with the moves each application has open.
enum ApplicationSections {
    static func noun(for application: OpportunityApplication, viewer: Viewer) -> String {
        application.studentID == viewer.personID ? "Your application:" : "Application"
    }

    /// A one-button form posting an application's move.
    static func button(_ action: ApplicationAction, _ id: UUID, viewer: Viewer, title: String, secondary: Bool = false) -> Node<HTML.BodyContext> {
        .form(.class("inline"), .method(.post), .action(SiteRoute.applicationStep(id, step: action.rawValue).path), Layout.csrfField(viewer.csrfToken),
              .button(.type(.submit), .if(secondary, .class("secondary")), .text(title)))
    }

    static func student(_ opportunity: Opportunity, application: OpportunityApplication?, reasons: [String], viewer: Viewer, errors: [FieldError]) -> Node<HTML.BodyContext> {
        if let application, application.status != .withdrawn, let id = application.id {
            let answer: Node<HTML.BodyContext> = switch application.status {
            case .offered: .group(.p(.strong(.text("You are offered a seat."))), button(.accept, id, viewer: viewer, title: "Accept the offer"), .text(" "),
                                  button(.decline, id, viewer: viewer, title: "Decline", secondary: true))
            case .submitted, .waitlisted, .accepted: button(.withdraw, id, viewer: viewer, title: "Withdraw my application", secondary: true)
            default: .empty
            }
            return .section(.class("card"), .h2(.text("Your application")), .p(.span(.class("tag"), .text(application.status.title))),
                            .p(.text(application.answer)), .div(.class("actions"), answer))
        }
        if !reasons.isEmpty {
            return .section(.class("card"), .h2(.text("You cannot apply yet")), .ul(.forEach(reasons) { .li(.text($0)) }))
        }
        guard opportunity.status == .published, let id = opportunity.id else { return .empty }
        return .section(.class("card"), .h2(.text("Apply")),
            .form(.method(.post), .action(SiteRoute.opportunityStep(id, step: "apply").path), Layout.csrfField(viewer.csrfToken),
                FormField.textarea("Why do you want to take part?", name: "answer", value: nil, rows: 4, error: errors.first { $0.field == "answer" }?.message),
                .p(.class("muted"), .text("Your portfolio goes with your application.")),
                .button(.type(.submit), .text("Send application"))))
    }

    static func review(_ applications: [ReviewedApplicationJSON], opportunity: Opportunity, viewer: Viewer) -> Node<HTML.BodyContext> {
        let held = applications.filter(\.status.holdsSeat).count
        return .section(
            .h2(.text("Applications (\(applications.count))")),
            .p(.class("muted"), .text("\(held) of \(opportunity.seats) seats offered or accepted. An offer with every seat held joins the waitlist; a seat freed goes to the longest-waiting student."
                + (viewer.isStaff ? "" : " You see first names and last initials; the district records each time you open this list."))),
            .if(applications.isEmpty, .p(.text("No applications yet."))),
            .ul(.class("log"), .forEach(applications) { application in
                .li(.a(.href(SiteRoute.person(application.studentId).path), .text(application.studentName)),
                    .text(" "), .span(.class("tag"), .text(application.status.title)),
                    .p(.text(application.answer)),
                    .div(.class("actions"),
                        .a(.href(SiteRoute.applicationStep(application.id, step: "portfolio").path), .text("Portfolio")),
                        .if(application.status == .accepted && opportunity.kind.isPlacement && viewer.can(.manageClients),
                            .group(.text(" "), .form(.class("inline"), .method(.post), .action(SiteRoute.applicationStep(application.id, step: "place").path),
                                                     Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .text("Place at the worksite"))))),
                        .if(application.status == .submitted || application.status == .waitlisted,
                            .group(.text(" "), button(.offer, application.id, viewer: viewer, title: "Offer a seat"),
                                   .if(application.status == .submitted, .group(.text(" "), button(.waitlist, application.id, viewer: viewer, title: "Waitlist", secondary: true))),
                                   .text(" "), button(.pass, application.id, viewer: viewer, title: "Not selected", secondary: true)))))
            }))
    }
}
