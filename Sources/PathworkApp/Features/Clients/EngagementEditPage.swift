import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/engagements/{id}/edit`: the coordinator changes the terms; the audit log keeps the old ones.
enum EngagementEditPage {
    struct Form: Content {
        var title: String?, scope: String?, startsOn: String?, endsOn: String?, rate: String?, fixedFee: String?
        var budgetHours: String?, billingIncrementMinutes: String?, poNumber: String?, stopAtBudget: String?

        init(_ e: Engagement) {
            title = e.title; scope = e.scope; startsOn = e.startsOn; endsOn = e.endsOn
            rate = Money.format(cents: e.hourlyRateCents).replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
            fixedFee = e.fixedFeeCents.map { Money.format(cents: $0).replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "") }
            budgetHours = e.budgetMinutes.map { String($0 / 60) }; billingIncrementMinutes = String(e.billingIncrementMinutes)
            poNumber = e.poNumber; stopAtBudget = e.stopAtBudget ? "on" : nil
        }

        /// Blank optional fields clear them; amounts that do not read as money become invalid values.
        func patch(pricing: Pricing) -> EngagementInput {
            EngagementInput(title: title ?? "", scope: scope ?? "", startsOn: startsOn ?? "", endsOn: endsOn ?? "",
                            hourlyRateCents: pricing == .hourly ? rate.flatMap(Money.cents(from:)) ?? 0 : nil,
                            fixedFeeCents: pricing == .fixedFee ? fixedFee.flatMap(Money.cents(from:)) ?? 0 : nil,
                            budgetMinutes: budgetHours?.nonEmpty.map { (Int($0) ?? 0) * 60 },
                            billingIncrementMinutes: Int(billingIncrementMinutes ?? "") ?? 0, stopAtBudget: stopAtBudget == "on",
                            poNumber: poNumber ?? "")
        }
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.editEngagement(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageClients)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            return try render(req, engagement: engagement, form: Form(engagement))
        }
        pages.post(SiteRoute.editEngagement(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            let form = try req.input(Form.self)
            var patch = form.patch(pricing: engagement.pricing)
            if patch.endsOn?.isEmpty == true { patch.endsOn = nil; engagement.endsOn = nil }
            if form.budgetHours?.nonEmpty == nil { engagement.budgetMinutes = nil }
            do {
                try await EngagementsWriter.update(engagement, with: patch, on: req)
                return req.redirect(to: SiteRoute.engagement(try engagement.requireID()).path(query: [("notice", "The terms were saved.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await render(req, engagement: engagement, form: form, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
    }

    static func render(_ req: Request, engagement: Engagement, form: Form, errors: [FieldError] = []) throws -> Page {
        let viewer = try req.viewer
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Edit \(engagement.title)", viewer: viewer, current: .engagements, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.method(.post), .action(SiteRoute.editEngagement(try engagement.requireID()).path), Layout.csrfField(viewer.csrfToken),
                FormField.text("Title", name: "title", value: form.title, error: error("title")),
                FormField.text("Scope", name: "scope", value: form.scope),
                FormField.text("Starts on", name: "startsOn", value: form.startsOn, type: .date, error: error("startsOn")),
                FormField.text("Ends on (optional)", name: "endsOn", value: form.endsOn, type: .date, error: error("endsOn")),
                engagement.pricing == .hourly
                    ? FormField.text("Hourly rate ($)", name: "rate", value: form.rate, error: error("hourlyRateCents"))
                    : FormField.text("Fixed fee ($)", name: "fixedFee", value: form.fixedFee, error: error("fixedFeeCents")),
                FormField.text("Budget (hours, optional)", name: "budgetHours", value: form.budgetHours, type: .number, error: error("budgetMinutes")),
                FormField.text("Billing increment (minutes)", name: "billingIncrementMinutes", value: form.billingIncrementMinutes, type: .number,
                               error: error("billingIncrementMinutes")),
                FormField.checkbox("Stop billable work when the budget is reached", name: "stopAtBudget", checked: form.stopAtBudget == "on"),
                FormField.text("PO number", name: "poNumber", value: form.poNumber),
                .div(.class("actions"), .button(.type(.submit), .text("Save terms")),
                     .a(.class("button secondary"), .href(SiteRoute.engagement(try engagement.requireID()).path), .text("Cancel")))))
    }
}
