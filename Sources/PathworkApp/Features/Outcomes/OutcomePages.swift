import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/outcomes`: a school year's indicators for a scope, by one student group dimension at a
/// time, suppressed, with a chart, a table and the same table as CSV.
enum OutcomePages {
    /// What a dashboard request asks for, read from the query string; anything unreadable falls
    /// back to the default rather than failing, as a link someone edited by hand should.
    struct Selection: Sendable {
        var year: ReportingYear
        var scope: OutcomeScope
        var dimension: GroupDimension
        var indicator: OutcomeIndicator

        init(_ req: Request) {
            year = (try? req.query.get(Int.self, at: "year")).flatMap { (2000...2100).contains($0) ? ReportingYear(start: $0) : nil } ?? .containing(req.today)
            scope = OutcomeScope(schoolID: try? req.query.get(UUID.self, at: "school"))
            dimension = (try? req.query.get(String.self, at: "by")).flatMap(GroupDimension.init(token:)) ?? .raceEthnicity
            indicator = (try? req.query.get(String.self, at: "indicator")).flatMap(OutcomeIndicator.init(rawValue:)) ?? .participants
        }

        var query: [(String, String)] {
            [("year", String(year.start)), ("by", dimension.token), ("indicator", indicator.rawValue)] + (scope.schoolID.map { [("school", $0.uuidString)] } ?? [])
        }
    }

    static let minimumCell = 10

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        pages.get(SiteRoute.outcomes.pattern) { req async throws -> Page in
            let selection = Selection(req)
            return try await page(req, selection: selection, report: try await report(req, selection))
        }
        pages.get(SiteRoute.outcomesCSV.pattern) { req async throws -> Response in
            let selection = Selection(req)
            return .csv(csv(try await report(req, selection), selection: selection), filename: "outcomes-\(selection.year.start)-\(selection.dimension.token)-\(selection.indicator.rawValue).csv")
        }
        api.endpoint(APIOperation(method: .GET, path: ["outcomes"], summary: "A school year's indicators by student group, suppressed, as CSV", tag: "Outcomes",
                                  query: [("year", "first calendar year of the school year, e.g. 2026"), ("school", "a school's id; the whole district if absent"),
                                          ("by", "race, sex, locale or flag.<studentFlag>"), ("indicator", OutcomeIndicator.allCases.map(\.rawValue).joined(separator: ", "))],
                                  response: .string(), produces: "text/csv"), registry: registry) { req in
            let selection = Selection(req)
            return Response.csv(csv(try await report(req, selection), selection: selection), filename: "outcomes.csv")
        }
    }

    static func report(_ req: Request, _ selection: Selection) async throws -> OutcomeReport {
        try req.viewer.require(.viewAggregates)
        let tenant = try req.tenant
        if let school = selection.scope.schoolID { _ = try await tenant.find(School.self, school) }
        let students = try await OutcomeRecords.students(districtID: tenant.districtID, year: selection.year, scope: selection.scope, db: tenant.db)
        return OutcomeReport.build(OutcomeTallies.tally(students), minimumCell: minimumCell)
    }

    static let suppressedText = "suppressed"

    /// The subgroup table's columns, shared by the page and the CSV so they cannot drift apart.
    static func columns(_ indicator: OutcomeIndicator) -> [String] {
        ["Group", "Enrolled", indicator.title, "Rate (%)", "Gap to all students (points)", "Representation index"]
            + (indicator == .paidWork ? ["Paid hours", "Earnings"] : [])
    }

    static func cells(_ row: OutcomeRow, _ indicator: OutcomeIndicator) -> [String] {
        let cell = row.cell(indicator)
        func shown(_ value: Int?, _ text: (Int) -> String) -> String { cell.suppressed ? suppressedText : value.map(text) ?? "—" }
        return [row.title, row.enrolled.map(String.init) ?? suppressedText, shown(cell.count) { String($0) },
                shown(cell.rateTenths) { OutcomeArithmetic.decimal($0, places: 1) }, shown(cell.gapTenths) { OutcomeArithmetic.decimal($0, places: 1) },
                shown(cell.representationHundredths) { OutcomeArithmetic.decimal($0, places: 2) }]
            + (indicator == .paidWork ? [row.paidMinutes.map { ChildLabor.hours($0) } ?? suppressedText,
                                          row.earningsCents.map { Money.format(cents: $0) } ?? suppressedText] : [])
    }

    static func csv(_ report: OutcomeReport, selection: Selection) -> String {
        CSVWriter.row(columns(selection.indicator).map(CSVWriter.cell))
            + ([report.all] + report.rows(selection.dimension)).map { CSVWriter.row(cells($0, selection.indicator).map(CSVWriter.numberOrText)) }.joined()
    }

    static func page(_ req: Request, selection: Selection, report: OutcomeReport) async throws -> Page {
        let viewer = try req.viewer
        let schools = try await req.tenant.query(School.self).sort(\.$name).all()
        let rows = report.rows(selection.dimension)
        let years = (0..<5).map { ReportingYear.containing(req.today).start - $0 }
        return Layout.page("Outcomes \(selection.year.title)", viewer: viewer, current: .outcomes,
            .form(.method(.get), .action(SiteRoute.outcomes.path), .class("filters"),
                FormField.select("School year", name: "year", options: years.map { (value: String($0), title: ReportingYear(start: $0).title) },
                                 selected: String(selection.year.start)),
                FormField.select("Scope", name: "school", options: [(value: "", title: "Whole district")] + schools.map { (value: $0.id!.uuidString, title: $0.name) },
                                 selected: selection.scope.schoolID?.uuidString ?? ""),
                FormField.select("Student groups", name: "by", options: GroupDimension.allCases.map { (value: $0.token, title: $0.title) }, selected: selection.dimension.token),
                FormField.select("Indicator", name: "indicator", options: OutcomeIndicator.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: selection.indicator.rawValue),
                .button(.type(.submit), .text("Show"))),
            .section(.class("card"), .h2(.text("All students")),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Indicator")), .th(.text("Students")), .th(.text("Rate (%)")))),
                    .tbody(
                        .tr(.td(.text("Enrolled")), .td(.text(report.all.enrolled.map(String.init) ?? suppressedText)), .td(.text("—"))),
                        .forEach(OutcomeIndicator.allCases) { indicator in
                            let cell = report.all.cell(indicator)
                            return .tr(.td(.text(indicator.title)), .td(.text(cell.count.map(String.init) ?? suppressedText)),
                                       .td(.text(cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) } ?? (cell.suppressed ? suppressedText : "—"))))
                        }))),
                .p(.text("Paid hours: \(report.all.paidMinutes.map { ChildLabor.hours($0) } ?? suppressedText); earnings: \(report.all.earningsCents.map { Money.format(cents: $0) } ?? suppressedText)."))),
            .section(.class("card"), .h2(.text("\(selection.indicator.title) by \(selection.dimension.title.lowercased())")),
                OutcomeChart.bars(rows: rows, all: report.all, indicator: selection.indicator),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.forEach(columns(selection.indicator)) { .th(.text($0)) })),
                    .tbody(.forEach([report.all] + rows) { row in .tr(.forEach(cells(row, selection.indicator)) { .td(.text($0)) }) }))),
                .p(.a(.class("button secondary"), .href(SiteRoute.outcomesCSV.path(query: selection.query)), .text("Download this table (CSV)")))),
            .section(.class("card"), .h2(.text("How to read this")),
                .p(.text("Rates are over the students enrolled in the scope. The gap is the group's rate minus all students' rate; the representation index is the group's share of the students counted divided by its share of those enrolled (1.00 is in proportion; below 1.00, under-served).")),
                .p(.text(OutcomeArithmetic.roundingRule)),
                .p(.text("To keep students unidentifiable, a count under \(report.minimumCell), or within \(report.minimumCell) of its group's enrollment, is suppressed, and further cells are suppressed so that none can be worked out by subtracting shown cells from the totals."))))
    }
}
