import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// College credit a student earned in high school: recorded by staff, or from a dual-credit
/// file (`import_id` set; a later file replaces what an earlier one gave, never what staff typed).
final class DualCreditRecord: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "dual_credits"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "credit_tenths") var creditTenths: Int
    @Field(key: "earned_on") var earnedOn: String
    @OptionalField(key: "course_code") var courseCode: String?
    @OptionalField(key: "college") var college: String?
    @OptionalField(key: "import_id") var importID: UUID?

    init() {}

    struct Snapshot: Codable { var studentID: UUID; var kind: String; var creditTenths: Int; var earnedOn: String; var courseCode: String?; var college: String? }
    var snapshot: Snapshot {
        Snapshot(studentID: studentID, kind: kind, creditTenths: creditTenths, earnedOn: earnedOn, courseCode: courseCode, college: college)
    }
}

/// Courses name the dual credit they offer; students' college credits are kept.
struct AddDualCredit: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Course.schema).field("dual_credit_kind", .string).update()
        try await db.schema(DualCreditRecord.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("credit_tenths", .int, .required)
            .field("earned_on", .string, .required)
            .field("course_code", .string)
            .field("college", .string)
            .field("import_id", .uuid)
            .create()
        try await db.sql().raw("CREATE INDEX dual_credits_student ON dual_credits (district_id, student_id)").run()
        try await db.sql().raw("CREATE INDEX dual_credits_earned ON dual_credits (district_id, earned_on)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DualCreditRecord.schema).delete()
        try await db.schema(Course.schema).deleteField("dual_credit_kind").update()
    }
}
