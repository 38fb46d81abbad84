import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Finds, from a change's audit items, the students whose outcomes it may move, and refreshes
/// them in every built year of their district, inside the change. Clock events and every other
/// change pass through a cheap filter on entity names first.
enum OutcomeObserver {
    static let entities: Set<String> = ["timeEntry", "membership", "credentialAttainment", "issuedCredential", "completedCourse",
                                        "person", "deliverable", "course"]

    static func observe(_ items: [AuditRecorder.Pending], db: any Database) async throws {
        let relevant = items.filter { entities.contains($0.entity) }
        guard !relevant.isEmpty else { return }
        let sql = try db.sql()
        var students: Set<UUID> = []
        var lookups: [SQLQueryString] = []
        for item in relevant {
            let id = UUID(uuidString: item.entityID)
            switch item.entity {
            case "timeEntry":
                // Only approved time counts; running, submitted and rejected entries move nothing.
                if item.after.contains("\"status\":\"approved\"") { students.formUnion(studentIDs(item)) }
            case "person":
                if let id { students.insert(id) }
            case "issuedCredential":
                if item.action == "revoke", let id { lookups.append("SELECT student_id AS id FROM issued_credentials WHERE id = \(bind: id)") }
            case "deliverable":
                if let id, item.before.contains("\"accepted\"") || item.after.contains("\"accepted\"") {
                    lookups.append("""
                        SELECT DISTINCT t.student_id AS id FROM time_entries t JOIN deliverables d ON d.engagement_id = t.engagement_id
                        WHERE d.id = \(bind: id) AND t.status = 'approved'
                        """)
                }
            case "course":
                if item.action == "update", let id {
                    lookups.append("""
                        SELECT DISTINCT cc.student_id AS id FROM completed_courses cc JOIN courses c ON c.district_id = cc.district_id AND c.code = cc.course_code
                        WHERE c.id = \(bind: id)
                        """)
                }
            default:
                students.formUnion(studentIDs(item))
            }
        }
        for lookup in lookups { students.formUnion(try await sql.raw(lookup).all().map { try $0.decode(column: "id", as: UUID.self) }) }
        guard !students.isEmpty else { return }
        let districts = try await sql.raw("""
            SELECT p.person_id AS student_id, p.district_id AS district_id, y.year AS year FROM student_profiles p
            JOIN outcome_years y ON y.district_id = p.district_id
            WHERE p.person_id IN (\(binds: Array(students).map { $0 as any Encodable & Sendable }))
            """).all()
        var byYear: [String: (district: UUID, year: Int, students: [UUID])] = [:]
        for row in districts {
            let district = try row.decode(column: "district_id", as: UUID.self), year = try row.decode(column: "year", as: Int.self)
            byYear["\(district)-\(year)", default: (district, year, [])].students.append(try row.decode(column: "student_id", as: UUID.self))
        }
        for (district, year, ids) in byYear.values {
            try await OutcomeRollups.refresh(students: ids, districtID: district, year: ReportingYear(start: year), db: db)
        }
    }

    /// The student an audit item names in its before or after snapshot, under either spelling.
    static func studentIDs(_ item: AuditRecorder.Pending) -> Set<UUID> {
        var found: Set<UUID> = []
        for text in [item.before, item.after] where !text.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
            for key in ["studentId", "studentID"] {
                if let raw = object[key] as? String, let id = UUID(uuidString: raw) { found.insert(id) }
            }
        }
        return found
    }
}
