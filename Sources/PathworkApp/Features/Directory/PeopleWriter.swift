import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A proposed person plus the parts that need the database to check (school, password).
struct PersonSubmission: Sendable {
    var draft: PersonDraft
    var schoolID: UUID?
    var password: String?
}

/// What the audit log keeps of a person: everything but the password hash.
struct PersonSnapshot: Codable, Equatable {
    var givenName: String
    var familyName: String
    var email: String
    var roles: [Role]
    var organization: String?
    var disabled: Bool
    var student: StudentSnapshot?

    struct StudentSnapshot: Codable, Equatable {
        var studentNumber: String
        var birthDate: String
        var grade: Int
        var schoolID: UUID?
        var raceEthnicity: RaceEthnicity?
        var sex: Sex?
        var flags: [StudentFlag]
    }

    init(_ record: PersonRecord) {
        let person = record.person
        givenName = person.givenName
        familyName = person.familyName
        email = person.email
        roles = record.roles
        organization = person.organization
        disabled = person.isDisabled
        student = record.profile.map { profile in
            StudentSnapshot(studentNumber: profile.studentNumber, birthDate: profile.birthDate, grade: profile.grade,
                            schoolID: profile.$school.id, raceEthnicity: profile.raceEthnicity, sex: profile.sex,
                            flags: StudentFlag.allCases.filter { profile[$0] })
        }
    }
}

/// Creating and changing people: validated in full first, then written with its audit rows in
/// one transaction, so nothing is half-written.
enum PeopleWriter {
    static func create(_ submission: PersonSubmission, on req: Request) async throws -> PersonRecord {
        let tenant = try req.tenant
        let email = try await validate(submission, existing: nil, tenant: tenant, today: req.today)
        var hash: String?
        if let password = submission.password { hash = try await PasswordHasher.hash(password, on: req) }
        return try await req.change { [hash] tenant, audit in
            try await insert(submission, email: email, passwordHash: hash, tenant: tenant, audit: audit)
        }
    }

    /// The write half of creating a person, for callers that validated and hold a transaction
    /// (the page, the API, the command line, the demo seeder).
    static func insert(_ submission: PersonSubmission, email: String, passwordHash: String?, tenant: Tenant,
                       audit: AuditRecorder) async throws -> PersonRecord {
        let draft = submission.draft
        let person = Person(districtID: tenant.districtID, givenName: draft.givenName.trimmed,
                            familyName: draft.familyName.trimmed, email: email, organization: draft.organization?.nonEmpty)
        person.passwordHash = passwordHash
        try await apply(submission, to: person, tenant: tenant)
        let record = try await PeopleDirectory.records(for: [person], tenant: tenant)[0]
        audit.created("person", id: person.id, PersonSnapshot(record))
        audit.emit(.students([try person.requireID()]))
        return record
    }

    static func update(_ existing: PersonRecord, with submission: PersonSubmission, on req: Request) async throws -> PersonRecord {
        let tenant = try req.tenant
        let email = try await validate(submission, existing: existing.person, tenant: tenant, today: req.today)
        var hash: String?
        if let password = submission.password { hash = try await PasswordHasher.hash(password, on: req) }
        let before = PersonSnapshot(existing)
        let personID = existing.id
        return try await req.change { [hash] tenant, audit in
            let person = try await tenant.find(Person.self, personID)
            let draft = submission.draft
            person.givenName = draft.givenName.trimmed
            person.familyName = draft.familyName.trimmed
            person.email = email
            person.organization = draft.organization?.nonEmpty
            if let hash { person.passwordHash = hash }
            try await apply(submission, to: person, tenant: tenant)
            let record = try await PeopleDirectory.records(for: [person], tenant: tenant)[0]
            audit.updated("person", id: person.id, from: before, to: PersonSnapshot(record))
            audit.emit(.students([personID]))
            if hash != nil { try await Sessions.endAll(for: personID, on: tenant.db) }
            return record
        }
    }

    /// Disabling ends every session and token at once; enabling lets the person sign in again.
    static func setDisabled(_ disabled: Bool, _ existing: PersonRecord, on req: Request) async throws {
        let before = PersonSnapshot(existing)
        let personID = existing.id
        let now = req.now
        try await req.change { tenant, audit in
            let person = try await tenant.find(Person.self, personID)
            person.disabledAt = disabled ? now : nil
            try await person.save(on: tenant.db)
            if disabled { try await Sessions.endAll(for: personID, on: tenant.db) }
            var after = before
            after.disabled = disabled
            audit.updated("person", id: personID, from: before, to: after)
            audit.emit(.students([personID]))
        }
    }

    static func validate(_ submission: PersonSubmission, existing: Person?, tenant: Tenant, today: CalendarDate) async throws -> String {
        var errors = submission.draft.issues(today: today).map { FieldError(field: $0.field, message: $0.message, kind: $0.isRule ? .rule : .value) }
        let email = EmailAddress.normalize(submission.draft.email) ?? ""
        if !email.isEmpty, let other = try await Person.query(on: tenant.db).filter(\.$email == email).first(), other.id != existing?.id {
            errors.append(FieldError.duplicate(field: "email", message: "Another account already uses this email address."))
        }
        if let password = submission.password, let problem = PasswordPolicy.check(password, email: email) {
            errors.append(FieldError(field: "password", message: problem.message, kind: problem.isRule ? .rule : .value))
        }
        if let student = submission.draft.student, submission.draft.roles.contains(.student) {
            if let schoolID = submission.schoolID {
                if try await tenant.query(School.self).filter(\.$id == schoolID).first() == nil {
                    errors.append(.reference(field: "schoolId", message: "Choose a school of this district."))
                }
            }
            let number = student.studentNumber.trimmed
            if let other = try await tenant.query(StudentProfile.self).filter(\.$studentNumber == number).first(),
               other.$person.id != existing?.id {
                errors.append(FieldError.duplicate(field: "studentNumber", message: "Another student already has this student number."))
            }
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return email
    }

    private static func apply(_ submission: PersonSubmission, to person: Person, tenant: Tenant) async throws {
        let draft = submission.draft
        person.refreshSearchKey(studentNumber: draft.student?.studentNumber.trimmed)
        try await person.save(on: tenant.db)
        let personID = try person.requireID()
        let current = try await tenant.query(RoleAssignment.self).filter(\.$person.$id == personID).all()
        for assignment in current where !draft.roles.contains(assignment.role) {
            try await assignment.delete(on: tenant.db)
        }
        for role in draft.roles.subtracting(current.map(\.role)).sorted() {
            try await RoleAssignment(districtID: tenant.districtID, personID: personID, role: role).create(on: tenant.db)
        }
        // A profile stays when the student role is removed: its history belongs to the record.
        guard let student = draft.student, draft.roles.contains(.student) else { return }
        let profile = try await tenant.query(StudentProfile.self).filter(\.$person.$id == personID).first()
            ?? StudentProfile(districtID: tenant.districtID, personID: personID)
        profile.fill(from: student, schoolID: submission.schoolID)
        try await profile.save(on: tenant.db)
    }
}

/// bcrypt off the event loop: at cost 12 a hash takes a quarter second.
enum PasswordHasher {
    static func hash(_ password: String, on req: Request) async throws -> String {
        let cost = req.pathwork.config.passwordHashCost
        return try await req.application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String?, on req: Request) async throws -> Bool {
        // Without a hash we still spend the time, so timing does not reveal which emails exist.
        guard let target = hash ?? dummyHash else { return false }
        let matches = try await req.application.threadPool.runIfActive { try Bcrypt.verify(password, created: target) }
        return hash != nil && matches
    }

    /// A hash of a password nobody has, made once (hashing does not fail in practice; if it
    /// ever did, unknown emails would answer faster rather than the process stopping).
    private static let dummyHash: String? = try? Bcrypt.hash("pathwork-dummy-password", cost: 10)
}

extension Request {
    /// Today's date in the viewer's district time zone (UTC before sign-in).
    var today: CalendarDate {
        CalendarDate.on(now, timeZone: auth.get(Viewer.self)?.timeZone ?? "UTC")
    }
}

extension CalendarDate {
    static func on(_ instant: Date, timeZone: String) -> CalendarDate {
        TimeRules.localDate(of: instant, in: TimeZone(identifier: timeZone) ?? .gmt)
    }
}
