import Fluent
import Foundation
import PathworkDomain
import Vapor

/// What the directory can be narrowed by, from a query string on a page or the API.
struct PeopleFilter: Sendable, Equatable {
    var text: String?
    var schoolID: UUID?
    var grade: Int?
    var role: Role?
    var subgroup: Subgroup?
    var includeDisabled = false
    var limit = 50
    var offset = 0

    init() {}

    /// Reads the filter from query parameters; unknown values are errors naming the parameter.
    init(query: URLQueryContainer) throws {
        func string(_ name: String) -> String? {
            (try? query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 }
        }
        var errors: [FieldError] = []
        text = string("q")
        if let raw = string("school") {
            if let id = UUID(uuidString: raw) { schoolID = id } else { errors.append(FieldError(field: "school", message: "Unknown school.")) }
        }
        if let raw = string("grade") {
            if let grade = Int(raw), StudentDraft.grades.contains(grade) { self.grade = grade } else {
                errors.append(FieldError(field: "grade", message: "Grade must be a number from 6 to 12."))
            }
        }
        if let raw = string("role") {
            if let role = Role(rawValue: raw) { self.role = role } else { errors.append(FieldError(field: "role", message: "Unknown role '\(raw)'.")) }
        }
        if let raw = string("subgroup") {
            if let subgroup = Subgroup(token: raw) { self.subgroup = subgroup } else {
                errors.append(FieldError(field: "subgroup", message: "Unknown student group '\(raw)'."))
            }
        }
        includeDisabled = string("disabled") == "include"
        if let raw = string("limit") {
            if let limit = Int(raw), (1...500).contains(limit) { self.limit = limit } else {
                errors.append(FieldError(field: "limit", message: "limit must be from 1 to 500."))
            }
        }
        if let raw = string("offset") {
            if let offset = Int(raw), offset >= 0 { self.offset = offset } else {
                errors.append(FieldError(field: "offset", message: "offset must be 0 or more."))
            }
        }
        if !errors.isEmpty { throw PathworkError(status: .badRequest, code: "query", reason: errors.map(\.message).joined(separator: " "), fieldErrors: errors) }
    }

    /// Filters that read student-only columns; outsiders may not narrow by them, or the count
    /// of results would disclose what the columns hold.
    var readsStudentDetails: Bool { schoolID != nil || grade != nil || subgroup != nil }
}

/// A person with everything a page or an API answer may need about them.
struct PersonRecord: Sendable {
    let person: Person
    let roles: [Role]
    let profile: StudentProfile?
    let school: School?
    let id: UUID

    init(person: Person, roles: [Role], profile: StudentProfile?, school: School?) throws {
        self.person = person; self.roles = roles; self.profile = profile; self.school = school
        id = try person.requireID()
    }
}

/// Reading people, always through the caller's tenant and reach.
enum PeopleDirectory {
    static func search(_ filter: PeopleFilter, viewer: Viewer, tenant: Tenant) async throws -> (records: [PersonRecord], total: Int) {
        let query = tenant.query(Person.self)
        switch viewer.reach {
        case .wholeDistrict:
            break
        case .connectedStudents:
            if filter.readsStudentDetails { throw Abort(.forbidden, reason: "Only district staff can filter by school, grade or student group.") }
            let ids = try await connectedStudentIDs(of: viewer.personID, tenant: tenant)
            query.filter(\.$id ~~ ids)
        case .ownChildren:
            query.filter(\.$id ~~ (try await childIDs(of: viewer.personID, tenant: tenant) + [viewer.personID]))
        case .selfOnly:
            query.filter(\.$id == viewer.personID)
        case .none:
            throw Abort(.forbidden, reason: "Your role sees aggregate figures only.")
        }
        if !filter.includeDisabled { query.filter(\.$disabledAt == nil) }
        if let text = filter.text?.lowercased().filter({ $0 != "%" && $0 != "_" }), !text.isEmpty {
            query.filter(\.$searchKey ~~ text)
        }
        if let role = filter.role {
            query.join(RoleAssignment.self, on: \Person.$id == \RoleAssignment.$person.$id)
                .filter(RoleAssignment.self, \.$role == role)
        }
        if filter.readsStudentDetails {
            query.join(StudentProfile.self, on: \Person.$id == \StudentProfile.$person.$id)
            if let schoolID = filter.schoolID { query.filter(StudentProfile.self, \.$school.$id == schoolID) }
            if let grade = filter.grade { query.filter(StudentProfile.self, \.$grade == grade) }
            switch filter.subgroup {
            case .raceEthnicity(let value)?: query.filter(StudentProfile.self, \.$raceEthnicity == value)
            case .sex(let value)?: query.filter(StudentProfile.self, \.$sex == value)
            case .flag(let flag)?:
                query.filter(.value(.extendedPath([StudentProfile.column(for: flag)], schema: StudentProfile.schema, space: nil),
                                    .equal, .bind(true)))
            case .locale(let locale)?:
                query.join(School.self, on: \StudentProfile.$school.$id == \School.$id)
                    .filter(School.self, \.$locale == locale)
            case nil: break
            }
        }
        let total = try await query.copy().count()
        let people = try await query.sort(\.$familyName).sort(\.$givenName).sort(\.$id)
            .range(filter.offset..<(filter.offset + filter.limit)).all()
        return (try await records(for: people, tenant: tenant), total)
    }

    /// One person, or 404 when they are outside the district or the viewer's reach.
    static func find(_ id: UUID?, viewer: Viewer, tenant: Tenant) async throws -> PersonRecord {
        let person = try await tenant.find(Person.self, id)
        let personID = try person.requireID()
        switch viewer.reach {
        case .wholeDistrict:
            break
        case .connectedStudents:
            let connected = try await connectedStudentIDs(of: viewer.personID, tenant: tenant)
            guard personID == viewer.personID || connected.contains(personID) else { throw Abort(.notFound, reason: "No such person in this district.") }
        case .ownChildren:
            let children = try await childIDs(of: viewer.personID, tenant: tenant)
            guard personID == viewer.personID || children.contains(personID) else {
                throw Abort(.notFound, reason: "No such person in this district.")
            }
        case .selfOnly:
            guard personID == viewer.personID else { throw Abort(.notFound, reason: "No such person in this district.") }
        case .none:
            throw Abort(.notFound, reason: "No such person in this district.")
        }
        return try await records(for: [person], tenant: tenant)[0]
    }

    /// Students an outside person works with: those connected to them one by one, and those on
    /// the teams they mentor (the one place the directory reads a later feature, in SQL terms only).
    static func connectedStudentIDs(of contactID: UUID, tenant: Tenant) async throws -> [UUID] {
        let direct = try await tenant.query(StudentConnection.self).filter(\.$contact.$id == contactID).all().map(\.$student.id)
        let viaTeams = try await MentorReach.studentIDs(of: contactID, tenant: tenant)
        return Array(Set(direct + viaTeams))
    }

    /// A guardian's children.
    static func childIDs(of guardianID: UUID, tenant: Tenant) async throws -> [UUID] {
        try await tenant.query(GuardianLink.self).filter(\.$guardianID == guardianID).all().map(\.studentID)
    }

    /// Loads roles, student profiles and schools for many people in three queries.
    static func records(for people: [Person], tenant: Tenant) async throws -> [PersonRecord] {
        let ids = people.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let roles = try await tenant.query(RoleAssignment.self).filter(\.$person.$id ~~ ids).all()
        let profiles = try await tenant.query(StudentProfile.self).filter(\.$person.$id ~~ ids).all()
        let schoolIDs = Set(profiles.compactMap(\.$school.id))
        let schools = schoolIDs.isEmpty ? [] : try await tenant.query(School.self).filter(\.$id ~~ Array(schoolIDs)).all()
        let rolesByPerson = Dictionary(grouping: roles, by: \.$person.id)
        let profileByPerson = Dictionary(profiles.map { ($0.$person.id, $0) }, uniquingKeysWith: { a, _ in a })
        let schoolByID = Dictionary(try schools.map { (try $0.requireID(), $0) }, uniquingKeysWith: { a, _ in a })
        return try people.map { person in
            let profile = profileByPerson[try person.requireID()]
            return try PersonRecord(person: person, roles: (rolesByPerson[try person.requireID()] ?? []).map(\.role).sorted(),
                                profile: profile, school: profile?.$school.id.flatMap { schoolByID[$0] })
        }
    }
}
