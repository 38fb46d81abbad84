import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The scope's client work in a school year: counts of clients, deliverables and reviews, not of
/// students, so they are shown for the scope as a whole and never by student group.
struct ClientWorkFigures: Sendable, Equatable {
    var clientsServed = 0
    var deliverablesAccepted = 0
    var reviews = 0
    /// Sum of the reviews' 1–5 satisfaction, for an exact average.
    var satisfactionTotal = 0

    /// Average satisfaction in tenths, e.g. 43 for 4.3 of 5; nil without reviews.
    var satisfactionTenths: Int? { reviews > 0 ? OutcomeArithmetic.rounded(satisfactionTotal, over: reviews, scale: 10) : nil }

    var sentence: String {
        "\(clientsServed) client\(clientsServed == 1 ? "" : "s") served; \(deliverablesAccepted) deliverable\(deliverablesAccepted == 1 ? "" : "s") "
            + "accepted (due this year); client satisfaction "
            + (satisfactionTenths.map { "\(OutcomeArithmetic.decimal($0, places: 1)) of 5 from \(reviews) review\(reviews == 1 ? "" : "s")" } ?? "not yet reviewed")
            + "."
    }

    /// Engagements active at some point in the year (not proposed or cancelled), in the districts
    /// and, for a program or team, on its teams.
    static func load(districtIDs: [UUID], year: ReportingYear, scope: OutcomeScope, db: any Database) async throws -> ClientWorkFigures? {
        let teams: SQLQueryString
        switch scope {
        case .district, .network: teams = ""
        case .school: return nil
        case .program(let id): teams = " AND e.team_id IN (SELECT id FROM teams WHERE program_id = \(bind: id))"
        case .team(let id): teams = " AND e.team_id = \(bind: id)"
        }
        let ids = districtIDs.map { $0 as any Encodable & Sendable }
        let active: SQLQueryString = """
            e.district_id IN (\(binds: ids)) AND e.status IN ('active', 'onHold', 'completed')
            AND e.starts_on <= \(bind: year.lastDay) AND (e.ends_on IS NULL OR e.ends_on >= \(bind: year.firstDay))
            """ + teams
        let sql = try db.sql()
        var figures = ClientWorkFigures()
        figures.clientsServed = try await sql.raw("SELECT COUNT(DISTINCT e.client_id) AS n FROM engagements e WHERE " + active).first()?
            .decode(column: "n", as: Int.self) ?? 0
        figures.deliverablesAccepted = try await sql.raw("""
            SELECT COUNT(*) AS n FROM deliverables d JOIN engagements e ON e.id = d.engagement_id
            WHERE d.status = 'accepted' AND d.due_on >= \(bind: year.firstDay) AND d.due_on <= \(bind: year.lastDay) AND
            """ + " " + active).first()?.decode(column: "n", as: Int.self) ?? 0
        if let row = try await sql.raw("""
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(f.satisfaction), 0) AS BIGINT) AS total FROM engagement_feedback f
            JOIN engagements e ON e.id = f.engagement_id WHERE
            """ + " " + active).first() {
            figures.reviews = try row.decode(column: "n", as: Int.self)
            figures.satisfactionTotal = try row.decode(column: "total", as: Int.self)
        }
        return figures
    }
}
