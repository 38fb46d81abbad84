import Fluent
import PathworkDomain
import Plot
import Vapor

/// One service request: what the client asked, and for a coordinator the two ways to answer it.
enum TriagePage {
    /// The engagement terms as typed: money in dollars, budget in hours.
    struct EngagementForm: Content {
        var teamId: String?
        var title: String?
        var startsOn: String?
        var pricing: String?
        var rate: String?
        var fixedFee: String?
        var budgetHours: String?
        var billingIncrementMinutes: String?
        var poNumber: String?
        var firstVisitOn: String?
        var cadence: String?
        var visitCount: String?

        var input: EngagementInput {
            let pricing = pricing.flatMap(Pricing.init(rawValue:)) ?? .hourly
            var input = EngagementInput(teamId: teamId.flatMap(UUID.init(uuidString:)), title: title, startsOn: startsOn,
                                        pricing: pricing, hourlyRateCents: pricing == .hourly ? rate.flatMap(Money.cents(from:)) ?? 0 : 0,
                                        fixedFeeCents: pricing == .fixedFee ? fixedFee.flatMap(Money.cents(from:)) ?? 0 : nil,
                                        budgetMinutes: budgetHours?.nonEmpty.map { Int($0).map { $0 * 60 } ?? 0 },
                                        billingIncrementMinutes: billingIncrementMinutes?.nonEmpty.map { Int($0) ?? 0 },
                                        poNumber: poNumber)
            if firstVisitOn?.nonEmpty != nil || visitCount?.nonEmpty != nil {
                input.visits = VisitPlanInput(firstOn: firstVisitOn, cadence: cadence.flatMap(VisitSchedule.Cadence.init(rawValue:)),
                                              count: visitCount.flatMap { Int($0) })
            }
            return input
        }
    }

    static func render(_ req: Request, request: ServiceRequest, form: EngagementForm? = nil, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let client = try await tenant.find(Client.self, request.$client.id)
        let teams = try await tenant.query(Team.self).sort(\.$name).all()
        let form = form ?? EngagementForm(title: request.title, startsOn: req.today.description, rate: "45.00", billingIncrementMinutes: "15",
                                          cadence: "quarterly")
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let canTriage = viewer.can(.manageClients) && request.status == .submitted
        return Layout.page(request.title, viewer: viewer, current: .requests, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .div(.class("card"), .dl(.class("facts"),
                .dt(.text("Client")), .dd(.text(client.name)),
                .dt(.text("Status")), .dd(.text(request.status.title)),
                .dt(.text("What is wrong")), .dd(.text(request.details)),
                .dt(.text("Where")), .dd(.text(request.location.isEmpty ? "—" : request.location)),
                .dt(.text("Needed by")), .dd(.text(request.neededBy ?? "—")),
                .unwrap(request.declineReason) { .group(.dt(.text("Declined because")), .dd(.text($0))) },
                .unwrap(request.engagementID) { .group(.dt(.text("Engagement")), .dd(.a(.href(SiteRoute.engagement($0).path), .text("Open the engagement")))) })),
            .if(canTriage, .group(
                .section(.class("card"), .h2(.text("Turn it into an engagement")),
                    .form(.method(.post), .action(SiteRoute.acceptRequest(try request.requireID()).path), Layout.csrfField(viewer.csrfToken),
                        FormField.select("Team", name: "teamId", options: [(value: "", title: "Choose a team")]
                                            + (try teams.saved().map { (value: $0.id.uuidString, title: $0.name) }), selected: form.teamId, error: error("teamId")),
                        FormField.text("Title", name: "title", value: form.title, error: error("title")),
                        FormField.text("Starts on", name: "startsOn", value: form.startsOn, type: .date, error: error("startsOn")),
                        FormField.select("Pricing", name: "pricing", options: [(value: "hourly", title: "By the hour"), (value: "fixedFee", title: "Fixed fee")],
                                         selected: form.pricing ?? "hourly"),
                        FormField.text("Hourly rate ($)", name: "rate", value: form.rate, error: error("hourlyRateCents")),
                        FormField.text("Fixed fee ($, fixed-fee work)", name: "fixedFee", value: form.fixedFee, error: error("fixedFeeCents")),
                        FormField.text("Budget (hours, optional)", name: "budgetHours", value: form.budgetHours, type: .number, error: error("budgetMinutes")),
                        FormField.text("Billing increment (minutes)", name: "billingIncrementMinutes", value: form.billingIncrementMinutes,
                                       type: .number, error: error("billingIncrementMinutes")),
                        FormField.text("PO number (optional)", name: "poNumber", value: form.poNumber),
                        .fieldset(Layout.legend("Recurring check-ups (optional)"),
                            .unwrap(error("visits")) { .p(.class("error"), .text($0)) },
                            FormField.text("First visit", name: "firstVisitOn", value: form.firstVisitOn, type: .date),
                            FormField.select("Every", name: "cadence", options: VisitSchedule.Cadence.allCases.map { (value: $0.rawValue, title: $0.rawValue.capitalized) },
                                             selected: form.cadence),
                            FormField.text("Number of visits", name: "visitCount", value: form.visitCount, type: .number)),
                        .button(.type(.submit), .text("Propose engagement")))),
                .section(.class("card"), .h2(.text("Or decline it")),
                    .form(.method(.post), .action(SiteRoute.declineRequest(try request.requireID()).path), Layout.csrfField(viewer.csrfToken),
                        FormField.text("Reason the client will see", name: "reason", value: nil, error: error("reason")),
                        .button(.type(.submit), .class("danger"), .text("Decline request")))))),
            .p(.a(.href(SiteRoute.requests.path), .text("All requests"))))
    }
}
