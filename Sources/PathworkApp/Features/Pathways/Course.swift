import Fluent
import Foundation
import PathworkDomain

/// A course in the district's catalog. Credits are tenths of a credit.
final class Course: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "courses"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "credit_tenths") var creditTenths: Int
    @OptionalField(key: "cte_program") var cteProgram: String?
    @OptionalField(key: "dual_credit_partner") var dualCreditPartner: String?
    /// The kind of dual credit the course offers (`DualCreditKind`), if any.
    @OptionalField(key: "dual_credit_kind") var dualCreditKind: String?
    @OptionalField(key: "pathway_code") var pathwayCode: String?
    /// Course codes, comma-separated.
    @Field(key: "prerequisites") var prerequisites: String

    init() {}

    var rule: CatalogCourse {
        CatalogCourse(code: code, title: title, creditTenths: creditTenths,
                      prerequisites: prerequisites.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                      cteProgram: cteProgram)
    }
}

/// A course a student finished, from the student information system or recorded by staff.
final class CompletedCourse: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "completed_courses"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "course_code") var courseCode: String
    @Field(key: "completed_on") var completedOn: String

    init() {}
}

/// A pathway's model plan: courses by grade, what comes after high school, and milestones.
final class PlanTemplate: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "plan_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "pathway_code") var pathwayCode: String
    /// "CODE:grade" items, comma-separated.
    @Field(key: "courses") var courses: String
    @Field(key: "postsecondary") var postsecondary: String
    @Field(key: "milestones") var milestones: String

    init() {}
}

/// A student's own plan of study, started from a template and adjusted.
final class StudyPlan: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "study_plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @OptionalField(key: "template_id") var templateID: UUID?
    @Field(key: "courses") var courses: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

enum PlanText {
    static func decode(_ text: String) -> [PlannedCourse] {
        text.split(separator: ",").compactMap { item in
            let parts = item.split(separator: ":")
            guard parts.count == 2, let grade = Int(parts[1]) else { return nil }
            return PlannedCourse(code: String(parts[0]), grade: grade)
        }
    }

    static func encode(_ plan: [PlannedCourse]) -> String {
        plan.sorted { ($0.grade, $0.code) < ($1.grade, $1.code) }.map { "\($0.code):\($0.grade)" }.joined(separator: ",")
    }
}

/// The credits a district requires to graduate and the most a student may take in a year, in
/// tenths; the defaults hold until the district's admin sets its own.
final class GraduationRequirements: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "graduation_requirements"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "graduation_credit_tenths") var graduationCreditTenths: Int
    @Field(key: "max_credit_tenths_per_year") var maxCreditTenthsPerYear: Int

    init() {}

    static func defaults(for districtID: UUID) -> GraduationRequirements {
        let settings = GraduationRequirements()
        settings.districtID = districtID
        settings.graduationCreditTenths = 220
        settings.maxCreditTenthsPerYear = 80
        return settings
    }
}
