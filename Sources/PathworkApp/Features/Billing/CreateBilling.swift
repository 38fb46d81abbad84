import Fluent
import Foundation
import PathworkDomain
import SQLKit

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
