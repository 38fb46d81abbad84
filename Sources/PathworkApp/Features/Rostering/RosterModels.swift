import Fluent
import Foundation
import PathworkDomain

/// Which Pathwork record a OneRoster `sourcedId` became (a person, a school, a course, a
/// section, a term), with the fingerprint of the values the import gave it: a later set that
/// gives the same values writes nothing. A record a bulk set no longer has is ended on that
/// day, never deleted, and comes back when a later set has it again.
final class RosterRecord: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "roster_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    /// The OneRoster file the record came from (`RosterFile.rawValue`).
    @Field(key: "file") var file: String
    @Field(key: "sourced_id") var sourcedID: String
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "fingerprint") var fingerprint: Int64
    @OptionalField(key: "ended_on") var endedOn: String?
    @Field(key: "import_id") var importID: UUID
    /// For a user, the OneRoster role and org they were imported with, so a delta that sends
    /// the user without their roles keeps them in that role.
    @OptionalField(key: "context") var context: String?

    init() {}
}

/// A school year, semester, term or grading period (`academicSessions.csv`).
final class AcademicSession: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "academic_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    /// The calendar year the school year ends in, as OneRoster counts it.
    @OptionalField(key: "school_year") var schoolYear: Int?

    init() {}
}

/// A section of a course taught at a school in some terms (`classes.csv`).
final class ClassSection: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "class_sections"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "course_id") var courseID: UUID
    @OptionalField(key: "school_id") var schoolID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "class_code") var classCode: String
    /// The terms' ids, comma-separated.
    @Field(key: "term_ids") var termIDs: String
    /// The first day of its first term and the last of its last: an enrollment without dates
    /// of its own runs these.
    @OptionalField(key: "starts_on") var startsOn: String?
    @OptionalField(key: "ends_on") var endsOn: String?

    init() {}
}

/// Who was enrolled in which section, in which role, from when to when: the history outcome
/// figures count students by. Enrollments carry their own `sourcedId` and fingerprint (there
/// are millions; `roster_records` holds the rest).
final class Enrollment: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "enrollments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "sourced_id") var sourcedID: String
    @Field(key: "class_section_id") var classSectionID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "role") var role: String
    @Field(key: "is_primary") var isPrimary: Bool
    @OptionalField(key: "begins_on") var beginsOn: String?
    @OptionalField(key: "ends_on") var endsOn: String?
    /// The day an import found the enrollment gone (a bulk set without it, a delta ending it).
    @OptionalField(key: "ended_on") var endedOn: String?
    @Field(key: "fingerprint") var fingerprint: Int64
    @Field(key: "import_id") var importID: UUID

    init() {}
}

/// One applied import: who, which set (its SHA-256), and the report with its counts.
final class RosterImport: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "roster_imports"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "actor_id") var actorID: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "sha256") var sha256: String
    /// `RosterOutcome` as JSON: the check's report and the counts applied.
    @Field(key: "report") var report: String
    @Field(key: "applied_at") var appliedAt: Date

    init() {}
}

/// The district's choice, made once, of the Pathwork role each OneRoster staff role becomes
/// (no row: `RosterPeople.defaultMapping`; a row without a role: left out).
final class RosterRoleMapping: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "roster_role_mappings"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "roster_role") var rosterRole: String
    @OptionalField(key: "role") var role: Role?

    init() {}
}

extension Tenant {
    /// The district's staff mapping, its saved choices over the defaults.
    func rosterRoleMapping() async throws -> [String: Role] {
        var mapping = RosterPeople.defaultMapping
        for saved in try await query(RosterRoleMapping.self).all() { mapping[saved.rosterRole] = saved.role }
        return mapping
    }
}
