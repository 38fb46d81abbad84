import Fluent
import Foundation
import PathworkDomain

/// Anyone Pathwork knows in a district: staff, students, mentors, client contacts. People with
/// a password hash can sign in.
final class Person: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "people"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    @Field(key: "email") var email: String
    @OptionalField(key: "password_hash") var passwordHash: String?
    @OptionalField(key: "organization") var organization: String?
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    /// Lowercased names, email and student number, so one LIKE finds a person on both engines.
    @Field(key: "search_key") var searchKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$person) var roleAssignments: [RoleAssignment]

    init() {}

    init(id: UUID? = nil, districtID: UUID, givenName: String, familyName: String, email: String, organization: String? = nil) {
        self.id = id
        self.districtID = districtID
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.organization = organization
        self.searchKey = ""
    }

    func refreshSearchKey(studentNumber: String?) {
        searchKey = Self.searchKey(givenName: givenName, familyName: familyName, email: email, studentNumber: studentNumber)
    }

    static func searchKey(givenName: String, familyName: String, email: String, studentNumber: String?) -> String {
        [givenName, familyName, email, studentNumber ?? ""].joined(separator: " ").lowercased()
    }

    var fullName: String { "\(givenName) \(familyName)" }

    /// The form outsiders see: first name and last initial.
    var shortName: String { familyName.first.map { "\(givenName) \($0)." } ?? givenName }

    var isDisabled: Bool { disabledAt != nil }
}

/// One role a person holds in their district.
final class RoleAssignment: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "role_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "person_id") var person: Person
    @Field(key: "role") var role: Role
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(districtID: UUID, personID: UUID, role: Role) {
        self.districtID = districtID
        self.$person.id = personID
        self.role = role
    }
}

/// The student-only part of a person: identifiers and the demographics that equity reporting
/// disaggregates by. Never sent to mentors, client contacts or supervisors.
final class StudentProfile: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "student_profiles"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "person_id") var person: Person
    @Field(key: "student_number") var studentNumber: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "grade") var grade: Int
    @OptionalParent(key: "school_id") var school: School?
    @OptionalField(key: "race_ethnicity") var raceEthnicity: RaceEthnicity?
    @OptionalField(key: "sex") var sex: Sex?
    @Field(key: "economically_disadvantaged") var economicallyDisadvantaged: Bool
    @Field(key: "english_learner") var englishLearner: Bool
    @Field(key: "disability") var disability: Bool
    @Field(key: "homeless") var homeless: Bool
    @Field(key: "foster_care") var fosterCare: Bool
    @Field(key: "migrant") var migrant: Bool
    @Field(key: "military_connected") var militaryConnected: Bool
    @Field(key: "new_to_country") var newToCountry: Bool
    @Field(key: "single_parent") var singleParent: Bool
    @Field(key: "out_of_workforce") var outOfWorkforce: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(districtID: UUID, personID: UUID) {
        self.districtID = districtID
        self.$person.id = personID
        self.studentNumber = ""
        self.birthDate = ""
        self.grade = 9
        for flag in StudentFlag.allCases { self[flag] = false }
    }

    /// Takes a submitted student's identifiers, school and demographics.
    func fill(from student: StudentDraft, schoolID: UUID?) {
        studentNumber = student.studentNumber.trimmed
        birthDate = student.birthDate
        grade = student.grade
        $school.id = schoolID
        raceEthnicity = student.raceEthnicity
        sex = student.sex
        for flag in StudentFlag.allCases { self[flag] = student.flags.contains(flag) }
    }

    /// Flags by name, so forms, filters and reports walk `StudentFlag.allCases` instead of
    /// listing eight columns each time.
    subscript(flag: StudentFlag) -> Bool {
        get {
            switch flag {
            case .economicallyDisadvantaged: economicallyDisadvantaged
            case .englishLearner: englishLearner
            case .disability: disability
            case .homeless: homeless
            case .fosterCare: fosterCare
            case .migrant: migrant
            case .militaryConnected: militaryConnected
            case .newToCountry: newToCountry
            case .singleParent: singleParent
            case .outOfWorkforce: outOfWorkforce
            }
        }
        set {
            switch flag {
            case .economicallyDisadvantaged: economicallyDisadvantaged = newValue
            case .englishLearner: englishLearner = newValue
            case .disability: disability = newValue
            case .homeless: homeless = newValue
            case .fosterCare: fosterCare = newValue
            case .migrant: migrant = newValue
            case .militaryConnected: militaryConnected = newValue
            case .newToCountry: newToCountry = newValue
            case .singleParent: singleParent = newValue
            case .outOfWorkforce: outOfWorkforce = newValue
            }
        }
    }

    static func column(for flag: StudentFlag) -> FieldKey {
        switch flag {
        case .economicallyDisadvantaged: "economically_disadvantaged"
        case .englishLearner: "english_learner"
        case .disability: "disability"
        case .homeless: "homeless"
        case .fosterCare: "foster_care"
        case .migrant: "migrant"
        case .militaryConnected: "military_connected"
        case .newToCountry: "new_to_country"
        case .singleParent: "single_parent"
        case .outOfWorkforce: "out_of_workforce"
        }
    }
}

/// Connects an outside person (mentor, client contact, worksite supervisor) to a student they
/// work with. It is what lets them see that student at all, and only in the limited form.
final class StudentConnection: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "student_connections"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "student_id") var student: Person
    @Parent(key: "contact_id") var contact: Person
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(districtID: UUID, studentID: UUID, contactID: UUID) {
        self.districtID = districtID
        self.$student.id = studentID
        self.$contact.id = contactID
    }
}

extension Tenant {
    /// The roles a person holds in this district (none for someone outside it).
    func roles(of personID: UUID) async throws -> Set<Role> {
        Set(try await query(RoleAssignment.self).filter(\.$person.$id == personID).all().map(\.role))
    }
}

/// A parent or guardian and one of their children: what lets a guardian see that student.
final class GuardianLink: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "guardian_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "guardian_id") var guardianID: UUID
    @Field(key: "student_id") var studentID: UUID

    init() {}

    init(districtID: UUID, guardianID: UUID, studentID: UUID) {
        (self.districtID, self.guardianID, self.studentID) = (districtID, guardianID, studentID)
    }
}
