import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// One of a district's Ed25519 signing keys. The public half lives here, so verifiers get it
/// without the private half, which is a file under PATHWORK_DATA/keys (see `SigningKeys`).
/// A retired key signs nothing more but still verifies what it signed.
final class SigningKey: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "signing_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "public_key_multibase") var publicKeyMultibase: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}
}

/// A signed Open Badges 3.0 credential as issued: the exact signed document, and whether the
/// district has since revoked it. The document never changes after issue.
final class IssuedCredential: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "issued_credentials"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @OptionalField(key: "attainment_id") var attainmentID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "document") var document: String
    @Field(key: "signing_key_id") var signingKeyID: UUID
    @Field(key: "valid_from") var validFrom: String
    @OptionalField(key: "valid_until") var validUntil: String?
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_reason") var revokedReason: String?
    @OptionalField(key: "revoked_by") var revokedBy: UUID?

    init() {}

    func status(on today: CalendarDate) -> BadgeStatus {
        BadgeStatus.of(revoked: revokedAt != nil, validUntil: validUntil.flatMap(CalendarDate.init(iso:)), today: today)
    }
}
