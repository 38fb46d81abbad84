import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Builds a district's year of rollups beside the writer, so clock-ins never wait behind it:
///
/// 1. a short change marks the year as building generation g (and forgets any earlier dirt);
/// 2. outside the writer, the year is read from the raw records and written as generation g,
///    500 rows a statement, while the current generation (if any) keeps serving and every change
///    that moves a student records them in `outcome_dirty` (`OutcomeObserver`);
/// 3. beside the writer, the students changed meanwhile are caught up in generation g, in rounds,
///    until few are left (a student changed again during a round stays dirty: `catchUp`);
/// 4. a short change makes g current and refreshes the few still dirty, inside the writer, so the
///    year is never stale after a change;
/// 5. outside the writer again, older generations are deleted.
///
/// While a year is first being built, dashboards count it from the raw records instead.
enum OutcomeBuild {
    /// This process's mark on the builds it runs: a build marked by a process that is gone (a
    /// crash mid-build) is started again.
    static let processToken = UUID().uuidString

    enum State: Equatable { case built, building, absent }

    static func state(districtID: UUID, year: ReportingYear, db: any Database) async throws -> State {
        guard let row = try await db.sql().raw("""
            SELECT generation, building, builder FROM outcome_years WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
            """).first() else { return .absent }
        if try row.decode(column: "generation", as: Int?.self) != nil { return .built }
        let mine = try row.decode(column: "builder", as: String?.self) == processToken
        return try row.decode(column: "building", as: Int?.self) != nil && mine ? .building : .absent
    }

    /// Whether the year's rollups can be read now: built already, or built by this call. False
    /// while another request of this process is building it.
    static func ready(districtID: UUID, year: ReportingYear, db: any Database, services: PathworkServices) async throws -> Bool {
        switch try await state(districtID: districtID, year: year, db: db) {
        case .built: return true
        case .building: return false
        case .absent:
            try await build(districtID: districtID, year: year, db: db, services: services)
            return try await state(districtID: districtID, year: year, db: db) == .built
        }
    }

    /// Builds (or rebuilds) the year as described above. Returns without building when a build of
    /// this process is already under way.
    static func build(districtID: UUID, year: ReportingYear, db: any Database, services: PathworkServices) async throws {
        guard let generation = try await begin(districtID: districtID, year: year, db: db, services: services) else { return }
        let beside = services.longWorkDatabase(or: db)
        try await services.besideRequests {
            let current = OutcomeRecords.schoolYear(of: services.clock.now())
            try await write(generation, districtID: districtID, year: year, currentYear: current, db: beside)
            try await catchUp(generation, districtID: districtID, year: year, currentYear: current, db: beside)
        }
        try await finish(generation, districtID: districtID, year: year, db: db, services: services)
    }

    /// Inside a change that moved a whole district (a roster import): its built years stop being
    /// current, and the next look rebuilds each as a generation above any there, so a build
    /// under way cannot swap in figures from before the change (`finish` finds its generation
    /// no longer the one building).
    static func invalidate(districtID: UUID, db: any Database) async throws {
        try await db.sql().raw("""
            UPDATE outcome_years SET building = COALESCE(generation, 0) + COALESCE(building, 0) + 1, builder = 'invalidated',
            generation = NULL WHERE district_id = \(bind: districtID)
            """).run()
    }

    /// Step 1, in the writer: the generation to build, or nil when this process builds it already.
    static func begin(districtID: UUID, year: ReportingYear, db: any Database, services: PathworkServices) async throws -> Int? {
        try await AuditLog.change(on: db, by: Actor.system("outcomes", districtID: districtID), services: services) { tx, _ in
            let sql = try tx.sql()
            let row = try await sql.raw("""
                SELECT generation, building, builder FROM outcome_years WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                """).first()
            let current = try row?.decode(column: "generation", as: Int?.self) ?? nil
            let building = try row?.decode(column: "building", as: Int?.self) ?? nil
            if building != nil, try row?.decode(column: "builder", as: String?.self) == processToken { return nil }
            let next = max(current ?? 0, building ?? 0) + 1
            if row == nil {
                try await sql.raw("""
                    INSERT INTO outcome_years (district_id, year, building, builder) VALUES (\(bind: districtID), \(bind: year.start), \(bind: next), \(bind: processToken))
                    """).run()
            } else {
                try await sql.raw("""
                    UPDATE outcome_years SET building = \(bind: next), builder = \(bind: processToken)
                    WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                    """).run()
            }
            try await sql.raw("DELETE FROM outcome_dirty WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)").run()
            return next
        }
    }

    /// Step 2, beside the writer: anything an abandoned build of this generation left goes, then
    /// the year is read from the records and written as the generation.
    static func write(_ generation: Int, districtID: UUID, year: ReportingYear, currentYear: Int, db: any Database) async throws {
        try await dropGenerations(districtID: districtID, year: year, where: "= \(bind: generation)", db: db)
        let students = try await OutcomeRecords.students(districtID: districtID, year: year, scope: .district, currentYear: currentYear, db: db)
        try await OutcomeRollups.apply(districtID: districtID, year: year, generation: generation, removed: [], added: students,
                                       pause: .milliseconds(5), db: db)
    }

    /// At most this many dirty students are left for the swap to refresh inside the writer.
    static let refreshedAtSwap = 25

    /// Step 3, beside the writer: refreshes the dirty students in generation g (which only this
    /// build writes until the swap), then clears each whose mark is still the one read. A change
    /// meanwhile bumps its students' marks, so they stay for the next round or the swap. Rounds
    /// end when few are left or after a few, if changes keep coming as fast as they are caught up.
    static func catchUp(_ generation: Int, districtID: UUID, year: ReportingYear, currentYear: Int, db: any Database) async throws {
        let sql = try db.sql()
        for _ in 0..<4 {
            let dirty = try await sql.raw("""
                SELECT student_id, mark FROM outcome_dirty WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                """).all().map { (try $0.decode(column: "student_id", as: UUID.self), try $0.decode(column: "mark", as: Int.self)) }
            guard dirty.count > refreshedAtSwap else { return }
            for chunk in dirty.chunked(500) {
                try await OutcomeRollups.refresh(students: chunk.map(\.0), districtID: districtID, year: year, generation: generation,
                                                 currentYear: currentYear, db: db)
            }
            for chunk in dirty.chunked(250) {
                let caught = chunk.map { SQLQueryString("(student_id = \(bind: $0.0) AND mark = \(bind: $0.1))") }
                try await sql.raw("""
                    DELETE FROM outcome_dirty WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                    AND (\(caught.joined(separator: " OR ")))
                    """).run()
            }
        }
    }

    /// Steps 4 and 5: the generation becomes current with the students changed meanwhile
    /// refreshed, in the writer; then older generations go, beside it.
    static func finish(_ generation: Int, districtID: UUID, year: ReportingYear, db: any Database, services: PathworkServices) async throws {
        let actor = Actor.system("outcomes", districtID: districtID)
        let swapped: Bool = try await AuditLog.change(on: db, by: actor, services: services) { tx, _ in
            let sql = try tx.sql()
            let row = try await sql.raw("""
                SELECT building FROM outcome_years WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                """).first()
            guard try row?.decode(column: "building", as: Int?.self) == generation else { return false }
            try await sql.raw("""
                UPDATE outcome_years SET generation = \(bind: generation), building = NULL, builder = NULL
                WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                """).run()
            let dirty = try await sql.raw("""
                SELECT student_id FROM outcome_dirty WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                """).all().map { try $0.decode(column: "student_id", as: UUID.self) }
            try await OutcomeRollups.refresh(students: dirty, districtID: districtID, year: year, generation: generation,
                                             currentYear: OutcomeRecords.schoolYear(of: services.clock.now()), db: tx)
            try await sql.raw("DELETE FROM outcome_dirty WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)").run()
            return true
        }
        if swapped {
            let beside = services.longWorkDatabase(or: db)
            try await services.besideRequests {
                try await dropGenerations(districtID: districtID, year: year, where: "< \(bind: generation)", db: beside)
            }
        }
    }

    /// Deletes generations beside the writer: the cells at once (a few hundred rows), the
    /// students' rows 1,000 at a time with a pause between, since one statement deleting a whole
    /// year held SQLite's write lock, and every clock-in, for half a second.
    private static func dropGenerations(districtID: UUID, year: ReportingYear, where condition: SQLQueryString, db: any Database) async throws {
        let sql = try db.sql()
        let scope: SQLQueryString = "district_id = \(bind: districtID) AND year = \(bind: year.start) AND generation " + condition
        try await sql.raw("DELETE FROM outcome_cells WHERE " + scope).run()
        while true {
            let rows = try await sql.raw("SELECT student_id, generation FROM outcome_student_years WHERE " + scope + " LIMIT 1000").all()
            guard !rows.isEmpty else { return }
            let byGeneration = Dictionary(grouping: try rows.map { (try $0.decode(column: "generation", as: Int.self), try $0.decode(column: "student_id", as: UUID.self)) },
                                          by: \.0)
            for (generation, students) in byGeneration {
                try await sql.raw("""
                    DELETE FROM outcome_student_years WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)
                    AND generation = \(bind: generation) AND student_id IN (\(binds: students.map { $0.1 as any Encodable & Sendable }))
                    """).run()
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
