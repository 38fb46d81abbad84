import Fluent
import Foundation
import PathworkDomain

/// How a student left the district, with their grade-9 cohort: imported or recorded by staff.
final class StudentExitRecord: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "student_exits"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "cohort_year") var cohortYear: Int
    @Field(key: "exited_on") var exitedOn: String
    @Field(key: "kind") var kind: String
    /// The import that set it; nil when staff recorded it.
    @OptionalField(key: "import_id") var importID: UUID?

    init() {}

    var exit: StudentExit? {
        guard let on = CalendarDate(iso: exitedOn), let kind = StudentExitKind(rawValue: kind) else { return nil }
        return StudentExit(cohortYear: cohortYear, exitedOn: on, kind: kind)
    }

    struct Snapshot: Codable { var studentID: UUID; var cohortYear: Int; var exitedOn: String; var kind: String }
    var snapshot: Snapshot { Snapshot(studentID: studentID, cohortYear: cohortYear, exitedOn: exitedOn, kind: kind) }
}

/// An applied student file: who, which file, and its report.
final class StudentFileImportRecord: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "student_file_imports"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "actor_id") var actorID: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "rows") var rows: Int
    @Field(key: "students") var students: Int
    @Field(key: "report") var report: String
    @Field(key: "applied_at") var appliedAt: Date

    init() {}
}
