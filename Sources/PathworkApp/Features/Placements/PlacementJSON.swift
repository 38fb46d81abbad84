import Foundation
import PathworkDomain
import Vapor

struct AgreementProblemJSON: Content {
    var field: String
    var message: String
}

struct SignatureJSON: Content {
    var signer: AgreementSigner
    var personId: UUID
    var signedName: String
    var signedAt: Date
    var version: Int
}

/// A placement and its training agreement as the API gives it.
struct PlacementJSON: Content {
    var id: UUID
    var opportunityId: UUID
    var applicationId: UUID?
    var studentId: UUID
    var partnerId: UUID
    var supervisorId: UUID?
    var status: PlacementStatus
    var version: Int
    var learningObjectives: String
    var pathwayCode: String
    var schedule: String
    var safetyTraining: String
    var safetyTrainingCompleted: Bool
    var startsOn: String
    var endsOn: String
    var pay: OpportunityPay
    var hourlyWageCents: Int?
    var reflection: String
    var completedAt: Date?
    /// With the agreement read: what keeps it from signing, and who has signed which version.
    var problems: [AgreementProblemJSON]?
    var requiredSigners: [AgreementSigner]?
    var missingSigners: [AgreementSigner]?
    var signatures: [SignatureJSON]?

    init(_ p: Placement, agreement: PlacementAgreement?) throws {
        id = try p.requireID(); opportunityId = p.$opportunity.id; applicationId = p.applicationID; studentId = p.studentID; partnerId = p.partnerID
        supervisorId = p.supervisorID; status = p.status; version = p.version; learningObjectives = p.learningObjectives; pathwayCode = p.pathwayCode
        schedule = p.schedule; safetyTraining = p.safetyTraining; safetyTrainingCompleted = p.safetyTrainingCompleted; startsOn = p.startsOn
        endsOn = p.endsOn; pay = p.pay; hourlyWageCents = p.hourlyWageCents; reflection = p.reflection; completedAt = p.completedAt
        if let agreement {
            problems = agreement.problems.map { AgreementProblemJSON(field: $0.field, message: $0.message) }
            requiredSigners = agreement.required
            missingSigners = agreement.missing
            signatures = agreement.signatures.map { SignatureJSON(signer: $0.signer, personId: $0.personID, signedName: $0.signedName, signedAt: $0.signedAt, version: $0.version) }
        }
    }
}
