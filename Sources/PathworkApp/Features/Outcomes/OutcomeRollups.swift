import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Outcome rollups: per district, year, school and student group, the sums a dashboard shows,
/// so it reads a few hundred rows instead of every student's records.
///
/// A district's year is built from the raw records the first time it is asked for (and by the
/// generator), beside the writer (`OutcomeBuild`); from then on every change that touches a
/// student's outcome refreshes that student inside the same change (`OutcomeObserver`), so the
/// rollup always equals the raw aggregate. Rows carry a generation: readers see the one
/// `outcome_years` names, and a rebuild writes the next one while that one keeps serving. Each student's contribution is kept (`outcome_student_years`), so a refresh
/// subtracts what the student gave before and adds what they give now. The rollups are derived
/// data and are not audited themselves; the changes that move them are.
enum OutcomeRollups {
    /// A school key for students at no school; a real NULL would not match in the upsert.
    static let noSchool = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
    static let allToken = "all"
    /// One per indicator, in `OutcomeIndicator`'s order.
    static let countColumns = ["n_participants", "n_paid_work", "n_accepted_deliverables", "n_credentials", "n_concentrators", "n_work_based_learning",
                               "n_career_explore", "n_career_prep", "n_career_launch", "n_worksite_placement", "n_paid_placement", "n_unpaid_placement",
                               "n_evaluated_proficient", "n_entrepreneurship", "n_pitch_given", "n_venture_stage",
                               "n_dual_credit", "n_beyond_plan"]
    /// Perkins V: for each indicator, students in its denominator and in its numerator.
    static let perkinsColumns = PerkinsIndicator.allCases.flatMap { ["p\($0.rawValue.lowercased())_counted", "p\($0.rawValue.lowercased())_met"] }
    /// Every yes-or-no a student contributes, one column each, in the order of `flags`.
    static let flagColumns = countColumns + perkinsColumns

    static func flags(_ outcome: StudentYearOutcome) -> [Bool] {
        OutcomeIndicator.allCases.map(outcome.meets) + PerkinsIndicator.allCases.flatMap { [outcome.perkins.counted.contains($0), outcome.perkins.met.contains($0)] }
    }

    /// The amounts summed beside the counts, kept per student too.
    static let sumColumns = ["paid_minutes", "earnings_cents", "placement_minutes"]

    // MARK: Reading

    static func tallies(districtIDs: [UUID], year: ReportingYear, schoolID: UUID?, db: any Database) async throws -> OutcomeTallies {
        let sql = try db.sql()
        let school: SQLQueryString = schoolID.map { " AND school_key = \(bind: $0)" } ?? ""
        let sums = (["enrolled"] + flagColumns + sumColumns).map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }.joined(separator: ", ")
        let rows = try await sql.raw("""
            SELECT group_token, \(unsafeRaw: sums) FROM outcome_cells c
            JOIN outcome_years y ON y.district_id = c.district_id AND y.year = c.year AND y.generation = c.generation
            WHERE c.district_id IN (\(binds: districtIDs.map { $0 as any Encodable & Sendable })) AND c.year = \(bind: year.start)
            """ + school + " GROUP BY group_token").all()
        var tallies = OutcomeTallies()
        let groups = Dictionary(uniqueKeysWithValues: GroupDimension.allCases.flatMap(\.groups).map { ($0.token, $0) })
        for row in rows {
            var tally = GroupTally(enrolled: try row.decode(column: "enrolled", as: Int.self),
                                   paidMinutes: try row.decode(column: "paid_minutes", as: Int.self),
                                   earningsCents: try row.decode(column: "earnings_cents", as: Int.self),
                                   placementMinutes: try row.decode(column: "placement_minutes", as: Int.self))
            for (indicator, column) in zip(OutcomeIndicator.allCases, countColumns) { tally.counts[indicator] = try row.decode(column: column, as: Int.self) }
            for (index, indicator) in PerkinsIndicator.allCases.enumerated() {
                tally.perkinsCounted[indicator] = try row.decode(column: perkinsColumns[2 * index], as: Int.self)
                tally.perkinsMet[indicator] = try row.decode(column: perkinsColumns[2 * index + 1], as: Int.self)
            }
            let token = try row.decode(column: "group_token", as: String.self)
            if token == allToken { tallies.all = tally } else if let group = groups[token] { tallies.groups[group] = tally }
        }
        return tallies
    }

    // MARK: Building and refreshing

    /// Rebuilds a district's year from the raw records in one go, replacing whatever was there:
    /// for the generator and tests, where nothing else writes meanwhile. Requests build beside
    /// the writer instead (`OutcomeBuild`).
    static func rebuild(districtID: UUID, year: ReportingYear, currentYear: Int, db: any Database) async throws {
        let sql = try db.sql()
        for table in ["outcome_cells", "outcome_student_years", "outcome_years", "outcome_dirty"] {
            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE district_id = \(bind: districtID) AND year = \(bind: year.start)").run()
        }
        let students = try await OutcomeRecords.students(districtID: districtID, year: year, scope: .district, currentYear: currentYear, db: db)
        try await apply(districtID: districtID, year: year, generation: 1, removed: [], added: students, db: db)
        try await sql.raw("INSERT INTO outcome_years (district_id, year, generation) VALUES (\(bind: districtID), \(bind: year.start), 1)").run()
    }

    /// Re-reads the named students' year from the raw records and moves the cells of one
    /// generation by the difference.
    static func refresh(students: [UUID], districtID: UUID, year: ReportingYear, generation: Int, currentYear: Int, db: any Database) async throws {
        guard !students.isEmpty else { return }
        let sql = try db.sql()
        let ids = students.map { $0 as any Encodable & Sendable }
        let stored = try await sql.raw("""
            SELECT student_id, school_key, groups, meets, paid_minutes, earnings_cents, placement_minutes FROM outcome_student_years
            WHERE district_id = \(bind: districtID) AND year = \(bind: year.start) AND generation = \(bind: generation) AND student_id IN (\(binds: ids))
            """).all().map { row in
                Contribution(studentID: try row.decode(column: "student_id", as: UUID.self), schoolKey: try row.decode(column: "school_key", as: UUID.self),
                             groups: try row.decode(column: "groups", as: String.self).split(separator: ",").map(String.init),
                             meets: try row.decode(column: "meets", as: Int.self), paidMinutes: try row.decode(column: "paid_minutes", as: Int.self),
                             earningsCents: try row.decode(column: "earnings_cents", as: Int.self),
                             placementMinutes: try row.decode(column: "placement_minutes", as: Int.self))
            }
        let current = try await OutcomeRecords.students(districtID: districtID, year: year, scope: .district, only: students, currentYear: currentYear, db: db)
        try await sql.raw("""
            DELETE FROM outcome_student_years
            WHERE district_id = \(bind: districtID) AND year = \(bind: year.start) AND generation = \(bind: generation) AND student_id IN (\(binds: ids))
            """).run()
        try await apply(districtID: districtID, year: year, generation: generation, removed: stored, added: current, db: db)
    }

    /// One student's part of the cells: which cells, and how much in each column.
    struct Contribution {
        let studentID: UUID
        let schoolKey: UUID
        let groups: [String]
        let meets: Int
        let paidMinutes: Int
        let earningsCents: Int
        let placementMinutes: Int

        init(studentID: UUID, schoolKey: UUID, groups: [String], meets: Int, paidMinutes: Int, earningsCents: Int, placementMinutes: Int) {
            self.studentID = studentID; self.schoolKey = schoolKey; self.groups = groups; self.meets = meets
            self.paidMinutes = paidMinutes; self.earningsCents = earningsCents; self.placementMinutes = placementMinutes
        }

        init(_ student: OutcomeRecords.Student) {
            let outcome = student.outcome
            self.init(studentID: student.id, schoolKey: student.schoolID ?? OutcomeRollups.noSchool, groups: outcome.attributes.groups.map(\.token),
                      meets: OutcomeRollups.flags(outcome).enumerated().reduce(0) { $0 | ($1.element ? 1 << $1.offset : 0) },
                      paidMinutes: max(outcome.approvedMinutes, 0), earningsCents: max(outcome.earningsCents, 0),
                      placementMinutes: max(outcome.placementMinutes, 0))
        }

        var values: [Int] { [1] + OutcomeRollups.flagColumns.indices.map { meets & (1 << $0) != 0 ? 1 : 0 } + [paidMinutes, earningsCents, placementMinutes] }
    }

    private struct CellKey: Hashable { let school: UUID; let token: String }

    /// Adds `added` to one generation's cells and takes `removed` away, and keeps the added
    /// contributions. Statements of 500 rows each, so a build beside the writer holds SQLite's
    /// write lock only briefly at a time; with `pause`, it waits that long between them, since
    /// SQLite's lock is not fair and back-to-back statements kept the writer from it.
    static func apply(districtID: UUID, year: ReportingYear, generation: Int, removed: [Contribution], added: [OutcomeRecords.Student],
                      pause: Duration = .zero, db: any Database) async throws {
        let sql = try db.sql()
        let additions = added.map(Contribution.init)
        var deltas: [CellKey: [Int]] = [:]
        for (contribution, sign) in removed.map({ ($0, -1) }) + additions.map({ ($0, 1) }) {
            for token in [allToken] + contribution.groups {
                let key = CellKey(school: contribution.schoolKey, token: token)
                let values = contribution.values.map { $0 * sign }
                deltas[key] = zip(deltas[key] ?? Array(repeating: 0, count: values.count), values).map(+)
            }
        }
        let columns = ["enrolled"] + flagColumns + sumColumns
        let changed = deltas.filter { $0.value.contains { $0 != 0 } }
        for chunk in Array(changed).chunked(500) {
            let rows = chunk.map { key, values in
                SQLQueryString("(\(bind: districtID), \(bind: year.start), \(bind: generation), \(bind: key.school), \(bind: key.token), \(binds: values.map { $0 as any Encodable & Sendable }))")
            }
            try await sql.raw("""
                INSERT INTO outcome_cells (district_id, year, generation, school_key, group_token, \(unsafeRaw: columns.joined(separator: ", ")))
                VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (district_id, year, generation, school_key, group_token) DO UPDATE SET
                \(unsafeRaw: columns.map { "\($0) = outcome_cells.\($0) + excluded.\($0)" }.joined(separator: ", "))
                """).run()
        }
        for chunk in additions.chunked(500) {
            if pause > .zero { try await Task.sleep(for: pause) }
            let rows = chunk.map { c in
                SQLQueryString("(\(bind: districtID), \(bind: year.start), \(bind: generation), \(bind: c.studentID), \(bind: c.schoolKey), \(bind: c.groups.joined(separator: ",")), \(bind: c.meets), \(bind: c.paidMinutes), \(bind: c.earningsCents), \(bind: c.placementMinutes))")
            }
            try await sql.raw("""
                INSERT INTO outcome_student_years (district_id, year, generation, student_id, school_key, groups, meets, paid_minutes, earnings_cents, placement_minutes)
                VALUES \(rows.joined(separator: ", "))
                """).run()
        }
    }
}
