import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// A bill to one client for one period. Drafts have no number; issuing freezes it.
final class Invoice: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "invoices"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "period_start") var periodStart: String
    @Field(key: "period_end") var periodEnd: String
    @OptionalField(key: "number") var number: Int?
    @Field(key: "status") var status: InvoiceStatus
    @Field(key: "total_cents") var totalCents: Int
    @OptionalField(key: "issued_on") var issuedOn: String?
    @OptionalField(key: "paid_on") var paidOn: String?
    @Field(key: "void_reason") var voidReason: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Children(for: \.$invoice) var lines: [InvoiceLine]

    init() {}

    var displayNumber: String { number.map { String(format: "INV-%05d", $0) } ?? "Draft" }
}

/// One engagement's work on an invoice: actual and billed minutes, and the amount.
final class InvoiceLine: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "invoice_lines"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "invoice_id") var invoice: Invoice
    @Field(key: "engagement_id") var engagementID: UUID
    @Field(key: "description") var summary: String
    @Field(key: "pricing") var pricing: Pricing
    @Field(key: "actual_minutes") var actualMinutes: Int
    @Field(key: "billed_minutes") var billedMinutes: Int
    @Field(key: "rate_cents") var rateCents: Int
    @Field(key: "amount_cents") var amountCents: Int
    @Field(key: "position") var position: Int

    init() {}
}

/// The last number a district issued: numbers come from here, inside the issuing change, so
/// they run without gaps (a failed issue rolls its increment back with it).
final class InvoiceSequence: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "invoice_sequences"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "last_number") var lastNumber: Int

    init() {}
}
