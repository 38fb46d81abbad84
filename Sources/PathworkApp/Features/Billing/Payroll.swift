import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// Pay periods and the payroll a payroll office loads.
enum Payroll {
    static func createPeriod(startsOn: String?, endsOn: String?, on req: Request) async throws -> PayPeriod {
        let (span, errors) = DateSpan.read(startsOn, endsOn, fields: ("startsOn", "endsOn"), longestDays: 31,
                                           tooLong: "A pay period is 32 days at most.")
        guard let span else { throw PathworkError.invalid(errors) }
        let (start, end) = (span.first, span.last)
        return try await req.change { tenant, audit in
            if let clash = try await tenant.query(PayPeriod.self).filter(\.$startsOn <= end.description)
                .filter(\.$endsOn >= start.description).first() {
                throw PathworkError.conflict("pay-period.overlap", "This overlaps the pay period \(clash.startsOn) to \(clash.endsOn).", field: "startsOn")
            }
            let period = PayPeriod()
            period.districtID = tenant.districtID
            period.startsOn = start.description
            period.endsOn = end.description
            try await period.create(on: tenant.db)
            audit.created("payPeriod", id: period.id, try PayPeriodJSON(period))
            return period
        }
    }

    /// Closing locks the period's time. Every entry in it must be decided first, so nobody's
    /// work is locked out of pay unseen.
    static func close(_ id: UUID, on req: Request) async throws -> PayPeriod {
        let viewer = try req.viewer
        let now = req.now
        return try await req.change { tenant, audit in
            let period = try await tenant.find(PayPeriod.self, id)
            guard !period.isClosed else { throw PathworkError.conflict("pay-period.closed", "This pay period is already closed.") }
            let undecided = try await tenant.query(TimeEntry.self).filter(\.$workDate >= period.startsOn).filter(\.$workDate <= period.endsOn)
                .filter(\.$status != .approved).count()
                + (try await undecidedWorksiteHours(from: period.startsOn, to: period.endsOn, tenant: tenant))
            if undecided > 0 {
                throw PathworkError.conflict("pay-period.undecided",
                                             "\(undecided) entr\(undecided == 1 ? "y" : "ies") in this period still need a decision (running, draft, submitted or rejected).")
            }
            let before = try PayPeriodJSON(period)
            period.closedAt = now
            period.closedBy = viewer.personID
            try await period.save(on: tenant.db)
            audit.updated("payPeriod", id: period.id, from: before, to: try PayPeriodJSON(period))
            return period
        }
    }

    /// District-paid hours at partners' worksites in the period not yet approved (running,
    /// waiting for the supervisor, or rejected and not taken back): they hold the close as
    /// team time does.
    /// Read by table name, as the labor engine reads them (placements lie above billing).
    static func undecidedWorksiteHours(from start: String, to end: String, tenant: Tenant) async throws -> Int {
        try await tenant.db.sql().raw("""
            SELECT COUNT(*) AS n FROM placement_hours
            WHERE district_id = \(bind: tenant.districtID) AND paid_by = 'districtPaid' AND status <> 'approved'
              AND work_date >= \(bind: start) AND work_date <= \(bind: end)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    struct Row: Sendable, Equatable {
        var studentID: UUID
        var studentNumber: String
        var familyName: String
        var givenName: String
        var approvedMinutes: Int
        /// Hourly cents applied, lowest first.
        var wages: [Int]
        var grossPayCents: Int
    }

    /// One row per student with approved time in the period, straight from one grouped query:
    /// minutes per student and wage, then minutes × wage summed and divided by 60 once.
    static func rows(districtID: UUID, from start: String, to end: String, on db: any Database) async throws -> [Row] {
        let sql = try db.sql()
        // Aggregate first, then name: grouping 100k rows by two numbers is half the work of
        // grouping them by the names and student number as well (measured on SQLite).
        let found = try await sql.raw("""
            SELECT g.student_id AS student_id, g.wage AS wage, g.minutes AS minutes,
                   p.given_name AS given_name, p.family_name AS family_name, s.student_number AS student_number
            FROM (SELECT student_id, hourly_wage_cents AS wage, CAST(SUM(minutes) AS BIGINT) AS minutes
                  FROM time_entries
                  WHERE district_id = \(bind: districtID) AND status = 'approved'
                    AND work_date >= \(bind: start) AND work_date <= \(bind: end)
                  GROUP BY student_id, hourly_wage_cents) g
            JOIN people p ON p.id = g.student_id
            JOIN student_profiles s ON s.person_id = g.student_id
            """).all()
            // Hours at a partner's worksite that the district pays, approved by the supervisor,
            // are paid exactly as team time is: minutes at the wage fixed at approval.
            + sql.raw("""
            SELECT g.student_id AS student_id, g.wage AS wage, g.minutes AS minutes,
                   p.given_name AS given_name, p.family_name AS family_name, s.student_number AS student_number
            FROM (SELECT student_id, hourly_wage_cents AS wage, CAST(SUM(minutes) AS BIGINT) AS minutes
                  FROM placement_hours
                  WHERE district_id = \(bind: districtID) AND status = 'approved' AND paid_by = 'districtPaid'
                    AND work_date >= \(bind: start) AND work_date <= \(bind: end)
                  GROUP BY student_id, hourly_wage_cents) g
            JOIN people p ON p.id = g.student_id
            JOIN student_profiles s ON s.person_id = g.student_id
            """).all()
        var byStudent: [UUID: (row: Row, paid: [PayArithmetic.PaidEntry])] = [:]
        for result in found {
            let id = try result.decode(column: "student_id", as: UUID.self)
            let wage = try result.decode(column: "wage", as: Int?.self) ?? 0
            let minutes = try result.decode(column: "minutes", as: Int.self)
            var entry: (row: Row, paid: [PayArithmetic.PaidEntry])
            if let known = byStudent[id] { entry = known } else {
                entry = (Row(studentID: id, studentNumber: try result.decode(column: "student_number", as: String.self),
                             familyName: try result.decode(column: "family_name", as: String.self),
                             givenName: try result.decode(column: "given_name", as: String.self),
                             approvedMinutes: 0, wages: [], grossPayCents: 0), [])
            }
            entry.row.approvedMinutes += minutes
            if minutes != 0 && !entry.row.wages.contains(wage) { entry.row.wages.append(wage) }
            entry.paid.append(PayArithmetic.PaidEntry(minutes: minutes, hourlyWageCents: wage))
            byStudent[id] = entry
        }
        return byStudent.values.map { item in
            var row = item.row
            row.wages.sort()
            row.grossPayCents = PayArithmetic.grossPayCents(item.paid)
            return row
        }.sorted { ($0.familyName, $0.givenName, $0.studentNumber) < ($1.familyName, $1.givenName, $1.studentNumber) }
    }

    /// The payroll CSV of the pay period named in the path.
    static func download(_ req: Request) async throws -> Response {
        try req.viewer.require(.runPayroll)
        let period = try await req.tenant.find(PayPeriod.self, req.parameters.get("periodID"))
        let rows = try await rows(districtID: period.districtID, from: period.startsOn, to: period.endsOn, on: req.db)
        return Response.csv(csv(rows), filename: "payroll-\(period.startsOn)-\(period.endsOn).csv")
    }

    static let csvHeader = ["studentNumber", "familyName", "givenName", "approvedMinutes", "hourlyWageCents", "grossPayCents"]

    static func csv(_ rows: [Row]) -> String {
        CSVWriter.row(csvHeader) + rows.map { row in
            CSVWriter.row([CSVWriter.cell(row.studentNumber), CSVWriter.cell(row.familyName), CSVWriter.cell(row.givenName),
                           CSVWriter.cell(row.approvedMinutes), CSVWriter.cell(row.wages.map(String.init).joined(separator: ";")),
                           CSVWriter.cell(row.grossPayCents)])
        }.joined()
    }
}
