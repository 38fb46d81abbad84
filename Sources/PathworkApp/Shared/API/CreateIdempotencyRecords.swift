import Crypto
import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CreateIdempotencyRecords: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(IdempotencyRecord.schema)
            .id()
            .field("caller", .string, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("status", .int, .required)
            .field("content_type", .string, .required)
            .field("body", .data, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "caller", "key")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(IdempotencyRecord.schema).delete()
    }
}
