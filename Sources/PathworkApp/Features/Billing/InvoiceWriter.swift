import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Drafting, issuing, paying and voiding client invoices.
enum InvoiceWriter {
    /// Drafts an invoice from the client's approved billable entries in the period that no
    /// other invoice holds: one line per engagement; a fixed fee billed once, on its first invoice.
    static func draft(clientID: UUID?, periodStart: String?, periodEnd: String?, on req: Request) async throws -> Invoice {
        let tenant = try req.tenant
        var errors: [FieldError] = []
        var client: Client?
        if let clientID, let found = try await tenant.query(Client.self).filter(\.$id == clientID).first() { client = found }
        else { errors.append(FieldError(field: "clientId", message: "Choose a client of this district.", kind: clientID == nil ? .value : .reference)) }
        let (span, spanErrors) = DateSpan.read(periodStart, periodEnd, fields: ("periodStart", "periodEnd"), longestDays: 366,
                                               tooLong: "An invoice covers a year at most.")
        errors += spanErrors
        guard errors.isEmpty, let client, let span else { throw PathworkError.invalid(errors) }
        let (start, end) = (span.first, span.last)
        return try await req.change { tenant, audit in
            try await compose(for: client, from: start, to: end, tenant: tenant, audit: audit)
        }
    }

    /// The draft itself, inside a change: the demo seeds its invoice through here too.
    static func compose(for client: Client, from start: CalendarDate, to end: CalendarDate, tenant: Tenant,
                        audit: AuditRecorder) async throws -> Invoice {
        let engagements = try await tenant.query(Engagement.self).filter(\.$client.$id == client.requireID()).sort(\.$title).all()
        let entries = try await tenant.query(TimeEntry.self).filter(\.$engagementID ~~ engagements.map { try $0.requireID() })
            .filter(\.$activity == .clientWork).filter(\.$status == .approved).filter(\.$invoiceID == nil)
            .filter(\.$workDate >= start.description).filter(\.$workDate <= end.description).all()
        let byEngagement = Dictionary(grouping: entries) { $0.engagementID! }
        let invoice = Invoice()
        invoice.districtID = tenant.districtID
        invoice.clientID = try client.requireID()
        invoice.periodStart = start.description
        invoice.periodEnd = end.description
        invoice.status = .draft
        invoice.totalCents = 0
        invoice.voidReason = ""
        var lines: [InvoiceLine] = []
        let feesBilled = try await feesAlreadyBilled(engagements.filter { $0.pricing == .fixedFee }.compactMap(\.id), tenant: tenant)
        for engagement in engagements {
            let work = byEngagement[try engagement.requireID()] ?? []
            let actual = work.reduce(0) { $0 + $1.minutes }
            let billed = work.reduce(0) { $0 + ($1.billedMinutes ?? $1.minutes) }
            let line = InvoiceLine()
            line.districtID = tenant.districtID
            line.engagementID = try engagement.requireID()
            line.pricing = engagement.pricing
            line.actualMinutes = actual
            line.billedMinutes = billed
            switch engagement.pricing {
            case .hourly:
                guard !work.isEmpty else { continue }
                line.summary = engagement.title
                line.rateCents = engagement.hourlyRateCents
                line.amountCents = PayArithmetic.invoiceLine(actualMinutes: actual, billedMinutes: billed,
                                                             hourlyRateCents: engagement.hourlyRateCents).amountCents
            case .fixedFee:
                let feeBilled = feesBilled.contains(try engagement.requireID())
                let started = CalendarDate(iso: engagement.startsOn).map { $0 <= end } ?? false
                guard !work.isEmpty || (!feeBilled && started && engagement.status != .cancelled && engagement.status != .proposed) else { continue }
                line.summary = engagement.title + (feeBilled ? " (fixed fee billed earlier; hours shown)" : " (fixed fee)")
                line.rateCents = 0
                line.amountCents = feeBilled ? 0 : (engagement.fixedFeeCents ?? 0)
            }
            line.position = lines.count
            lines.append(line)
        }
        guard !lines.isEmpty else {
            throw PathworkError(status: .unprocessableEntity, code: "invoice.empty",
                                reason: "\(client.name) has no approved, unbilled work from \(start) to \(end).")
        }
        invoice.totalCents = lines.reduce(0) { $0 + $1.amountCents }
        try await invoice.create(on: tenant.db)
        let invoiceID = try invoice.requireID()
        for line in lines { line.$invoice.id = invoiceID }
        try await lines.create(on: tenant.db)
        // The entries it bills, marked with one statement per 500 rather than one each: drafting
        // runs inside the writer.
        for chunk in entries.compactMap(\.id).chunked(500) {
            try await tenant.query(TimeEntry.self).filter(\.$id ~~ Array(chunk)).set(\.$invoiceID, to: invoiceID).update()
        }
        audit.created("invoice", id: invoice.id, InvoiceJSON(invoice, lines: lines, clientName: client.name))
        return invoice
    }

    /// Gives an invoice the next number of the district's gap-free sequence.
    static func number(_ invoice: Invoice, issuedOn today: CalendarDate, tenant: Tenant) async throws {
        let sequence = try await tenant.query(InvoiceSequence.self).first() ?? {
            let fresh = InvoiceSequence()
            fresh.districtID = tenant.districtID
            fresh.lastNumber = 0
            return fresh
        }()
        sequence.lastNumber += 1
        try await sequence.save(on: tenant.db)
        invoice.number = sequence.lastNumber
        invoice.issuedOn = today.description
    }

    /// The fixed-fee engagements among these whose fee a live invoice already bills: one query.
    static func feesAlreadyBilled(_ engagementIDs: [UUID], tenant: Tenant) async throws -> Set<UUID> {
        guard !engagementIDs.isEmpty else { return [] }
        let lines = try await tenant.query(InvoiceLine.self).filter(\.$engagementID ~~ engagementIDs).filter(\.$pricing == .fixedFee)
            .filter(\.$amountCents > 0).with(\.$invoice).all()
        return Set(lines.filter { $0.invoice.status != .void }.map(\.engagementID))
    }

    /// Moves an invoice to its next state. Issuing takes the next number of the district's
    /// sequence; voiding keeps the number and releases the entries to be billed again.
    static func move(_ id: UUID, to next: InvoiceStatus, reason: String? = nil, on req: Request) async throws -> Invoice {
        let today = req.today
        let reason = reason?.trimmed ?? ""
        if next == .void, !(1...300).contains(reason.count) {
            throw PathworkError.invalid([FieldError(field: "reason", message: "Say why the invoice is void.")])
        }
        return try await req.change { tenant, audit in
            let invoice = try await tenant.find(Invoice.self, id)
            guard invoice.status.canMove(to: next) else {
                throw PathworkError.conflict("invoice.status", "A \(invoice.status.rawValue) invoice cannot become \(next.rawValue).")
            }
            let before = try await InvoiceJSON.load(invoice, tenant: tenant)
            switch next {
            case .issued:
                try await number(invoice, issuedOn: today, tenant: tenant)
            case .paid:
                invoice.paidOn = today.description
            case .void:
                invoice.voidReason = reason
                try await release(invoice, tenant: tenant)
            case .draft:
                break
            }
            invoice.status = next
            try await invoice.save(on: tenant.db)
            audit.updated("invoice", id: invoice.id, from: before, to: try await InvoiceJSON.load(invoice, tenant: tenant))
            return invoice
        }
    }

    /// A draft can be thrown away; its entries return to the unbilled pool.
    static func discard(_ id: UUID, on req: Request) async throws {
        try await req.change { tenant, audit in
            let invoice = try await tenant.find(Invoice.self, id)
            guard invoice.status == .draft else {
                throw PathworkError.conflict("invoice.status", "Only a draft can be discarded; void an issued invoice instead.")
            }
            audit.deleted("invoice", id: invoice.id, try await InvoiceJSON.load(invoice, tenant: tenant))
            try await release(invoice, tenant: tenant)
            try await tenant.query(InvoiceLine.self).filter(\.$invoice.$id == id).delete()
            try await invoice.delete(on: tenant.db)
        }
    }

    private static func release(_ invoice: Invoice, tenant: Tenant) async throws {
        try await tenant.query(TimeEntry.self).filter(\.$invoiceID == invoice.requireID()).set(\.$invoiceID, to: nil).update()
    }
}
