import Fluent
import PathworkDomain
import Plot
import Vapor

/// The engagement as a clean page to print and sign: parties, scope, rates, schedule, signatures.
enum ContractPage {
    static func render(_ req: Request, engagement: Engagement) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let district = try await District.find(viewer.districtID, on: req.db)
        let client = try await tenant.find(Client.self, engagement.$client.id)
        let team = try await tenant.find(Team.self, engagement.$team.id)
        let visits = try await tenant.query(Visit.self).filter(\.$engagement.$id == engagement.requireID()).sort(\.$dueOn).all()
        let deliverables = try await tenant.query(Deliverable.self).filter(\.$engagement.$id == engagement.requireID()).sort(\.$dueOn).all()
        let rate = engagement.pricing == .fixedFee
            ? "A fixed fee of \(Money.format(cents: engagement.fixedFeeCents ?? 0))."
            : "\(Money.format(cents: engagement.hourlyRateCents)) per hour of student work, billed in \(engagement.billingIncrementMinutes)-minute increments."
        return Layout.page("Service agreement: \(engagement.title)", viewer: viewer, current: .engagements,
            .section(.class("contract"),
                .p(.text("Between \(district?.name ?? "the district") (\"the District\"), on behalf of its \(team.name) student team, and \(client.name)\(client.address.isEmpty ? "" : ", \(client.address)") (\"the Client\").")),
                .h2(.text("Scope of work")), .p(.text(engagement.scope.isEmpty ? engagement.title : engagement.scope)),
                .h2(.text("Term")), .p(.text("From \(engagement.startsOn)\(engagement.endsOn.map { " to \($0)" } ?? " until completed or cancelled by either party in writing").")),
                .h2(.text("Fees")), .p(.text(rate)),
                .unwrap(engagement.budgetMinutes) { .p(.text("Budget: \($0 / 60) hours\(engagement.stopAtBudget ? "; work stops when the budget is reached" : "").")) },
                .unwrap(engagement.budgetCents) { .p(.text("Budget: \(Money.format(cents: $0)).")) },
                .unwrap(engagement.poNumber) { .p(.text("Purchase order: \($0).")) },
                .if(!visits.isEmpty, .group(.h2(.text("Scheduled visits")), .ul(.forEach(visits) { .li(.text($0.dueOn)) }))),
                .if(!deliverables.isEmpty, .group(.h2(.text("Deliverables")),
                    .ul(.forEach(deliverables) { .li(.text("\($0.title) (\($0.kind)), due \($0.dueOn)")) }))),
                .p(.text("The work is done by students of the District under staff supervision. Students are minors; the Client receives their first names and last initials only.")),
                .div(.class("signatures"),
                    .div(.p(.text("For the Client")), .p(.class("line"), .text("Signature")), .p(.class("line"), .text("Name and title")), .p(.class("line"), .text("Date"))),
                    .div(.p(.text("For the District")), .p(.class("line"), .text("Signature")), .p(.class("line"), .text("Name and title")), .p(.class("line"), .text("Date"))))),
            .p(.class("no-print"), .a(.href(SiteRoute.engagement(try engagement.requireID()).path), .text("Back to the engagement"))))
    }
}
