import Foundation
import PathworkDomain
import SQLKit

/// Each student's work-based learning in a school year, from the raw tables: Explore events
/// attended, placements running (their stage and who paid), worksite hours approved, and
/// final evaluations at the rubric's proficient level.
enum WorkBasedLearningRecords {
    struct Year: Sendable {
        var stages: Set<CareerConnectStage> = []
        var pay: Set<OpportunityPay> = []
        var minutes = 0
        /// Paid worksite hours, which count as paid work with team time.
        var paidMinutes = 0
        var paidMinuteCents = 0
        var proficient = false
        var ventureWork = false
        var pitched = false
        var stageCompleted = false
    }

    static func read(districtID: UUID, first: String, last: String, named: (String) -> SQLQueryString, sql: any SQLDatabase) async throws -> [UUID: Year] {
        var years: [UUID: Year] = [:]
        let attended = try await sql.raw("""
            SELECT a.student_id AS id, o.stage AS stage FROM event_attendance a JOIN opportunities o ON o.id = a.opportunity_id
            WHERE a.district_id = \(bind: districtID) AND a.attended_on >= \(bind: first) AND a.attended_on <= \(bind: last) \(named("a.student_id"))
            """).all()
        for row in attended {
            if let stage = CareerConnectStage(rawValue: try row.decode(column: "stage", as: String.self)) {
                years[try row.decode(column: "id", as: UUID.self), default: Year()].stages.insert(stage)
            }
        }
        // A placement counts in every year it runs in once it has started (everyone signed
        // once), and stays counted when re-signed, completed or ended early.
        let placements = try await sql.raw("""
            SELECT p.student_id AS id, o.stage AS stage, p.pay AS pay,
                   (SELECT MAX(CASE WHEN e.proficient THEN 1 ELSE 0 END) FROM placement_evaluations e WHERE e.placement_id = p.id AND e.point = 'final') AS proficient
            FROM placements p JOIN opportunities o ON o.id = p.opportunity_id
            WHERE p.district_id = \(bind: districtID) AND p.started_at IS NOT NULL
              AND p.starts_on <= \(bind: last) AND p.ends_on >= \(bind: first) \(named("p.student_id"))
            """).all()
        for row in placements {
            let id = try row.decode(column: "id", as: UUID.self)
            if let stage = CareerConnectStage(rawValue: try row.decode(column: "stage", as: String.self)) { years[id, default: Year()].stages.insert(stage) }
            if let pay = OpportunityPay(rawValue: try row.decode(column: "pay", as: String.self)) { years[id, default: Year()].pay.insert(pay) }
            if (try row.decode(column: "proficient", as: Int?.self) ?? 0) == 1 { years[id, default: Year()].proficient = true }
        }
        let hours = try await sql.raw("""
            SELECT student_id AS id, CAST(SUM(minutes) AS BIGINT) AS minutes,
                   CAST(SUM(CASE WHEN paid_by <> 'unpaid' THEN minutes ELSE 0 END) AS BIGINT) AS paid_minutes,
                   CAST(SUM(CASE WHEN paid_by <> 'unpaid' THEN minutes * COALESCE(hourly_wage_cents, 0) ELSE 0 END) AS BIGINT) AS minute_cents
            FROM placement_hours
            WHERE district_id = \(bind: districtID) AND status = 'approved' AND work_date >= \(bind: first) AND work_date <= \(bind: last) \(named("student_id"))
            GROUP BY student_id
            """).all()
        for row in hours {
            let id = try row.decode(column: "id", as: UUID.self)
            years[id, default: Year()].minutes = try row.decode(column: "minutes", as: Int.self)
            years[id, default: Year()].paidMinutes = try row.decode(column: "paid_minutes", as: Int.self)
            years[id, default: Year()].paidMinuteCents = try row.decode(column: "minute_cents", as: Int.self)
        }
        // The entrepreneurship pathway: a venture's members, where it interviewed, made a
        // prototype or pitched in the year; pitching at an event that closed in it.
        let busy = try await sql.raw("""
            SELECT DISTINCT m.student_id AS id FROM venture_members m
            WHERE m.district_id = \(bind: districtID) AND m.joined_on <= \(bind: last) \(named("m.student_id")) AND (
              EXISTS (SELECT 1 FROM customer_interviews i WHERE i.venture_id = m.venture_id AND i.interviewed_on >= \(bind: first) AND i.interviewed_on <= \(bind: last))
              OR EXISTS (SELECT 1 FROM venture_prototypes p WHERE p.venture_id = m.venture_id AND p.made_on >= \(bind: first) AND p.made_on <= \(bind: last)))
            """).all()
        for row in busy { years[try row.decode(column: "id", as: UUID.self), default: Year()].ventureWork = true }
        let pitched = try await sql.raw("""
            SELECT DISTINCT m.student_id AS id FROM venture_members m
            JOIN pitch_slots s ON s.venture_id = m.venture_id JOIN pitch_events e ON e.id = s.event_id
            WHERE m.district_id = \(bind: districtID) AND e.status = 'closed' AND e.held_on >= \(bind: first) AND e.held_on <= \(bind: last) \(named("m.student_id"))
            """).all()
        for row in pitched { years[try row.decode(column: "id", as: UUID.self), default: Year()].pitched = true }
        let completed = try await sql.raw("""
            SELECT DISTINCT m.student_id AS id FROM venture_members m JOIN venture_stage_completions c ON c.venture_id = m.venture_id
            WHERE m.district_id = \(bind: districtID) AND c.completed_on >= \(bind: first) AND c.completed_on <= \(bind: last) \(named("m.student_id"))
            """).all()
        for row in completed { years[try row.decode(column: "id", as: UUID.self), default: Year()].stageCompleted = true }
        return years
    }
}
