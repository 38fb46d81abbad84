import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// A multi-year credential pathway the district runs, e.g. a three-year cybersecurity
/// certification inside high school.
final class CredentialPathway: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "credential_pathways"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "years") var years: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One step of a pathway. A step marked `issuesBadge` earns the student a signed credential of
/// its own the moment the records meet it ("40 approved hours as a cyber analyst").
final class PathwayRequirement: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pathway_requirements"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "pathway_id") var pathwayID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: PathwayRequirementKind
    @OptionalField(key: "role_name") var roleName: String?
    @OptionalField(key: "minutes") var minutes: Int?
    @OptionalField(key: "credential_title") var credentialTitle: String?
    @OptionalField(key: "course_code") var courseCode: String?
    @Field(key: "issues_badge") var issuesBadge: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var rule: PathwayRequirementRule {
        get throws {
            PathwayRequirementRule(key: try requireID().uuidString, kind: kind, year: year, roleName: roleName, minutes: minutes,
                                   credentialTitle: credentialTitle, courseCode: courseCode)
        }
    }
}

/// A student following a pathway.
final class PathwayEnrollment: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pathway_enrollments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "pathway_id") var pathwayID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "started_on") var startedOn: String

    init() {}
}

/// A lab module or exam a student passed, recorded by staff with its evidence.
final class PathwayCheckpoint: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pathway_checkpoints"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "requirement_id") var requirementID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "completed_on") var completedOn: String
    @Field(key: "evidence") var evidence: String
    @Field(key: "recorded_by") var recordedBy: UUID

    init() {}
}

/// The signed credential a milestone earned; unique per requirement and student, so a milestone
/// is awarded once however often approvals re-check it.
final class MilestoneAward: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "milestone_awards"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "requirement_id") var requirementID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "issued_credential_id") var issuedCredentialID: UUID

    init() {}
}
