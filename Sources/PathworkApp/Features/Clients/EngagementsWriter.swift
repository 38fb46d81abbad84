import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Clients, their contacts and engagements: validated in full, then written in one audited change.
enum EngagementsWriter {
    static func createClient(_ input: ClientInput, on req: Request) async throws -> Client {
        let name = input.name?.nonEmpty ?? ""
        var errors: [FieldError] = []
        if name.isEmpty || name.count > 160 { errors.append(FieldError(field: "name", message: "Enter the client's name (up to 160 characters).")) }
        if !name.isEmpty, try await req.tenant.query(Client.self).filter(\.$name == name).first() != nil {
            errors.append(FieldError.duplicate(field: "name", message: "This district already has a client with that name."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let client = Client(districtID: tenant.districtID, name: name, sector: input.sector?.nonEmpty ?? "",
                                address: input.address?.nonEmpty ?? "")
            try await client.create(on: tenant.db)
            audit.created("client", id: client.id, try ClientJSON(client))
            return client
        }
    }

    static let rules: [OperationRule] = [.rule("endsOn is on or after startsOn"), .rule("hourly pricing has hourlyRateCents, a fixed fee fixedFeeCents")]

    /// Checks an engagement proposal; returns the dates and visit plan it implies.
    static func validate(_ input: EngagementInput, tenant: Tenant) async throws -> (CalendarDate, CalendarDate?, VisitSchedule?) {
        var errors: [FieldError] = []
        func add(_ field: String, _ message: String, _ kind: FieldError.Kind = .value) { errors.append(FieldError(field: field, message: message, kind: kind)) }
        if let id = input.clientId {
            if try await tenant.query(Client.self).filter(\.$id == id).first() == nil { add("clientId", "Choose a client of this district.", .reference) }
        } else { add("clientId", "Choose the client.") }
        if let id = input.teamId {
            if try await tenant.query(Team.self).filter(\.$id == id).first() == nil { add("teamId", "Choose a team of this district.", .reference) }
        } else { add("teamId", "Choose the team that does the work.") }
        let title = input.title?.nonEmpty ?? ""
        if title.isEmpty || title.count > 200 { add("title", "Enter a title (up to 200 characters).") }
        let start = CalendarDate(iso: input.startsOn ?? "")
        if start == nil { add("startsOn", "Enter the start date as YYYY-MM-DD.") }
        var end: CalendarDate?
        if let raw = input.endsOn?.nonEmpty {
            end = CalendarDate(iso: raw)
            if end == nil { add("endsOn", "Enter an end date as YYYY-MM-DD.") }
            else if let start, end! < start { add("endsOn", "Enter an end date on or after the start.", .rule) }
        }
        // A rule, not a bad value: the schema bounds a rate the body sends, so what fails here is
        // pricing without its amount, such as a change to hourly pricing of a fixed-fee engagement.
        let pricing = input.pricing ?? .hourly
        if pricing == .hourly, !(1...1_000_000).contains(input.hourlyRateCents ?? 0) {
            add("hourlyRateCents", "Enter the hourly rate in cents, e.g. 4500 for $45.00.", .rule)
        }
        if pricing == .fixedFee, !(1...100_000_000).contains(input.fixedFeeCents ?? 0) {
            add("fixedFeeCents", "Enter the fixed fee in cents.", .rule)
        }
        if let increment = input.billingIncrementMinutes, !(1...60).contains(increment) {
            add("billingIncrementMinutes", "The billing increment must be from 1 to 60 minutes.")
        }
        if let minutes = input.budgetMinutes, minutes <= 0 { add("budgetMinutes", "A budget in minutes must be above zero.") }
        if let cents = input.budgetCents, cents <= 0 { add("budgetCents", "A budget in cents must be above zero.") }
        var schedule: VisitSchedule?
        if let plan = input.visits {
            if let first = CalendarDate(iso: plan.firstOn ?? ""), let cadence = plan.cadence, let count = plan.count,
               (1...VisitSchedule.maximumVisits).contains(count) {
                schedule = VisitSchedule(firstOn: first, cadence: cadence, count: count)
            } else {
                add("visits", "Give the first visit date, a cadence (weekly, monthly, quarterly, yearly) and 1 to \(VisitSchedule.maximumVisits) visits.")
            }
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return (start!, end, schedule)
    }

    /// Writes a validated engagement and its visits; callers hold the transaction.
    static func insert(_ input: EngagementInput, dates: (CalendarDate, CalendarDate?, VisitSchedule?), requestID: UUID?,
                       tenant: Tenant, audit: AuditRecorder) async throws -> Engagement {
        let engagement = Engagement()
        engagement.districtID = tenant.districtID
        engagement.$client.id = input.clientId!
        engagement.requestID = requestID
        engagement.status = .proposed
        apply(input, dates: dates, to: engagement)
        try await engagement.create(on: tenant.db)
        audit.created("engagement", id: engagement.id, EngagementSnapshot(engagement))
        try await schedule(dates.2, for: engagement, tenant: tenant, audit: audit)
        return engagement
    }

    /// The terms a validated input sets, shared by creating and changing an engagement.
    private static func apply(_ input: EngagementInput, dates: (CalendarDate, CalendarDate?, VisitSchedule?), to engagement: Engagement) {
        engagement.$team.id = input.teamId!
        engagement.title = input.title!.trimmed
        engagement.scope = input.scope?.trimmed ?? ""
        engagement.startsOn = dates.0.description
        engagement.endsOn = dates.1?.description
        engagement.pricing = input.pricing ?? .hourly
        engagement.hourlyRateCents = input.hourlyRateCents ?? 0
        engagement.fixedFeeCents = input.fixedFeeCents
        engagement.budgetMinutes = input.budgetMinutes
        engagement.budgetCents = input.budgetCents
        engagement.billingIncrementMinutes = input.billingIncrementMinutes ?? 1
        engagement.stopAtBudget = input.stopAtBudget ?? false
        engagement.poNumber = input.poNumber?.nonEmpty
    }

    static func schedule(_ plan: VisitSchedule?, for engagement: Engagement, tenant: Tenant, audit: AuditRecorder) async throws {
        for date in plan?.dates ?? [] {
            let visit = Visit(districtID: tenant.districtID, engagementID: try engagement.requireID(), dueOn: date)
            try await visit.create(on: tenant.db)
            audit.created("visit", id: visit.id, try VisitJSON(visit))
        }
    }

    static func create(_ input: EngagementInput, on req: Request) async throws -> Engagement {
        let dates = try await validate(input, tenant: try req.tenant)
        return try await req.change { tenant, audit in
            try await insert(input, dates: dates, requestID: nil, tenant: tenant, audit: audit)
        }
    }

    /// Changes the terms: fields the input leaves out keep their values; a visit plan adds visits.
    static func update(_ engagement: Engagement, with patch: EngagementInput, on req: Request) async throws {
        guard engagement.status != .completed, engagement.status != .cancelled else {
            throw PathworkError.conflict("engagement.closed", "A \(engagement.status.title.lowercased()) engagement can no longer change.")
        }
        let merged = EngagementInput(
            clientId: engagement.$client.id, teamId: patch.teamId ?? engagement.$team.id, title: patch.title ?? engagement.title,
            scope: patch.scope ?? engagement.scope, startsOn: patch.startsOn ?? engagement.startsOn, endsOn: patch.endsOn ?? engagement.endsOn,
            pricing: patch.pricing ?? engagement.pricing, hourlyRateCents: patch.hourlyRateCents ?? engagement.hourlyRateCents,
            fixedFeeCents: patch.fixedFeeCents ?? engagement.fixedFeeCents, budgetMinutes: patch.budgetMinutes ?? engagement.budgetMinutes,
            budgetCents: patch.budgetCents ?? engagement.budgetCents,
            billingIncrementMinutes: patch.billingIncrementMinutes ?? engagement.billingIncrementMinutes,
            stopAtBudget: patch.stopAtBudget ?? engagement.stopAtBudget, poNumber: patch.poNumber ?? engagement.poNumber, visits: patch.visits)
        let dates = try await validate(merged, tenant: try req.tenant)
        let before = EngagementSnapshot(engagement)
        try await req.change { tenant, audit in
            apply(merged, dates: dates, to: engagement)
            try await engagement.save(on: tenant.db)
            audit.updated("engagement", id: engagement.id, from: before, to: EngagementSnapshot(engagement))
            try await schedule(dates.2, for: engagement, tenant: tenant, audit: audit)
        }
    }

    @discardableResult
    static func move(_ loaded: Engagement, to status: EngagementStatus?, on req: Request) async throws -> Engagement {
        @Sendable func refusal(_ from: EngagementStatus) -> PathworkError {
            PathworkError(status: .conflict, code: "engagement.status",
                          reason: "An engagement that is \(from.title.lowercased()) cannot become \(status?.title.lowercased() ?? "that").")
        }
        guard let status, loaded.status.canMove(to: status) else { throw refusal(loaded.status) }
        return try await req.change { tenant, audit in
            let engagement = try await tenant.fresh(loaded)
            guard engagement.status.canMove(to: status) else { throw refusal(engagement.status) }
            let before = EngagementSnapshot(engagement)
            engagement.status = status
            try await engagement.save(on: tenant.db)
            audit.updated("engagement", id: engagement.id, from: before, to: EngagementSnapshot(engagement))
            return engagement
        }
    }

    @discardableResult
    static func record(_ loaded: Visit, as status: Visit.Status, report: String?, on req: Request) async throws -> Visit {
        let recorded = PathworkError.conflict("visit.recorded", "This visit was recorded already.")
        guard loaded.status == .scheduled, status != .scheduled else { throw recorded }
        if status == .done, (report?.nonEmpty ?? "").isEmpty {
            throw PathworkError.invalid([FieldError(field: "report", message: "Write a short report of the visit.")])
        }
        return try await req.change { tenant, audit in
            let visit = try await tenant.fresh(loaded)
            guard visit.status == .scheduled else { throw recorded }
            let before = try VisitJSON(visit)
            visit.status = status
            visit.report = report?.nonEmpty
            try await visit.save(on: tenant.db)
            audit.updated("visit", id: visit.id, from: before, to: try VisitJSON(visit))
            return visit
        }
    }
}
