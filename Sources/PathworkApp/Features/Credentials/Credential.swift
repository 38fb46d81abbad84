import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// A credential a student can earn: an industry certification, a license, dual credit.
final class Credential: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "credentials"

    enum Kind: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case industryCertification, license, dualCredit, microCredential

        var title: String {
            switch self {
            case .industryCertification: "Industry certification"
            case .license: "License"
            case .dualCredit: "Dual credit"
            case .microCredential: "Micro-credential"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "issuer") var issuer: String
    @Field(key: "kind") var kind: Kind
    @OptionalField(key: "minimum_age") var minimumAge: Int?
    @OptionalField(key: "validity_months") var validityMonths: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A student's credential, recorded by staff with its evidence.
final class CredentialAttainment: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "credential_attainments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Parent(key: "credential_id") var credential: Credential
    @Field(key: "earned_on") var earnedOn: String
    @OptionalField(key: "expires_on") var expiresOn: String?
    @Field(key: "evidence") var evidence: String
    @Field(key: "verified_by") var verifiedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// Held on `date`: earned by then and not yet expired.
    func isHeld(on date: CalendarDate) -> Bool {
        guard let earned = CalendarDate(iso: earnedOn), earned <= date else { return false }
        return expiresOn.flatMap(CalendarDate.init(iso:)).map { date < $0 } ?? true
    }
}

/// The credentials a student holds on a date, by title: what team role requirements check.
enum HeldCredentials {
    static func titles(of studentID: UUID, on date: CalendarDate, tenant: Tenant) async throws -> Set<String> {
        try await titles(of: [studentID], on: date, tenant: tenant)[studentID] ?? []
    }

    /// The same for many students with one query, by student.
    static func titles(of students: Set<UUID>, on date: CalendarDate, tenant: Tenant) async throws -> [UUID: Set<String>] {
        guard !students.isEmpty else { return [:] }
        let attainments = try await tenant.query(CredentialAttainment.self).filter(\.$studentID ~~ Array(students)).with(\.$credential).all()
        return attainments.filter { $0.isHeld(on: date) }.reduce(into: [:]) { $0[$1.studentID, default: []].insert($1.credential.title) }
    }
}
