import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/outcomes/perkins`: the Perkins V secondary report for a school year — each indicator's
/// numerator, denominator and rate for all concentrators and by ESEA subgroup and special
/// population, suppressed, with the definitions and their sources — as a page, as the long CSV
/// a state collection loads (one row per indicator and group) and as JSON. It reads the outcome
/// rollups, which carry each student's part in every indicator.
enum PerkinsPages {
    static let suppressedText = OutcomePages.suppressedText

    static func register(_ pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        pages.get(SiteRoute.perkins.pattern) { req async throws -> Page in try await page(req) }
        pages.get(SiteRoute.perkinsCSV.pattern) { req async throws -> Response in
            let (selection, tables, _) = try await report(req)
            return .csv(csv(tables, selection), filename: "perkins-\(selection.year.token).csv")
        }
        registry.define("PerkinsReport", schema)
        let dimensions = PerkinsReport.dimensions.map(\.token)
        api.endpoint(APIOperation(method: .GET, path: ["perkins"],
                                  summary: "The Perkins V secondary indicators of a school year: numerator, denominator and rate by group, suppressed",
                                  tag: "Outcomes",
                                  query: [
                                      .choice("schoolYear", (2000...2099).map { ReportingYear(start: $0).token }, "a school year such as 2025-2026"),
                                      .integer("year", 2000...2100, "first calendar year of the school year (schoolYear says the same)"),
                                      .matching("scope", pattern: OutcomeAPI.scopePattern(["school", "network"]),
                                                "district, school:<id> or network:<id>") {
                                          switch OutcomeScope(strict: $0) { case .district?, .school?, .network?: true; default: false }
                                      },
                                      .choice("source", ["rollups", "records"], "rollups (default) or records: count from the raw tables"),
                                  ],
                                  response: .ref("PerkinsReport")), registry: registry) { req in
            let (selection, tables, rule) = try await report(req)
            return json(tables, selection, rule: rule)
        }
        PerkinsSettingsPages.register(pages)
    }

    static func report(_ req: Request) async throws -> (OutcomePages.Selection, [PerkinsIndicator: SuppressedTable<PerkinsReport.Measure>], ConcentratorRule) {
        var selection = OutcomePages.Selection(req)
        if !PerkinsReport.dimensions.contains(selection.dimension) { selection.dimension = .raceEthnicity }
        if case .program = selection.scope { throw Abort(.badRequest, reason: "The Perkins report is for the district, a school or a network.") }
        if case .team = selection.scope { throw Abort(.badRequest, reason: "The Perkins report is for the district, a school or a network.") }
        let (tallies, minimum) = try await OutcomePages.scopedTallies(req, selection)
        return (selection, PerkinsReport.build(tallies, minimumCell: minimum), try await PerkinsRecords.rule(districtID: try req.tenant.districtID, db: req.db))
    }

    /// "12 of 30 (40.0%)", or suppressed.
    static func text(_ row: ShownRow<PerkinsReport.Measure>) -> String {
        let cell = row.cell(.met)
        guard let counted = row.enrolled else { return suppressedText }
        if counted == 0 { return "none counted" }
        guard !cell.suppressed, let met = cell.count else { return "\(suppressedText) of \(counted)" }
        return "\(met) of \(counted) (\(cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) + "%" } ?? "—"))"
    }

    static func page(_ req: Request) async throws -> Page {
        let (selection, tables, rule) = try await report(req)
        let viewer = try req.viewer
        let tenant = try req.tenant
        let schools = try await tenant.query(School.self).sort(\.$name).all()
        let networks = try await Networks.visible(to: viewer, db: req.db)
        let scopes: [(value: String, title: String)] = [(value: "", title: "Whole district")]
            + (try networks.map { (value: OutcomeScope.network(try $0.requireID()).token, title: "Network: \($0.name) (all its districts)") })
            + (try schools.map { (value: OutcomeScope.school(try $0.requireID()).token, title: "School: \($0.name)") })
        let years = (0..<5).map { ReportingYear.containing(req.today).start - $0 }
        let groups = selection.dimension.groups
        return Layout.page("Perkins V secondary report \(selection.year.title)", viewer: viewer, current: .outcomes,
            .form(.method(.get), .action(SiteRoute.perkins.path), .class("filters"),
                FormField.select("School year", name: "year", options: years.map { (value: String($0), title: ReportingYear(start: $0).title) },
                                 selected: String(selection.year.start)),
                FormField.select("Scope", name: "scope", options: scopes, selected: selection.scope.token),
                FormField.select("Student groups", name: "by", options: PerkinsReport.dimensions.map { (value: $0.token, title: $0.title) },
                                 selected: selection.dimension.token),
                .button(.type(.submit), .text("Show"))),
            .section(.class("card"), .id("perkins"),
                .h2(.text("All CTE concentrators")),
                .p(.text("Concentrators: \(rule.title). \(rule.source)")),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Indicator")), .th(.text("Denominator")), .th(.text("Numerator")), .th(.text("Rate (%)")))),
                    .tbody(.forEach(PerkinsIndicator.allCases) { indicator in
                        let row = tables[indicator]!.all
                        let cell = row.cell(.met)
                        return .tr(.td(.text("\(indicator.code) \(indicator.title)")), .td(.text(row.enrolled.map(String.init) ?? suppressedText)),
                                   .td(.text(cell.suppressed ? suppressedText : cell.count.map(String.init) ?? "—")),
                                   .td(.text(cell.suppressed ? suppressedText : cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) } ?? "—")))
                    }))),
                .p(.a(.class("button secondary"), .href(SiteRoute.perkinsCSV.path(query: selection.query)), .text("Download for the state collection (CSV)")))),
            .section(.class("card"), .id("perkins-groups"),
                .h2(.text("By \(selection.dimension.title.lowercased())")),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Group")), .forEach(PerkinsIndicator.allCases) { .th(.attribute(named: "title", value: $0.title), .text($0.code)) })),
                    .tbody(.forEach(groups) { group in
                        .tr(.td(.text(group.title)), .forEach(PerkinsIndicator.allCases) { indicator in
                            .td(.text(tables[indicator]!.rows(selection.dimension).first { $0.group == group }.map(text) ?? suppressedText))
                        })
                    })))),
            .section(.class("card"), .id("definitions"),
                .h2(.text("Definitions")),
                .dl(.forEach(PerkinsIndicator.allCases) { indicator in
                    .group(.dt(.text("\(indicator.code) \(indicator.title)")),
                           .dd(.text("Denominator: \(indicator.definition.denominator) Numerator: \(indicator.definition.numerator) Source: \(indicator.definition.source).")))
                }),
                .h3(.text("Special populations (Perkins V §3(48))")),
                .ul(.forEach(PerkinsReport.specialPopulations) { population in
                    .li(.text("(\(population.letter)) \(population.title): counted as “\(population.dimension.title)”"))
                }),
                .p(.text("The year's leavers (for 3S1, 5S1–5S3) are those who left from September 1 to August 31. "
                         + "A student no exit record names is placed in a grade-9 cohort by their grade this school year. " + OutcomeArithmetic.roundingRule)),
                .p(.text("To keep students unidentifiable, a count under the district's minimum, or within it of its denominator, is suppressed, and further cells are suppressed so that none can be worked out from the rest.")),
                .if(viewer.can(.setDistrictStandards), .p(.a(.href(SiteRoute.perkinsSettings.path), .text("Concentrator rule and non-traditional pathways"))))))
    }

    static let csvColumns = ["School Year", "Indicator", "Indicator Title", "Group Dimension", "Group", "Denominator", "Numerator", "Rate (%)", "Suppressed"]

    static func csv(_ tables: [PerkinsIndicator: SuppressedTable<PerkinsReport.Measure>], _ selection: OutcomePages.Selection) -> String {
        var lines = [CSVWriter.row(csvColumns.map(CSVWriter.cell))]
        for indicator in PerkinsIndicator.allCases {
            let table = tables[indicator]!
            let rows = [(dimension: "All", row: table.all)] + PerkinsReport.dimensions.flatMap { dimension in table.rows(dimension).map { (dimension: dimension.title, row: $0) } }
            for (dimension, row) in rows {
                let cell = row.cell(.met)
                let values = [selection.year.token, indicator.code, indicator.title, dimension, row.title, row.enrolled.map(String.init) ?? "",
                              cell.suppressed ? "" : cell.count.map(String.init) ?? "", cell.suppressed ? "" : cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) } ?? "",
                              cell.suppressed || row.enrolledSuppressed ? "Y" : "N"]
                lines.append(CSVWriter.row(values.map(CSVWriter.numberOrText)))
            }
        }
        return lines.joined()
    }

    struct Cell: Content {
        var group: String
        var title: String
        var denominator: Int?
        var numerator: Int?
        var rateTenths: Int?
        var suppressed: Bool
    }

    struct Indicator: Content {
        var code: String
        var title: String
        var all: Cell
        var groups: [Cell]
    }

    struct Report: Content {
        var schoolYear: String
        var scope: String
        var concentratorRule: String
        var minimumCell: Int
        var indicators: [Indicator]
    }

    static func json(_ tables: [PerkinsIndicator: SuppressedTable<PerkinsReport.Measure>], _ selection: OutcomePages.Selection, rule: ConcentratorRule) -> Report {
        func cell(_ row: ShownRow<PerkinsReport.Measure>) -> Cell {
            let met = row.cell(.met)
            return Cell(group: row.group?.token ?? "all", title: row.title, denominator: row.enrolled, numerator: met.suppressed ? nil : met.count,
                        rateTenths: met.suppressed ? nil : met.rateTenths, suppressed: met.suppressed || row.enrolledSuppressed)
        }
        return Report(schoolYear: selection.year.token, scope: selection.scope == .district ? "district" : selection.scope.token, concentratorRule: rule.rawValue,
                      minimumCell: tables.values.first?.minimumCell ?? ReportingSettings.defaultMinimumCell,
                      indicators: PerkinsIndicator.allCases.map { indicator in
                          let table = tables[indicator]!
                          return Indicator(code: indicator.code, title: indicator.title, all: cell(table.all),
                                           groups: PerkinsReport.dimensions.flatMap { table.rows($0).map(cell) })
                      })
    }

    static var schema: Schema {
        let cell = Schema.object([("group", .string()), ("title", .string()), ("denominator", .nullable(.integer())), ("numerator", .nullable(.integer())),
                                  ("rateTenths", .nullable(.integer())), ("suppressed", .boolean)], required: ["group", "title", "suppressed"])
        let indicator = Schema.object([("code", .string()), ("title", .string()), ("all", cell), ("groups", .array(cell))], required: ["code", "title", "all", "groups"])
        return .object([("schoolYear", .string()), ("scope", .string()), ("concentratorRule", .string()), ("minimumCell", .integer()),
                        ("indicators", .array(indicator))], required: ["schoolYear", "scope", "concentratorRule", "minimumCell", "indicators"])
    }
}
