import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Where a placement's training agreement stands: what keeps it from being signed, who must
/// sign, who has, and which papers the law still wants before the first hour.
struct PlacementAgreement: Sendable {
    var problems: [(field: String, message: String)]
    var required: [AgreementSigner]
    var missing: [AgreementSigner]
    var signatures: [PlacementSignature]
    /// The student's age on the first day; nil when no birth date is on record.
    var studentAge: Int?

    /// Read inside or outside a change alike.
    static func review(_ placement: Placement, tenant: Tenant) async throws -> PlacementAgreement {
        let id = try placement.requireID()
        let terms = placement.terms
        var problems = terms.problems()
        let birth = try await tenant.query(StudentProfile.self).filter(\.$person.$id == placement.studentID).first()
            .flatMap { CalendarDate(iso: $0.birthDate) }
        let age = birth?.age(on: terms.startsOn)
        if age == nil { problems.append(("studentId", "The student's birth date is not on record; the labor rules and signers depend on it.")) }
        if let supervisor = placement.supervisorID, (age ?? 0) < 18 {
            let profile = try await tenant.query(MentorProfile.self).filter(\.$personID == supervisor).first()
            let check = profile?.check ?? BackgroundCheck(status: .notStarted)
            if !check.isCurrent(on: terms.startsOn) || !check.isCurrent(on: terms.endsOn) {
                problems.append(("supervisorId", "A supervisor of a minor needs a cleared background check current through the placement; record it on their profile."))
            }
        }
        let signatures = try await tenant.query(PlacementSignature.self).filter(\.$placement.$id == id).sort(\.$signedAt).all()
        let required = TrainingAgreementSigning.required(studentAge: age ?? 0)
        let missing = TrainingAgreementSigning.missing(required: required, signatures: signatures.map { ($0.signer, $0.version) }, version: placement.version)
        return PlacementAgreement(problems: problems, required: required, missing: missing, signatures: signatures, studentAge: age)
    }

    func signatures(onVersion version: Int) -> [PlacementSignature] { signatures.filter { $0.version == version } }

    /// The status these signatures and problems give the placement.
    func status(after current: PlacementStatus) -> PlacementStatus {
        TrainingAgreementSigning.status(current: current, missing: missing, hasProblems: !problems.isEmpty)
    }

    /// The signer the viewer may sign as on this placement, if any: the student themself, a
    /// guardian of theirs, its supervisor, or a coordinator.
    static func roles(of viewer: Viewer, on placement: Placement, tenant: Tenant) async throws -> [AgreementSigner] {
        var roles: [AgreementSigner] = []
        if viewer.personID == placement.studentID { roles.append(.student) }
        if viewer.roles.contains(.guardian),
           try await tenant.query(GuardianLink.self).filter(\.$guardianID == viewer.personID).filter(\.$studentID == placement.studentID).first() != nil {
            roles.append(.guardian)
        }
        if placement.supervisorID == viewer.personID { roles.append(.supervisor) }
        if viewer.can(.manageClients) { roles.append(.coordinator) }
        return roles
    }
}
