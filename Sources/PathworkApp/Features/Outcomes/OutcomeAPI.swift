import Foundation
import PathworkDomain
import Vapor

/// `GET /api/v1/outcomes`: the dashboard's report for integrators, as JSON rows when asked
/// with `Accept: application/json` and as the page's CSV otherwise. Parameters are checked
/// before the handler runs (`QueryParameter`), so a wrong one is a 400, never a default.
enum OutcomeAPI {
    struct Cell: Content {
        var count: Int?
        /// Tenths of a percent, tenths of a point and hundredths: integers, as every figure here.
        var rateTenths: Int?
        var gapTenths: Int?
        var representationHundredths: Int?
        var suppressed: Bool
    }

    struct Row: Content {
        /// `all`, or the group's token (`race:asian`, `flag.englishLearner:yes`).
        var group: String
        var title: String
        var enrolled: Int?
        var enrolledSuppressed: Bool
        var indicators: [String: Cell]
        var paidMinutes: Int?
        var earningsCents: Int?
        var placementMinutes: Int?
    }

    struct Report: Content {
        var schoolYear: String
        var scope: String
        var groupBy: String
        var minimumCell: Int
        var rows: [Row]
    }

    static func json(_ report: OutcomeReport, selection: OutcomePages.Selection) -> Report {
        func row(_ row: OutcomeRow) -> Row {
            Row(group: row.group?.token ?? "all", title: row.title, enrolled: row.enrolled, enrolledSuppressed: row.enrolledSuppressed,
                indicators: Dictionary(uniqueKeysWithValues: OutcomeIndicator.allCases.map { indicator in
                    let cell = row.cell(indicator)
                    return (indicator.rawValue, Cell(count: cell.count, rateTenths: cell.rateTenths, gapTenths: cell.gapTenths,
                                                     representationHundredths: cell.representationHundredths, suppressed: cell.suppressed))
                }),
                paidMinutes: row.paidMinutes, earningsCents: row.earningsCents, placementMinutes: row.placementMinutes)
        }
        return Report(schoolYear: selection.year.token, scope: selection.scope == .district ? "district" : selection.scope.token,
                      groupBy: selection.dimension.token, minimumCell: report.minimumCell,
                      rows: [row(report.all)] + report.rows(selection.dimension).map(row))
    }

    static var schema: Schema {
        let cell = Schema.object([("count", .nullable(.integer())), ("rateTenths", .nullable(.integer())), ("gapTenths", .nullable(.integer())),
                                  ("representationHundredths", .nullable(.integer())), ("suppressed", .boolean)], required: ["suppressed"])
        let row = Schema.object([("group", .string()), ("title", .string()), ("enrolled", .nullable(.integer())),
                                 ("enrolledSuppressed", .boolean),
                                 ("indicators", .object(OutcomeIndicator.allCases.map { ($0.rawValue, cell) }, required: OutcomeIndicator.allCases.map(\.rawValue))),
                                 ("paidMinutes", .nullable(.integer())), ("earningsCents", .nullable(.integer())),
                                 ("placementMinutes", .nullable(.integer()))],
                                required: ["group", "title", "enrolledSuppressed", "indicators"])
        return .object([("schoolYear", .string()), ("scope", .string()), ("groupBy", .string()), ("minimumCell", .integer()),
                        ("rows", .array(row))], required: ["schoolYear", "scope", "groupBy", "minimumCell", "rows"])
    }

    static let dimensions = GroupDimension.allCases.map(\.token)
    /// The pattern of a report's `scope` parameter: `district`, or one of `kinds` with its id.
    /// Each report lists only the scopes it answers, so a client the document leads to a scope
    /// the report refuses is never told the request was valid.
    static func scopePattern(_ kinds: [String]) -> String {
        "^(district|(\(kinds.joined(separator: "|"))):[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$"
    }

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("OutcomeReport", schema)
        let groupBy = "race, sex, locale or flag.<studentFlag>"
        api.endpoint(APIOperation(method: .GET, path: ["outcomes"],
                                  summary: "A school year's indicators by student group, suppressed: JSON rows with Accept: application/json, CSV otherwise",
                                  tag: "Outcomes",
                                  query: [
                                      .choice("schoolYear", (2000...2099).map { ReportingYear(start: $0).token }, "a school year such as 2026-2027"),
                                      .integer("year", 2000...2100, "first calendar year of the school year, e.g. 2026 (schoolYear says the same)"),
                                      .matching("scope", pattern: scopePattern(["school", "program", "team", "network"]), "district, school:<id>, program:<id>, team:<id> or network:<id>") {
                                          OutcomeScope(strict: $0) != nil
                                      },
                                      .choice("groupBy", dimensions, groupBy), .choice("by", dimensions, groupBy + " (groupBy says the same)"),
                                      .choice("indicator", OutcomeIndicator.allCases.map(\.rawValue), "the indicator the CSV shows; JSON has them all"),
                                      .choice("source", ["rollups", "records"], "rollups (default) or records: count from the raw tables, to check the rollups"),
                                  ],
                                  response: .ref("OutcomeReport"), produces: "application/json",
                                  alsoProduces: [(type: "text/csv", schema: .string())]), registry: registry) { req in
            let selection = OutcomePages.Selection(req)
            let report = try await OutcomePages.report(req, selection)
            let wantsJSON = req.headers.accept.mediaTypes.contains { $0 == .json }
            if wantsJSON { return try await json(report, selection: selection).encodeResponse(for: req) }
            return Response.csv(OutcomePages.csv(report, selection: selection), filename: "outcomes.csv")
        }
    }
}
