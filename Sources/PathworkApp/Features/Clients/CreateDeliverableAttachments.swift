import Crypto
import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

struct CreateDeliverableAttachments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DeliverableAttachment.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("deliverable_id", .uuid, .required, .references(Deliverable.schema, "id"))
            .storedFileColumns()
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(DeliverableAttachment.schema).delete() }
}

extension SchemaBuilder {
    /// What every stored file records: its name, type, size, digest, who uploaded it and when.
    func storedFileColumns() -> SchemaBuilder {
        field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size_bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .uuid, .required)
            .field("created_at", .datetime)
    }
}
