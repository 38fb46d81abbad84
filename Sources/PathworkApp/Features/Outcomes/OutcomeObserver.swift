import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Finds, from the events a change emitted (`ChangeEvent`), the students whose outcomes it may
/// move, and refreshes them in every built year of their district, inside the change. Clock
/// events and changes that name no student cost nothing here.
enum OutcomeObserver {
    static func observe(_ events: [ChangeEvent], db: any Database, now: Date) async throws {
        var students: Set<UUID> = []
        var lookups: [SQLQueryString] = []
        for event in events {
            switch event {
            case .students(let ids):
                students.formUnion(ids)
            case .deliverableAcceptance(let id):
                lookups.append("""
                    SELECT DISTINCT t.student_id AS id FROM time_entries t JOIN deliverables d ON d.engagement_id = t.engagement_id
                    WHERE d.id = \(bind: id) AND t.status = 'approved'
                    """)
            case .course(let id):
                lookups.append("""
                    SELECT DISTINCT cc.student_id AS id FROM completed_courses cc JOIN courses c ON c.district_id = cc.district_id AND c.code = cc.course_code
                    WHERE c.id = \(bind: id)
                    """)
            case .rostered(let district):
                try await OutcomeBuild.invalidate(districtID: district, db: db)
            case .clock:
                continue
            }
        }
        guard !students.isEmpty || !lookups.isEmpty else { return }
        let sql = try db.sql()
        for lookup in lookups { students.formUnion(try await sql.raw(lookup).all().map { try $0.decode(column: "id", as: UUID.self) }) }
        guard !students.isEmpty else { return }
        let years = try await sql.raw("""
            SELECT p.person_id AS student_id, p.district_id AS district_id, y.year AS year, y.generation AS generation, y.building AS building
            FROM student_profiles p JOIN outcome_years y ON y.district_id = p.district_id
            WHERE p.person_id IN (\(binds: Array(students).map { $0 as any Encodable & Sendable }))
            """).all()
        var current: [String: (district: UUID, year: Int, generation: Int, students: [UUID])] = [:]
        var dirty: [SQLQueryString] = []
        for row in years {
            let district = try row.decode(column: "district_id", as: UUID.self), year = try row.decode(column: "year", as: Int.self)
            let student = try row.decode(column: "student_id", as: UUID.self)
            if let generation = try row.decode(column: "generation", as: Int?.self) {
                current["\(district)-\(year)", default: (district, year, generation, [])].students.append(student)
            }
            // A build under way reads the records beside the writer; it refreshes these after.
            if try row.decode(column: "building", as: Int?.self) != nil {
                dirty.append("(\(bind: district), \(bind: year), \(bind: student))")
            }
        }
        for (district, year, generation, ids) in current.values {
            try await OutcomeRollups.refresh(students: ids, districtID: district, year: ReportingYear(start: year), generation: generation,
                                             currentYear: OutcomeRecords.schoolYear(of: now), db: db)
        }
        for chunk in dirty.chunked(500) {
            try await sql.raw("""
                INSERT INTO outcome_dirty (district_id, year, student_id) VALUES \(chunk.joined(separator: ", "))
                ON CONFLICT (district_id, year, student_id) DO UPDATE SET mark = outcome_dirty.mark + 1
                """).run()
        }
    }
}
