import Foundation
import PathworkDomain
import Vapor

/// A person as the API shows them. Outside viewers get the limited form: no email, family
/// name, student number, birth date or demographics; those fields are absent, not null.
struct PersonJSON: Content {
    var id: UUID
    var districtId: UUID
    var givenName: String
    var familyInitial: String
    var displayName: String
    var roles: [Role]
    var familyName: String?
    var email: String?
    var organization: String?
    var disabled: Bool?
    var student: StudentJSON?

    struct StudentJSON: Content {
        var studentNumber: String
        var birthDate: String
        var grade: Int
        var schoolId: UUID?
        var schoolName: String?
        var schoolLocale: SchoolLocale?
        var raceEthnicity: RaceEthnicity?
        var sex: Sex?
        var flags: [StudentFlag]
    }

    init(_ record: PersonRecord, full: Bool) {
        let person = record.person
        id = record.id
        districtId = person.districtID
        givenName = person.givenName
        familyInitial = person.familyName.first.map(String.init) ?? ""
        displayName = full ? person.fullName : person.shortName
        roles = full ? record.roles : record.roles.filter { $0 == .student }
        guard full else { return }
        familyName = person.familyName
        email = person.email
        organization = person.organization
        disabled = person.isDisabled
        student = record.profile.map { profile in
            StudentJSON(studentNumber: profile.studentNumber, birthDate: profile.birthDate, grade: profile.grade,
                        schoolId: profile.$school.id, schoolName: record.school?.name, schoolLocale: record.school?.locale,
                        raceEthnicity: profile.raceEthnicity, sex: profile.sex,
                        flags: StudentFlag.allCases.filter { profile[$0] })
        }
    }

    static func make(_ record: PersonRecord, for viewer: Viewer) -> PersonJSON {
        let isSelf = record.id == viewer.personID
        let full = Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: isSelf)
        return PersonJSON(record, full: full)
    }

    static let schema = Schema.object([
        ("id", .string(format: "uuid")), ("districtId", .string(format: "uuid")), ("givenName", .string()),
        ("familyInitial", .string()), ("displayName", .string()), ("roles", .array(.enumeration(Role.allCases.map(\.rawValue)))),
        ("familyName", .string(description: "district staff and the person only")),
        ("email", .string(format: "email", description: "district staff and the person only")),
        ("organization", .string()), ("disabled", .boolean),
        ("student", .object([
            ("studentNumber", .string()), ("birthDate", .string(format: "date")), ("grade", .integer()),
            ("schoolId", .nullable(.string(format: "uuid"))), ("schoolName", .string()),
            ("schoolLocale", .enumeration(SchoolLocale.allCases.map(\.rawValue))),
            ("raceEthnicity", .enumeration(RaceEthnicity.allCases.map(\.rawValue))),
            ("sex", .enumeration(Sex.allCases.map(\.rawValue))),
            ("flags", .array(.enumeration(StudentFlag.allCases.map(\.rawValue)))),
        ], required: ["studentNumber", "birthDate", "grade", "flags"])),
    ], required: ["id", "districtId", "givenName", "familyInitial", "displayName", "roles"])
}

/// The body of `POST /people` (all of it) and `PATCH /people/{id}` (any of it).
struct PersonInput: Content {
    var givenName: String?
    var familyName: String?
    var email: String?
    var roles: [Role]?
    var organization: String?
    var password: String?
    var student: StudentInput?

    struct StudentInput: Content {
        var studentNumber: String?
        var birthDate: String?
        var grade: Int?
        var schoolId: UUID?
        var raceEthnicity: RaceEthnicity?
        var sex: Sex?
        var flags: [StudentFlag]?
    }

    /// Fills what the input leaves out from the existing record (for PATCH) and reports
    /// missing required fields by name (for POST).
    func submission(over existing: PersonRecord?) throws -> PersonSubmission {
        var missing: [FieldError] = []
        func need<T>(_ value: T?, _ fallback: T?, _ field: String) -> T? {
            if let value = value ?? fallback { return value }
            // On a POST the document requires these; on a PATCH only a new student's details can be missing.
            missing.append(FieldError(field: field, message: "\(field) is required.", kind: existing == nil && !field.hasPrefix("student.") ? .value : .rule))
            return nil
        }
        let person = existing?.person
        let roles = Set(need(roles, existing?.roles, "roles") ?? [])
        var draft = PersonDraft(
            givenName: need(givenName, person?.givenName, "givenName") ?? "",
            familyName: need(familyName, person?.familyName, "familyName") ?? "",
            email: need(email, person?.email, "email") ?? "",
            roles: roles, organization: organization ?? person?.organization)
        var schoolID: UUID?
        if roles.contains(.student) {
            let profile = existing?.profile
            draft.student = StudentDraft(
                studentNumber: need(student?.studentNumber, profile?.studentNumber, "student.studentNumber") ?? "",
                birthDate: need(student?.birthDate, profile?.birthDate, "student.birthDate") ?? "",
                grade: need(student?.grade, profile?.grade, "student.grade") ?? 0,
                raceEthnicity: student?.raceEthnicity ?? profile?.raceEthnicity,
                sex: student?.sex ?? profile?.sex,
                flags: Set(student?.flags ?? profile.map { p in StudentFlag.allCases.filter { p[$0] } } ?? []))
            schoolID = student?.schoolId ?? profile?.$school.id
        }
        if !missing.isEmpty { throw PathworkError.invalid(missing) }
        return PersonSubmission(draft: draft, schoolID: schoolID, password: password)
    }

    /// The body's schema: a POST requires the person's names, email and roles; a PATCH any of it.
    static func schema(required: [String]) -> Schema {
        .object([
            ("givenName", .words(maxLength: 100)), ("familyName", .words(maxLength: 100)), ("email", .string(format: "email")),
            ("roles", .list(.enumeration(Role.allCases.map(\.rawValue)), minItems: 1, maxItems: Role.allCases.count)),
            ("organization", .text(minLength: 0, maxLength: 160)),
            ("password", .text(minLength: PasswordPolicy.minimumLength, maxLength: PasswordPolicy.maximumBytes)),
            ("student", .object([
                ("studentNumber", .pattern("^[A-Za-z0-9-]{1,32}$")), ("birthDate", .string(format: "date")),
                ("grade", .bounded(minimum: StudentDraft.grades.lowerBound, maximum: StudentDraft.grades.upperBound)),
                ("schoolId", .string(format: "uuid")), ("raceEthnicity", .enumeration(RaceEthnicity.allCases.map(\.rawValue))),
                ("sex", .enumeration(Sex.allCases.map(\.rawValue))), ("flags", .array(.enumeration(StudentFlag.allCases.map(\.rawValue)))),
            ], required: [])),
        ], required: required)
    }

    static let rules: [OperationRule] = [
        .rule("a student holds no other role and has a student number, birth date and grade"),
        .rule("a student is 10 to 22 years old today"), .rule("the password is not a common one, not the email, and at most 72 bytes"),
    ]
}
