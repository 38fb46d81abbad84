import Fluent
import Foundation
import PathworkDomain

/// One append-only row of the audit log. Rows are never updated or deleted by Pathwork; the
/// hash chain makes any change made behind its back visible to `pathwork audit verify`.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int
    /// Text rather than a foreign key: the log must outlive anything it describes.
    @Field(key: "district_id") var districtID: String
    @Field(key: "actor_id") var actorID: String
    @Field(key: "occurred_at") var occurredAtSeconds: Int
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @Field(key: "entity_id") var entityID: String
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(content: AuditContent, previousHash: String) {
        sequence = content.sequence
        districtID = content.districtID
        actorID = content.actorID
        occurredAtSeconds = content.occurredAtSeconds
        action = content.action
        entity = content.entity
        entityID = content.entityID
        before = content.before
        after = content.after
        self.previousHash = previousHash
        hash = AuditChain.hash(previous: previousHash, content)
    }

    var content: AuditContent {
        AuditContent(sequence: sequence, districtID: districtID, actorID: actorID, occurredAtSeconds: occurredAtSeconds,
                     action: action, entity: entity, entityID: entityID, before: before, after: after)
    }

    var chainRow: AuditChain.Row { AuditChain.Row(content: content, previousHash: previousHash, hash: hash) }
}

/// A record that a mentor, client contact or supervisor saw a student's record. Disclosures
/// of student records are what FERPA asks a district to be able to account for.
final class Disclosure: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "disclosures"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "viewer_id") var viewerID: UUID
    @Field(key: "viewer_role") var viewerRole: String
    @Field(key: "context") var context: String
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}

    init(districtID: UUID, studentID: UUID, viewerID: UUID, viewerRole: String, context: String, occurredAt: Date) {
        self.districtID = districtID
        self.studentID = studentID
        self.viewerID = viewerID
        self.viewerRole = viewerRole
        self.context = context
        self.occurredAt = occurredAt
    }
}
