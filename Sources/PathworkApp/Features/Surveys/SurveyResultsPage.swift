import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/surveys/<id>/results`: each question's answers for all respondents and by one student
/// group dimension (for a survey of students), suppressed like every table of students; the
/// open answers of groups at or above the minimum, in alphabetical order and without names
/// (for an anonymous survey, of all respondents only); a comparison with an earlier survey
/// (pre/post) question by question; a network's figures for a template's surveys across its
/// districts; and what is shown, as CSV.
enum SurveyResultsPage {
    struct Results {
        let survey: Survey
        let dimension: GroupDimension?
        let minimumCell: Int
        let questions: [(question: SurveyQuestion, results: SurveyResults.Question)]
        let network: Network?
        let compared: (survey: Survey, results: [String: SurveyResults.Question])?
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.surveyStep(.pattern, step: "results").pattern) { req async throws -> Page in try await page(req) }
        pages.get(SiteRoute.surveyStep(.pattern, step: "results.csv").pattern) { req async throws -> Response in
            let results = try await load(req)
            return .csv(csv(results), filename: "survey-results.csv")
        }
    }

    static func load(_ req: Request) async throws -> Results {
        try req.viewer.require(.viewAggregates)
        let survey = try await SurveyPages.load(req)
        let tenant = try req.tenant
        let asked = { (name: String) in try? req.query.get(String.self, at: name) }
        let dimension = survey.audience.countsGroups ? (asked("by").flatMap(GroupDimension.init(token:)) ?? .raceEthnicity) : nil
        var minimum = try await OutcomePages.minimumCell(tenant)
        var surveys = [try survey.requireID()]
        var network: Network?
        if let token = asked("scope"), case .network(let id)? = OutcomeScope(strict: token), let template = survey.template {
            let (found, districts) = try await Networks.members(of: id, visibleTo: try req.viewer, db: req.db)
            network = found
            // One administration of the template: surveys closing in the same half of the same
            // school year (July to December, January to June), so a fall survey and a spring
            // one are never summed.
            let half = administration(survey.closesOn)
            surveys = try await Survey.query(on: req.db).filter(\.$districtID ~~ districts).filter(\.$template == template).filter(\.$status != .draft).all()
                .filter { administration($0.closesOn) == half }.compactMap(\.id)
            minimum = try await Networks.minimumCell(districts: districts, db: req.db)
        }
        // The cells, or (to check them) every identified response counted again.
        let tally: SurveyTally
        if asked("source") == "records" {
            guard !survey.anonymous else {
                throw PathworkError.invalid([.rule(field: "source", message: "An anonymous survey's responses carry no person: its results come from the counts alone.")])
            }
            tally = try await SurveyCells.tallyFromResponses(surveyIDs: surveys, db: req.db)
        } else {
            tally = try await SurveyCells.tally(surveyIDs: surveys, db: req.db)
        }
        // Every dimension takes part in suppression (a reader can open each), one is shown.
        let all = survey.audience.countsGroups ? GroupDimension.allCases : []
        let questions = survey.definition.questions.map { question in
            (question, SurveyResults.build(question, tally: tally, dimensions: all, minimumCell: minimum))
        }
        var compared: (survey: Survey, results: [String: SurveyResults.Question])?
        if let other = asked("compare").flatMap(UUID.init(uuidString:)) {
            let earlier = try await tenant.find(Survey.self, other)
            let earlierTally = try await SurveyCells.tally(surveyIDs: [other], db: tenant.db)
            var results: [String: SurveyResults.Question] = [:]
            for question in survey.definition.questions {
                guard let match = earlier.definition.question(question.key), match.kind == question.kind else { continue }
                results[question.key] = SurveyResults.build(match, tally: earlierTally, dimensions: earlier.audience.countsGroups ? GroupDimension.allCases : [],
                                                            minimumCell: minimum)
            }
            compared = (earlier, results)
        }
        return Results(survey: survey, dimension: dimension, minimumCell: minimum, questions: questions, network: network, compared: compared)
    }

    /// "2026-07" for a date from July to December 2026, "2027-01" for January to June 2027.
    static func administration(_ date: String) -> String {
        guard let day = CalendarDate(iso: date) else { return date }
        return day.month >= 7 ? "\(day.year)-07" : "\(day.year)-01"
    }

    static let suppressed = OutcomePages.suppressedText

    static func rows(_ results: Results, _ question: SurveyResults.Question) -> [SurveyRow] {
        [question.all] + (results.dimension.map(question.rows) ?? [])
    }

    static func cellText(_ row: SurveyRow, _ option: String) -> String {
        guard let count = row.count(option) else { return suppressed }
        return "\(count)" + (row.percentTenths(option).map { " (\(OutcomeArithmetic.decimal($0, places: 1))%)" } ?? "")
    }

    static func mean(_ row: SurveyRow?) -> String { row?.meanTenths.map { OutcomeArithmetic.decimal($0, places: 1) } ?? "—" }

    static func page(_ req: Request) async throws -> Page {
        let results = try await load(req)
        let viewer = try req.viewer
        let survey = results.survey
        let id = try survey.requireID()
        let others = try await req.tenant.query(Survey.self).filter(\.$id != id).filter(\.$status != .draft).sort(\.$createdAt, .descending).all()
        let networks = survey.template == nil ? [] : try await Networks.visible(to: viewer, db: req.db)
        var query: [(String, String)] = results.dimension.map { [("by", $0.token)] } ?? []
        if let network = results.network?.id { query.append(("scope", OutcomeScope.network(network).token)) }
        if let compared = results.compared?.survey.id { query.append(("compare", compared.uuidString)) }
        let texts = try await openTexts(req, results)
        return Layout.page("Results: \(survey.title)", viewer: viewer, current: .surveys,
            .form(.method(.get), .action(SiteRoute.surveyStep(id, step: "results").path), .class("filters"),
                .if(survey.audience.countsGroups, FormField.select("Student groups", name: "by", options: GroupDimension.allCases.map { (value: $0.token, title: $0.title) },
                                                                  selected: results.dimension?.token)),
                FormField.select("Compare with", name: "compare", options: [(value: "", title: "No comparison")] + others.compactMap { other in other.id.map { (value: $0.uuidString, title: other.title) } },
                                 selected: results.compared?.survey.id?.uuidString ?? ""),
                .if(!networks.isEmpty, FormField.select("Scope", name: "scope", options: [(value: "", title: "This survey")]
                    + networks.compactMap { n in n.id.map { (value: OutcomeScope.network($0).token, title: "Network: \(n.name) (this template in all its districts)") } },
                    selected: results.network?.id.map { OutcomeScope.network($0).token } ?? "")),
                .button(.type(.submit), .text("Show"))),
            .p(.class("muted"), .text("Counts under \(results.minimumCell), or within \(results.minimumCell) of their row's respondents, are suppressed, with more cells hidden so none can be worked out from the rest. Means show only where nothing in their row is hidden.")),
            .forEach(results.questions) { question, table in
                .section(.class("card"), .h2(.text(question.prompt)),
                    question.options.isEmpty ? .group() : .div(.class("table-wrap"), .table(
                        .thead(.tr(.th(.text("Group")), .th(.text("Answered")), .forEach(question.options) { .th(.text($0.title)) },
                                   .if(question.kind == .likert, .th(.text("Mean (1–5)"))))),
                        .tbody(.forEach(rows(results, table)) { row in
                            .tr(.td(.text(row.title)), .td(.text(row.respondents.map(String.init) ?? suppressed)),
                                .forEach(question.options) { .td(.text(cellText(row, $0.key))) },
                                .if(question.kind == .likert, .td(.text(mean(row)))))
                        }))),
                    .if(isNumber(question), .p(.text("Answered: \(table.all.respondents.map(String.init) ?? suppressed); mean \(mean(table.all))."))),
                    .unwrap(results.compared?.results[question.key]) { before in
                        .p(.class("compare"), .text("Compared with \(results.compared!.survey.title): answered \(before.all.respondents.map(String.init) ?? suppressed), "
                                                    + (question.options.isEmpty || question.kind == .likert ? "mean \(mean(before.all)) then, \(mean(table.all)) now." :
                                                        question.options.map { "\($0.title) \(cellText(before.all, $0.key)) then, \(cellText(table.all, $0.key)) now" }.joined(separator: "; ") + ".")))
                    },
                    .unwrap(texts[question.key]) { groups in
                        .group(.forEach(groups) { title, answers in
                            .group(.h3(.text("Open answers: \(title)")), .ul(.forEach(answers) { .li(.text($0)) }))
                        })
                    })
            },
            .p(.a(.class("button secondary"), .href(SiteRoute.surveyStep(id, step: "results.csv").path(query: query)), .text("Download what is shown (CSV)")),
               .text(" "), .a(.href(SiteRoute.survey(id).path), .text("Back to the survey"))))
    }

    static func isNumber(_ question: SurveyQuestion) -> Bool { if case .number = question.kind { true } else { false } }

    /// Open answers shown: all respondents' where they are at or above the minimum; for a survey
    /// with names, also each shown group's at or above it. Sorted, never in the order given.
    static func openTexts(_ req: Request, _ results: Results) async throws -> [String: [(String, [String])]] {
        let survey = results.survey
        let open = results.questions.filter { $0.question.kind == .openText }
        guard !open.isEmpty, results.network == nil else { return [:] }
        let rows = try await req.db.sql().raw("SELECT person_id, answers FROM survey_responses WHERE survey_id = \(bind: try survey.requireID())").all()
        var answers: [(person: UUID?, answers: [String: SurveyAnswer])] = []
        for row in rows {
            let decoded = (try? JSONDecoder().decode([String: SurveyAnswer].self, from: Data(try row.decode(column: "answers", as: String.self).utf8))) ?? [:]
            answers.append((survey.anonymous ? nil : try row.decode(column: "person_id", as: UUID?.self), decoded))
        }
        var groupsOf: [UUID: [StudentGroup]] = [:]
        if !survey.anonymous, results.dimension != nil {
            for person in Set(answers.compactMap(\.person)) { groupsOf[person] = try await SurveyWriter.respondentGroups(person, tenant: try req.tenant) }
        }
        var shown: [String: [(String, [String])]] = [:]
        for (question, table) in open {
            func texts(_ keep: (UUID?) -> Bool) -> [String] {
                answers.filter { keep($0.person) }.compactMap { if case .text(let text)? = $0.answers[question.key] { text } else { nil } }.sorted()
            }
            var lists: [(String, [String])] = []
            if let n = table.all.respondents, n >= results.minimumCell { lists.append(("all respondents", texts { _ in true })) }
            if !survey.anonymous, let dimension = results.dimension {
                for row in table.rows(dimension) {
                    guard let group = row.group, let n = row.respondents, n >= results.minimumCell else { continue }
                    lists.append((group.title, texts { person in person.map { groupsOf[$0]?.contains(group) ?? false } ?? false }))
                }
            }
            if !lists.isEmpty { shown[question.key] = lists }
        }
        return shown
    }

    static func csv(_ results: Results) -> String {
        var lines = [CSVWriter.row(["Question", "Group", "Answered", "Answer", "Count", "Percent", "Mean"].map(CSVWriter.cell))]
        for (question, table) in results.questions {
            for row in rows(results, table) {
                let answered = row.respondents.map(String.init) ?? suppressed
                if question.options.isEmpty {
                    lines.append(CSVWriter.row([question.prompt, row.title, answered, "", "", "", mean(row)].map(CSVWriter.numberOrText)))
                }
                for option in question.options {
                    let count = row.count(option.key)
                    lines.append(CSVWriter.row([question.prompt, row.title, answered, option.title, count.map(String.init) ?? suppressed,
                                                row.percentTenths(option.key).map { OutcomeArithmetic.decimal($0, places: 1) } ?? "",
                                                question.kind == .likert ? mean(row) : ""].map(CSVWriter.numberOrText)))
                }
            }
        }
        return lines.joined()
    }
}
