import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/outcomes/postsecondary`: what a graduating class did after high school — college
/// enrollment in the fall, the first year and the second, by kind of college, and financial-aid
/// completion — by student group and by whether they took part in Pathwork's programs,
/// suppressed like every outcome table, as a page, a CSV and JSON.
enum PostsecondaryPages {
    struct Selection: Sendable {
        var classOf: Int
        var dimension: GroupDimension
        /// The district, or one of the viewer's networks (`network:<id>`).
        var network: UUID?

        /// Read from the query string; the API checks the parameters before this runs, and a
        /// page link someone edited by hand falls back to the default.
        init(_ req: Request, classes: [Int]) {
            let asked = { (name: String) in try? req.query.get(String.self, at: name) }
            classOf = asked("classOf").flatMap(Int.init).flatMap { (2000...2100).contains($0) ? $0 : nil }
                ?? classes.first ?? (req.today.month >= 9 ? req.today.year : req.today.year - 1)
            dimension = (asked("groupBy") ?? asked("by")).flatMap(GroupDimension.init(token:)) ?? .raceEthnicity
            network = asked("scope").flatMap(OutcomeScope.init(strict:)).flatMap { if case .network(let id) = $0 { id } else { nil } }
        }

        var query: [(String, String)] {
            [("classOf", String(classOf)), ("by", dimension.token)] + (network.map { [("scope", OutcomeScope.network($0).token)] } ?? [])
        }
    }

    static func register(_ pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        pages.get(SiteRoute.postsecondary.pattern) { req async throws -> Page in try await page(req) }
        pages.get(SiteRoute.postsecondaryCSV.pattern) { req async throws -> Response in
            let (selection, table, _) = try await report(req)
            return .csv(csv(table, selection), filename: "postsecondary-\(selection.classOf)-\(selection.dimension.token).csv")
        }
        registry.define("PostsecondaryReport", schema)
        let groupBy = "race, sex, locale, flag.<studentFlag>, took.paidWork, took.worksitePlacement or took.credential"
        let dimensions = PostsecondaryReport.dimensions.map(\.token)
        api.endpoint(APIOperation(method: .GET, path: ["postsecondary"],
                                  summary: "A graduating class's college enrollment and financial-aid completion by student group, suppressed",
                                  tag: "Outcomes",
                                  query: [
                                      .integer("classOf", 2000...2100, "the graduating class, e.g. 2025 (default: the latest with graduates)"),
                                      .choice("groupBy", dimensions, groupBy),
                                      .matching("scope", pattern: OutcomeAPI.scopePattern(["network"]), "district or network:<id>") {
                                          switch OutcomeScope(strict: $0) { case .district?, .network?: true; default: false }
                                      },
                                  ],
                                  response: .ref("PostsecondaryReport")), registry: registry) { req in
            let (selection, table, _) = try await report(req)
            return json(table, selection)
        }
    }

    /// The class's counts for the district or the network, suppressed with the strictest
    /// minimum of the districts it covers.
    /// `classes`: the district's graduating classes, where the caller has read them already.
    static func report(_ req: Request, classes known: [Int]? = nil) async throws -> (Selection, SuppressedTable<PostsecondaryIndicator>, graduates: Int) {
        try req.viewer.require(.viewAggregates)
        let tenant = try req.tenant
        let classes = if let known { known } else { try await PostsecondaryRecords.classes(districtID: tenant.districtID, db: tenant.db) }
        let selection = Selection(req, classes: classes)
        var districts = [tenant.districtID]
        if let network = selection.network { districts = try await Networks.members(of: network, visibleTo: try req.viewer, db: req.db).districts }
        var counts = GroupedCounts<PostsecondaryIndicator>()
        for district in districts {
            counts = counts + PostsecondaryReport.counts(try await PostsecondaryRecords.graduates(districtID: district, classOf: selection.classOf, db: req.db))
        }
        let minimum = selection.network == nil ? try await OutcomePages.minimumCell(tenant) : try await Networks.minimumCell(districts: districts, db: req.db)
        return (selection, PostsecondaryReport.build(counts, minimumCell: minimum), counts.all.enrolled)
    }

    static let suppressedText = OutcomePages.suppressedText

    static func columns() -> [String] {
        ["Group", "Graduates"] + PostsecondaryIndicator.allCases.flatMap { [$0.title, "\($0.title): rate (%)"] }
    }

    static func cells(_ row: ShownRow<PostsecondaryIndicator>) -> [String] {
        [row.title, row.enrolled.map(String.init) ?? suppressedText] + PostsecondaryIndicator.allCases.flatMap { indicator in
            let cell = row.cell(indicator)
            return cell.suppressed ? [suppressedText, suppressedText]
                : [cell.count.map(String.init) ?? "—", cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) } ?? "—"]
        }
    }

    static func csv(_ table: SuppressedTable<PostsecondaryIndicator>, _ selection: Selection) -> String {
        CSVWriter.row(columns().map(CSVWriter.cell))
            + ([table.all] + table.rows(selection.dimension)).map { CSVWriter.row(cells($0).map(CSVWriter.numberOrText)) }.joined()
    }

    static func page(_ req: Request) async throws -> Page {
        try req.viewer.require(.viewAggregates)
        let tenant = try req.tenant
        let classes = try await PostsecondaryRecords.classes(districtID: tenant.districtID, db: tenant.db)
        let (selection, table, graduates) = try await report(req, classes: classes)
        let viewer = try req.viewer
        let searched = try await PostsecondaryRecords.searched(districtID: tenant.districtID, classOf: selection.classOf, db: tenant.db)
        let networks = try await Networks.visible(to: viewer, db: req.db)
        let scopes: [(value: String, title: String)] = [(value: "", title: "Whole district")]
            + (try networks.map { (value: OutcomeScope.network(try $0.requireID()).token, title: "Network: \($0.name) (all its districts)") })
        let classChoices = Array(Set(classes + [selection.classOf])).sorted(by: >)
        let rows = [table.all] + table.rows(selection.dimension)
        let pending = PostsecondaryIndicator.allCases.filter { req.today <= $0.windowCloses(classOf: selection.classOf) }
        return Layout.page("After high school: class of \(selection.classOf)", viewer: viewer, current: .outcomes,
            .form(.method(.get), .action(SiteRoute.postsecondary.path), .class("filters"),
                FormField.select("Graduating class", name: "classOf", options: classChoices.map { (value: String($0), title: "Class of \($0)") },
                                 selected: String(selection.classOf)),
                FormField.select("Scope", name: "scope", options: scopes, selected: selection.network.map { OutcomeScope.network($0).token } ?? ""),
                FormField.select("Student groups", name: "by", options: PostsecondaryReport.dimensions.map { (value: $0.token, title: $0.title) },
                                 selected: selection.dimension.token),
                .button(.type(.submit), .text("Show"))),
            .section(.class("card"), .id("postsecondary"),
                .h2(.text("Class of \(selection.classOf) by \(selection.dimension.title.lowercased())")),
                .if(graduates == 0, .p(.class("flag"), .text("No graduates are recorded for this class. Import the district's graduations and exits (District → Student files) or record them on each student's page."))),
                .if(selection.network == nil, .p(.text("The Clearinghouse searched \(searched.count) of the class's graduates"
                                                       + (searched.latest.map { ", most recently on \($0)" } ?? "") + "."))),
                .if(!pending.isEmpty, .p(.class("muted"), .text("Not yet final (their window is still open): "
                                                                 + pending.map(\.title).joined(separator: "; ") + "."))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Group")), .th(.text("Graduates")), .forEach(PostsecondaryIndicator.allCases) { .th(.text($0.title)) })),
                    .tbody(.forEach(rows) { row in
                        .tr(.td(.text(row.title)), .td(.text(row.enrolled.map(String.init) ?? suppressedText)),
                            .forEach(PostsecondaryIndicator.allCases) { indicator in
                                let cell = row.cell(indicator)
                                return .td(.text(cell.suppressed ? suppressedText
                                    : "\(cell.count.map(String.init) ?? "—") (\(cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) + "%" } ?? "—"))"))
                            })
                    }))),
                .p(.a(.class("button secondary"), .href(SiteRoute.postsecondaryCSV.path(query: selection.query)), .text("Download this table (CSV)")))),
            .section(.class("card"), .h2(.text("Definitions")),
                .dl(.forEach(PostsecondaryIndicator.allCases) { .group(.dt(.text($0.title)), .dd(.text($0.definition))) }),
                .p(.text("The class is the students recorded as graduating with a regular diploma from September 1 to August 31 of its year. "
                         + "Program participation counts what a graduate did before their graduation date: approved paid hours, a worksite placement that started, a credential not revoked.")),
                .p(.text(OutcomeArithmetic.roundingRule)),
                .p(.text("To keep students unidentifiable, a count under \(table.minimumCell), or within \(table.minimumCell) of its group's size, is suppressed, and further cells are suppressed so that none can be worked out from the shown cells and totals."))),
            .if(viewer.can(.importStudentFiles), .p(.a(.href(SiteRoute.studentFiles.path), .text("Import a StudentTracker, financial-aid or exits file")))))
    }

    struct Cell: Content {
        var count: Int?
        var rateTenths: Int?
        var gapTenths: Int?
        var suppressed: Bool
    }

    struct Row: Content {
        var group: String
        var title: String
        var graduates: Int?
        var graduatesSuppressed: Bool
        var indicators: [String: Cell]
    }

    struct Report: Content {
        var classOf: Int
        var scope: String
        var groupBy: String
        var minimumCell: Int
        var rows: [Row]
    }

    static func json(_ table: SuppressedTable<PostsecondaryIndicator>, _ selection: Selection) -> Report {
        func row(_ row: ShownRow<PostsecondaryIndicator>) -> Row {
            Row(group: row.group?.token ?? "all", title: row.title, graduates: row.enrolled, graduatesSuppressed: row.enrolledSuppressed,
                indicators: Dictionary(uniqueKeysWithValues: PostsecondaryIndicator.allCases.map { indicator in
                    let cell = row.cell(indicator)
                    return (indicator.rawValue, Cell(count: cell.count, rateTenths: cell.rateTenths, gapTenths: cell.gapTenths, suppressed: cell.suppressed))
                }))
        }
        return Report(classOf: selection.classOf, scope: selection.network.map { OutcomeScope.network($0).token } ?? "district",
                      groupBy: selection.dimension.token, minimumCell: table.minimumCell,
                      rows: [row(table.all)] + table.rows(selection.dimension).map(row))
    }

    static var schema: Schema {
        let cell = Schema.object([("count", .nullable(.integer())), ("rateTenths", .nullable(.integer())), ("gapTenths", .nullable(.integer())),
                                  ("suppressed", .boolean)], required: ["suppressed"])
        let row = Schema.object([("group", .string()), ("title", .string()), ("graduates", .nullable(.integer())), ("graduatesSuppressed", .boolean),
                                 ("indicators", .object(PostsecondaryIndicator.allCases.map { ($0.rawValue, cell) },
                                                        required: PostsecondaryIndicator.allCases.map(\.rawValue)))],
                                required: ["group", "title", "graduatesSuppressed", "indicators"])
        return .object([("classOf", .integer()), ("scope", .string()), ("groupBy", .string()), ("minimumCell", .integer()), ("rows", .array(row))],
                       required: ["classOf", "scope", "groupBy", "minimumCell", "rows"])
    }
}
