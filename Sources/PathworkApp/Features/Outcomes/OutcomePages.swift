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
        /// `records` counts from the raw tables instead of the rollups: the same figures, slower,
        /// for anyone checking the rollups (and for the benchmark that compares the two).
        var fromRecords: Bool

        init(_ req: Request) {
            let asked = { (name: String) in try? req.query.get(String.self, at: name) }
            year = (asked("schoolYear").flatMap(ReportingYear.init(token:)) ?? (try? req.query.get(Int.self, at: "year"))
                .flatMap { (2000...2100).contains($0) ? ReportingYear(start: $0) : nil }) ?? .containing(req.today)
            scope = OutcomeScope(token: asked("scope"))
            dimension = (asked("groupBy") ?? asked("by")).flatMap(GroupDimension.init(token:)) ?? .raceEthnicity
            indicator = asked("indicator").flatMap(OutcomeIndicator.init(rawValue:)) ?? .participants
            fromRecords = asked("source") == "records"
        }

        var query: [(String, String)] {
            [("year", String(year.start)), ("by", dimension.token), ("indicator", indicator.rawValue)] + (scope == .district ? [] : [("scope", scope.token)])
        }
    }

    static func register(_ app: Application, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        app.pathwork.observers.add { events, db, now in try await OutcomeObserver.observe(events, db: db, now: now) }
        pages.get(SiteRoute.outcomes.pattern) { req async throws -> Page in
            let selection = Selection(req)
            return try await page(req, selection: selection)
        }
        pages.post(SiteRoute.outcomesSettings.pattern) { req async throws -> Response in
            let selection = Selection(req)
            do {
                let value = try await setMinimumCell(try req.field(Int.self, at: "minimumCell"), on: req)
                return req.redirect(to: SiteRoute.outcomes.path(query: [("notice", "Counts under \(value) are now suppressed.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, selection: selection, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        api.endpoint(APIOperation(method: .PUT, path: ["reporting-settings"], summary: "Set the smallest count outcomes show (5 to 30)", tag: "Outcomes",
                                  body: .object([("minimumCell", .bounded(minimum: 5, maximum: 30))], required: ["minimumCell"]),
                                  response: .object([("minimumCell", .integer())], required: ["minimumCell"])), registry: registry) { req in
            ["minimumCell": try await setMinimumCell(try req.field(Int.self, at: "minimumCell"), on: req)]
        }
        pages.get(SiteRoute.outcomesCSV.pattern) { req async throws -> Response in
            let selection = Selection(req)
            return .csv(csv(try await report(req, selection), selection: selection), filename: "outcomes-\(selection.year.start)-\(selection.dimension.token)-\(selection.indicator.rawValue).csv")
        }
        OutcomeAPI.register(api, registry: registry)
    }

    static func report(_ req: Request, _ selection: Selection) async throws -> OutcomeReport {
        let (tallies, minimum) = try await scopedTallies(req, selection)
        return OutcomeReport.build(tallies, minimumCell: minimum)
    }

    /// The scope's sums and the smallest count it may show, once the scope is known to be the
    /// viewer's: a record of this district, or a network this viewer may see (whose tables use
    /// the strictest minimum of its districts, never below the default).
    static func scopedTallies(_ req: Request, _ selection: Selection) async throws -> (OutcomeTallies, minimumCell: Int) {
        try req.viewer.require(.viewAggregates)
        let tenant = try req.tenant
        switch selection.scope {
        case .district: break
        case .network(let id):
            let districts = try await Networks.members(of: id, visibleTo: try req.viewer, db: req.db).districts
            return (try await networkTallies(req, selection, districts: districts), try await Networks.minimumCell(districts: districts, db: req.db))
        case .school(let id): _ = try await tenant.find(School.self, id)
        case .program(let id): _ = try await tenant.find(Program.self, id)
        case .team(let id): _ = try await tenant.find(Team.self, id)
        }
        return (try await tallies(req, selection), try await minimumCell(tenant))
    }

    /// The district and its schools read the rollups (built from the raw records on first
    /// use); a program or a team, a few hundred students at most, is counted from the records.
    static func tallies(_ req: Request, _ selection: Selection) async throws -> OutcomeTallies {
        let tenant = try req.tenant
        let school: UUID?
        switch selection.scope {
        case .district: school = nil
        case .school(let id): school = id
        case .program, .team, .network: school = nil
        }
        let ready = selection.fromRecords || school == nil && selection.scope != .district ? false
            : try await OutcomeBuild.ready(districtID: tenant.districtID, year: selection.year, db: tenant.db, services: req.pathwork)
        guard ready else {
            // A program or a team, a check of the rollups, or a year whose first build another
            // request is running: counted from the records.
            let students = try await OutcomeRecords.students(districtID: tenant.districtID, year: selection.year, scope: selection.scope,
                                                                currentYear: OutcomeRecords.schoolYear(of: req.pathwork.clock.now()), db: tenant.db)
            return OutcomeTallies.tally(students.map(\.outcome))
        }
        return try await OutcomeRollups.tallies(districtIDs: [tenant.districtID], year: selection.year, schoolID: school, db: tenant.db)
    }

    /// A network's sums: its districts' rollups added up (each district built on first use), or
    /// the raw records of each added up when asked to check them. Suppression then runs on the
    /// network's own totals, with the strictest minimum of its districts and never below 10.
    static func networkTallies(_ req: Request, _ selection: Selection, districts: [UUID]) async throws -> OutcomeTallies {
        var ready = !selection.fromRecords
        for district in districts where ready {
            ready = try await OutcomeBuild.ready(districtID: district, year: selection.year, db: req.db, services: req.pathwork)
        }
        if !ready {
            var sum = OutcomeTallies()
            for district in districts {
                let students = try await OutcomeRecords.students(districtID: district, year: selection.year, scope: .district,
                                                                    currentYear: OutcomeRecords.schoolYear(of: req.pathwork.clock.now()), db: req.db)
                sum = sum + OutcomeTallies.tally(students.map(\.outcome))
            }
            return sum
        }
        return try await OutcomeRollups.tallies(districtIDs: districts, year: selection.year, schoolID: nil, db: req.db)
    }

    static func minimumCell(_ tenant: Tenant) async throws -> Int {
        try await tenant.query(ReportingSettings.self).first()?.minimumCell ?? ReportingSettings.defaultMinimumCell
    }

    /// The admin sets the smallest count shown; below 5 is refused, since counts that small
    /// single students out in almost any table.
    static func setMinimumCell(_ value: Int?, on req: Request) async throws -> Int {
        try req.viewer.require(.setDistrictStandards)
        guard let value, (5...30).contains(value) else {
            throw PathworkError.invalid([FieldError(field: "minimumCell", message: "The smallest count shown must be from 5 to 30.")])
        }
        let before = try await minimumCell(try req.tenant)
        return try await req.change { tenant, audit in
            let settings = try await tenant.query(ReportingSettings.self).first() ?? ReportingSettings()
            settings.districtID = tenant.districtID
            settings.minimumCell = value
            try await settings.save(on: tenant.db)
            audit.updated("reportingSettings", id: settings.id, from: ["minimumCell": before], to: ["minimumCell": value])
            return value
        }
    }

    static let suppressedText = "suppressed"

    /// Client work for the scope; the report has already checked the scope is the viewer's.
    static func clientWork(_ req: Request, _ selection: Selection) async throws -> ClientWorkFigures? {
        let districts = if case .network(let id) = selection.scope { try await Networks.districts(of: id, db: req.db) } else { [try req.tenant.districtID] }
        return try await ClientWorkFigures.load(districtIDs: districts, year: selection.year, scope: selection.scope, db: req.db)
    }
    static let trendYears = 3

    /// The same scope's reports for the years before this one, oldest first, then this year's.
    static func trend(_ req: Request, _ selection: Selection, current: OutcomeReport) async throws -> [(year: ReportingYear, report: OutcomeReport)] {
        var reports: [(year: ReportingYear, report: OutcomeReport)] = []
        for back in (1..<trendYears).reversed() {
            var earlier = selection
            earlier.year = ReportingYear(start: selection.year.start - back)
            reports.append((earlier.year, try await report(req, earlier)))
        }
        return reports + [(selection.year, current)]
    }

    /// The subgroup table's columns, shared by the page and the CSV so they cannot drift apart.
    /// The indicators that show the group's approved worksite hours beside them.
    static let worksite: Set<OutcomeIndicator> = [.worksitePlacement, .paidPlacement, .unpaidPlacement]

    static func columns(_ indicator: OutcomeIndicator) -> [String] {
        ["Group", "Enrolled", indicator.title, "Rate (%)", "Gap to all students (points)", "Representation index"]
            + (indicator == .paidWork ? ["Paid hours", "Earnings"] : []) + (worksite.contains(indicator) ? ["Worksite hours (all placements)"] : [])
    }

    static func cells(_ row: OutcomeRow, _ indicator: OutcomeIndicator) -> [String] {
        let cell = row.cell(indicator)
        func shown(_ value: Int?, _ text: (Int) -> String) -> String { cell.suppressed ? suppressedText : value.map(text) ?? "—" }
        return [row.title, row.enrolled.map(String.init) ?? suppressedText, shown(cell.count) { String($0) },
                shown(cell.rateTenths) { OutcomeArithmetic.decimal($0, places: 1) }, shown(cell.gapTenths) { OutcomeArithmetic.decimal($0, places: 1) },
                shown(cell.representationHundredths) { OutcomeArithmetic.decimal($0, places: 2) }]
            + (indicator == .paidWork ? [row.paidMinutes.map { ChildLabor.hours($0) } ?? suppressedText,
                                          row.earningsCents.map { Money.format(cents: $0) } ?? suppressedText] : [])
            + (worksite.contains(indicator) ? [row.placementMinutes.map { ChildLabor.hours($0) } ?? suppressedText] : [])
    }

    static func csv(_ report: OutcomeReport, selection: Selection) -> String {
        CSVWriter.row(columns(selection.indicator).map(CSVWriter.cell))
            + ([report.all] + report.rows(selection.dimension)).map { CSVWriter.row(cells($0, selection.indicator).map(CSVWriter.numberOrText)) }.joined()
    }

    static func page(_ req: Request, selection: Selection, errors: [FieldError] = []) async throws -> Page {
        let report = try await report(req, selection)
        let trend = try await trend(req, selection, current: report)
        let history = try await OutcomeRecords.hasEnrollmentHistory(districtID: try req.viewer.districtID, db: req.db)
        let clientWork = try await clientWork(req, selection)
        let viewer = try req.viewer
        let tenant = try req.tenant
        let schools = try await tenant.query(School.self).sort(\.$name).all()
        let programs = try await tenant.query(Program.self).sort(\.$name).all()
        let teams = try await tenant.query(Team.self).sort(\.$name).all()
        let networks = try await Networks.visible(to: viewer, db: req.db)
        let scopes: [(value: String, title: String)] = [(value: "", title: "Whole district")]
            + (try networks.map { (value: OutcomeScope.network(try $0.requireID()).token, title: "Network: \($0.name) (all its districts)") })
            + (try schools.map { (value: OutcomeScope.school(try $0.requireID()).token, title: "School: \($0.name)") })
            + (try programs.map { (value: OutcomeScope.program(try $0.requireID()).token, title: "Program: \($0.name)") })
            + (try teams.map { (value: OutcomeScope.team(try $0.requireID()).token, title: "Team: \($0.name)") })
        let rows = report.rows(selection.dimension)
        // The High School and Beyond Plan is Washington's; elsewhere its row would only show zeros.
        var washington = try await LaborCheck.settings(tenant).overlay == .washington
        if case .network = selection.scope { washington = true }
        let indicators = OutcomeIndicator.allCases.filter { $0 != .beyondPlan || washington || selection.indicator == .beyondPlan }
        let years = (0..<5).map { ReportingYear.containing(req.today).start - $0 }
        return Layout.page("Outcomes \(selection.year.title)", viewer: viewer, current: .outcomes, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .form(.method(.get), .action(SiteRoute.outcomes.path), .class("filters"),
                FormField.select("School year", name: "year", options: years.map { (value: String($0), title: ReportingYear(start: $0).title) },
                                 selected: String(selection.year.start)),
                FormField.select("Scope", name: "scope", options: scopes, selected: selection.scope.token),
                FormField.select("Student groups", name: "by", options: GroupDimension.allCases.map { (value: $0.token, title: $0.title) }, selected: selection.dimension.token),
                FormField.select("Indicator", name: "indicator", options: indicators.map { (value: $0.rawValue, title: $0.title) },
                                 selected: selection.indicator.rawValue),
                .button(.type(.submit), .text("Show"))),
            .section(.class("card"), .h2(.text("All students")),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Indicator")), .th(.text("Students")), .th(.text("Rate (%)")))),
                    .tbody(
                        .tr(.td(.text("Enrolled")), .td(.text(report.all.enrolled.map(String.init) ?? suppressedText)), .td(.text("—"))),
                        .forEach(indicators) { indicator in
                            let cell = report.all.cell(indicator)
                            return .tr(.td(.text(indicator.title)), .td(.text(cell.count.map(String.init) ?? suppressedText)),
                                       .td(.text(cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) } ?? (cell.suppressed ? suppressedText : "—"))))
                        }))),
                .p(.text("Paid hours: \(report.all.paidMinutes.map { ChildLabor.hours($0) } ?? suppressedText); earnings: \(report.all.earningsCents.map { Money.format(cents: $0) } ?? suppressedText).")),
                .p(.text("Client work: " + (clientWork?.sentence ?? "counted for the district, a program or a team, not by school.")))),
            .section(.class("card"), .h2(.text("\(selection.indicator.title) by \(selection.dimension.title.lowercased())")),
                OutcomeChart.bars(rows: rows, all: report.all, indicator: selection.indicator),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.forEach(columns(selection.indicator)) { .th(.text($0)) })),
                    .tbody(.forEach([report.all] + rows) { row in .tr(.forEach(cells(row, selection.indicator)) { .td(.text($0)) }) }))),
                .p(.a(.class("button secondary"), .href(SiteRoute.outcomesCSV.path(query: selection.query)), .text("Download this table (CSV)")))),
            .section(.class("card"), .h2(.text("\(selection.indicator.title): the last \(trendYears) school years")),
                OutcomeChart.trend(trend.map { (year: $0.year, cell: $0.report.all.cell(selection.indicator)) }, indicator: selection.indicator),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Group")), .forEach(trend) { .th(.text("\($0.year.title) rate (%)")) })),
                    .tbody(.forEach([nil] + rows.map(\.group)) { group in
                        .tr(.td(.text(group?.title ?? "All students")), .forEach(trend) { point in
                            let row = group.map { g in point.report.rows(selection.dimension).first { $0.group == g } } ?? point.report.all
                            let cell = row?.cell(selection.indicator) ?? .hidden
                            return .td(.text(cell.suppressed ? suppressedText : cell.rateTenths.map { OutcomeArithmetic.decimal($0, places: 1) } ?? "—"))
                        })
                    }))),
                .p(.class("muted"), .text(history
                    ? "Each year counts the students enrolled that year, in the school they were enrolled in, from the enrollments imported from the student information system."
                    : "Enrollment is the district's current roster in every year until the district imports its enrollments from its student information system (District → Import)."))),
            .section(.class("card"), .h2(.text("How to read this")),
                .p(.text("Rates are over the students enrolled in the scope. The gap is the group's rate minus all students' rate; the representation index is the group's share of the students counted divided by its share of those enrolled (1.00 is in proportion; below 1.00, under-served).")),
                .p(.text(OutcomeArithmetic.roundingRule)),
                .p(.text("To keep students unidentifiable, a count under \(report.minimumCell), or within \(report.minimumCell) of its group's enrollment, is suppressed, and further cells are suppressed so that none can be worked out by subtracting shown cells from the totals.")),
                .if(viewer.can(.setDistrictStandards), .form(.method(.post), .action(SiteRoute.outcomesSettings.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Smallest count shown (the district's minimum)", name: "minimumCell", value: String(report.minimumCell), type: .number,
                                   error: errors.first { $0.field == "minimumCell" }?.message),
                    .button(.type(.submit), .class("secondary"), .text("Save minimum"))))))
    }
}
