import Fluent
import Vapor

/// A browser sign-in, kept on the server so that sign-out and disabling an account end it.
final class WebSession: Model, @unchecked Sendable {
    static let schema = "web_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "person_id") var personID: UUID
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}

    init(tokenHash: String, personID: UUID, districtID: UUID, csrfToken: String, now: Date) {
        self.tokenHash = tokenHash
        self.personID = personID
        self.districtID = districtID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
    }
}

/// An API bearer token; only its hash is stored.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "person_id") var personID: UUID
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(tokenHash: String, personID: UUID, districtID: UUID, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.personID = personID
        self.districtID = districtID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Ends every session and token a person holds: on sign-out everywhere and when disabled.
enum Sessions {
    static func endAll(for personID: UUID, on db: any Database) async throws {
        try await WebSession.query(on: db).filter(\.$personID == personID).delete()
        try await APIToken.query(on: db).filter(\.$personID == personID).delete()
    }
}
