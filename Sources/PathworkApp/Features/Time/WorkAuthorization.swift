import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A paper the state requires on file before a minor works, with the days it is current: a
/// student's Parent/School Authorization or school release permit, or (with no student) the
/// district's own minor work permit endorsement as employer. Revoked, never deleted.
final class WorkAuthorization: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "work_authorizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @OptionalField(key: "student_id") var studentID: UUID?
    @Field(key: "kind") var kind: WorkAuthorizationKind
    @Field(key: "valid_from") var validFrom: String
    @OptionalField(key: "valid_until") var validUntil: String?
    /// The form's number, who signed, or where the paper is kept.
    @Field(key: "reference") var reference: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var held: HeldAuthorization? {
        guard revokedAt == nil, let from = CalendarDate(iso: validFrom) else { return nil }
        return HeldAuthorization(kind: kind, validFrom: from, validUntil: validUntil.flatMap(CalendarDate.init(iso:)))
    }
}

struct WorkAuthorizationJSON: Content {
    var id: UUID
    var kind: WorkAuthorizationKind
    var studentId: UUID?
    var validFrom: String
    var validUntil: String?
    var reference: String
    var revoked: Bool

    init(_ model: WorkAuthorization) throws {
        id = try model.requireID()
        kind = model.kind
        studentId = model.studentID
        validFrom = model.validFrom
        validUntil = model.validUntil
        reference = model.reference
        revoked = model.revokedAt != nil
    }

    static let schema = Schema.object([
        ("id", .string(format: "uuid")), ("kind", .enumeration(WorkAuthorizationKind.allCases.map(\.rawValue))),
        ("studentId", .nullable(.string(format: "uuid"))), ("validFrom", .string(format: "date")),
        ("validUntil", .nullable(.string(format: "date"))), ("reference", .string()), ("revoked", .boolean),
    ], required: ["id", "kind", "validFrom", "reference", "revoked"])
}
