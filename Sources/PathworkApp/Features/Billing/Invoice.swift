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

struct CreateBilling: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Invoice.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("client_id", .uuid, .required, .references(Client.schema, "id"))
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("number", .int)
            .field("status", .string, .required)
            .field("total_cents", .int, .required)
            .field("issued_on", .string)
            .field("paid_on", .string)
            .field("void_reason", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "district_id", "number")
            .create()
        try await db.schema(InvoiceLine.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("invoice_id", .uuid, .required, .references(Invoice.schema, "id", onDelete: .cascade))
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, "id"))
            .field("description", .string, .required)
            .field("pricing", .string, .required)
            .field("actual_minutes", .int, .required)
            .field("billed_minutes", .int, .required)
            .field("rate_cents", .int, .required)
            .field("amount_cents", .int, .required)
            .field("position", .int, .required)
            .create()
        try await db.schema(InvoiceSequence.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("last_number", .int, .required)
            .unique(on: "district_id")
            .create()
        try await db.schema(BudgetAlert.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, "id"))
            .field("percent", .int, .required)
            .field("reached_at", .datetime, .required)
            .unique(on: "engagement_id", "percent")
            .create()
        try await db.sql().raw("CREATE INDEX time_entries_invoice ON time_entries (invoice_id)").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [BudgetAlert.schema, InvoiceSequence.schema, InvoiceLine.schema, Invoice.schema] {
            try await db.schema(schema).delete()
        }
    }
}
