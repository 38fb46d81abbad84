import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Who a survey goes to: students (all, or those of a school, a grade, a program's teams or one
/// team), district staff, partners' people, worksite supervisors, or parents and guardians.
struct SurveyAudience: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable, CaseIterable {
        case students, staff, partnerContacts, supervisors, guardians

        var title: String {
            switch self {
            case .students: "Students"
            case .staff: "District staff"
            case .partnerContacts: "Partners' contacts and mentors"
            case .supervisors: "Worksite supervisors"
            case .guardians: "Parents and guardians"
            }
        }

        /// The roles that make up an audience of people other than students.
        var roles: [Role] {
            switch self {
            case .students: [.student]
            case .staff: [.admin, .coordinator, .lead, .counselor]
            case .partnerContacts: [.clientContact, .mentor]
            case .supervisors: [.supervisor]
            case .guardians: [.guardian]
            }
        }
    }

    var kind: Kind
    var schoolID: UUID?
    var grade: Int?
    var programID: UUID?
    var teamID: UUID?

    /// Student groups are counted only for an audience of students, whose every member falls in
    /// exactly one group of each dimension.
    var countsGroups: Bool { kind == .students }

    func describe(tenant: Tenant) async throws -> String {
        guard kind == .students else { return kind.title }
        var parts: [String] = []
        if let schoolID, let school = try await tenant.query(School.self).filter(\.$id == schoolID).first() { parts.append("at \(school.name)") }
        if let grade { parts.append("in grade \(grade)") }
        if let programID, let program = try await tenant.query(Program.self).filter(\.$id == programID).first() { parts.append("in \(program.name)") }
        if let teamID, let team = try await tenant.query(Team.self).filter(\.$id == teamID).first() { parts.append("on \(team.name)") }
        return parts.isEmpty ? "All students" : "Students " + parts.joined(separator: ", ")
    }

    /// The people it names now: active accounts of the district with the audience's roles (for
    /// students, on a team today where a program or team is named).
    func recipients(tenant: Tenant, today: CalendarDate) async throws -> [UUID] {
        let sql = try tenant.db.sql()
        let roles = kind.roles.map { $0.rawValue as any Encodable & Sendable }
        var query: SQLQueryString = """
            SELECT DISTINCT p.id AS id FROM people p JOIN role_assignments r ON r.person_id = p.id
            """
        if kind == .students { query = query + " JOIN student_profiles s ON s.person_id = p.id" }
        query = query + " WHERE p.district_id = \(bind: tenant.districtID) AND p.disabled_at IS NULL AND r.role IN (\(binds: roles))"
        if kind == .students {
            if let schoolID { query = query + " AND s.school_id = \(bind: schoolID)" }
            if let grade { query = query + " AND s.grade = \(bind: grade)" }
            if programID != nil || teamID != nil {
                let day = today.description
                query = query + """
                     AND p.id IN (SELECT m.student_id FROM memberships m JOIN teams t ON t.id = m.team_id
                    WHERE m.district_id = \(bind: tenant.districtID) AND m.starts_on <= \(bind: day) AND (m.ends_on IS NULL OR m.ends_on > \(bind: day))
                    """
                if let programID { query = query + " AND t.program_id = \(bind: programID)" }
                if let teamID { query = query + " AND t.id = \(bind: teamID)" }
                query = query + ")"
            }
        }
        return try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
    }
}
