import Foundation

/// What a form or an API call proposes for a person, checked before anything is written.
public struct PersonDraft: Equatable, Sendable {
    public var givenName: String
    public var familyName: String
    public var email: String
    public var roles: Set<Role>
    public var organization: String?
    public var student: StudentDraft?

    public init(givenName: String, familyName: String, email: String, roles: Set<Role>,
                organization: String? = nil, student: StudentDraft? = nil) {
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.roles = roles
        self.organization = organization
        self.student = student
    }

    public struct Issue: Equatable, Sendable {
        public let field: String
        public let message: String
        /// A rule across fields or dates (a student's age today, roles that exclude each other)
        /// rather than a value that is malformed on its own.
        public let isRule: Bool
        public init(_ field: String, _ message: String, isRule: Bool = false) { self.field = field; self.message = message; self.isRule = isRule }
    }

    /// Every problem at once, so a form can show them all; `today` decides plausible ages.
    public func issues(today: CalendarDate) -> [Issue] {
        var issues: [Issue] = []
        if givenName.trimmingWhitespace.isEmpty { issues.append(Issue("givenName", "Enter a given name.")) }
        if givenName.count > 100 { issues.append(Issue("givenName", "Keep the given name under 100 characters.")) }
        if familyName.trimmingWhitespace.isEmpty { issues.append(Issue("familyName", "Enter a family name.")) }
        if familyName.count > 100 { issues.append(Issue("familyName", "Keep the family name under 100 characters.")) }
        if EmailAddress.normalize(email) == nil { issues.append(Issue("email", "Enter an email address like name@example.org.")) }
        if roles.isEmpty { issues.append(Issue("roles", "Choose at least one role.")) }
        if roles.contains(.student) {
            if let student { issues += student.issues(today: today) } else {
                issues.append(Issue("studentNumber", "A student needs a student number, birth date and grade.", isRule: true))
            }
            if roles.contains(where: { $0 != .student }) {
                issues.append(Issue("roles", "A student cannot also hold a staff or partner role.", isRule: true))
            }
        }
        return issues
    }
}

public struct StudentDraft: Equatable, Sendable {
    public var studentNumber: String
    public var birthDate: String
    public var grade: Int
    public var raceEthnicity: RaceEthnicity?
    public var sex: Sex?
    public var flags: Set<StudentFlag>

    public init(studentNumber: String, birthDate: String, grade: Int, raceEthnicity: RaceEthnicity? = nil,
                sex: Sex? = nil, flags: Set<StudentFlag> = []) {
        self.studentNumber = studentNumber
        self.birthDate = birthDate
        self.grade = grade
        self.raceEthnicity = raceEthnicity
        self.sex = sex
        self.flags = flags
    }

    /// Pathwork serves grades 6 through 12 and students aged 10 to 22 (special education
    /// services can run to 21 inclusive).
    public static let grades = 6...12
    public static let ages = 10...22

    func issues(today: CalendarDate) -> [PersonDraft.Issue] {
        var issues: [PersonDraft.Issue] = []
        let number = studentNumber.trimmingWhitespace
        if number.isEmpty || number.count > 32 || !number.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            issues.append(.init("studentNumber", "Enter the student number from the student information system (letters, digits and dashes)."))
        }
        if let birth = CalendarDate(iso: birthDate) {
            if !Self.ages.contains(birth.age(on: today)) {
                issues.append(.init("birthDate", "A student's age must be between \(Self.ages.lowerBound) and \(Self.ages.upperBound).", isRule: true))
            }
        } else {
            issues.append(.init("birthDate", "Enter the birth date as YYYY-MM-DD."))
        }
        if !Self.grades.contains(grade) {
            issues.append(.init("grade", "Grade must be from \(Self.grades.lowerBound) to \(Self.grades.upperBound)."))
        }
        return issues
    }
}
