import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Surveys over the API: the district's surveys with how many answered, and a survey's results
/// as the results page shows them (by one group dimension, for a network, compared with an
/// earlier survey), suppressed the same way.
enum SurveyAPI {
    struct Summary: Content {
        var id: UUID; var title: String; var template: String?; var anonymous: Bool; var status: String; var closesOn: String
        var invited: Int; var answered: Int
    }

    struct ResultsJSON: Content {
        struct Row: Content { var group: String; var title: String; var respondents: Int?; var counts: [String: Int?]; var meanTenths: Int? }
        struct Option: Content { var key: String; var title: String }
        struct Question: Content { var key: String; var prompt: String; var kind: String; var options: [Option]; var rows: [Row]; var compared: Row? }
        var surveyId: UUID
        var title: String
        var anonymous: Bool
        var minimumCell: Int
        var network: UUID?
        var dimension: String?
        var compareWith: UUID?
        var questions: [Question]
    }

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        api.endpoint(APIOperation(method: .GET, path: ["surveys"], summary: "The district's surveys with how many were asked and answered", tag: "Surveys",
                                  response: .array(.object([("id", .string(format: "uuid")), ("title", .string()), ("template", .nullable(.string())),
                                                            ("anonymous", .boolean), ("status", .enumeration(["draft", "open", "closed"])),
                                                            ("closesOn", .string(format: "date")), ("invited", .integer()), ("answered", .integer())],
                                                           required: ["id", "title", "anonymous", "status", "closesOn", "invited", "answered"]))),
                     registry: registry) { req -> [Summary] in
            let viewer = try req.viewer
            guard viewer.can(.viewAggregates) || viewer.can(SurveyWriter.managers) else { throw Abort(.forbidden, reason: "Staff who read results see the district's surveys.") }
            let tenant = try req.tenant
            let surveys = try await tenant.query(Survey.self).sort(\.$createdAt, .descending).all()
            let counts = try await SurveyPages.invitationCounts(surveys.compactMap(\.id), tenant: tenant)
            return try surveys.map { survey in
                let id = try survey.requireID()
                return Summary(id: id, title: survey.title, template: survey.template, anonymous: survey.anonymous, status: survey.status.rawValue,
                               closesOn: survey.closesOn, invited: counts[id]?.invited ?? 0, answered: counts[id]?.answered ?? 0)
            }
        }
        let row = Schema.object([("group", .string()), ("title", .string()), ("respondents", .nullable(.integer())), ("counts", .dictionary(.nullable(.integer()))),
                                 ("meanTenths", .nullable(.integer()))], required: ["group", "title", "counts"])
        api.endpoint(APIOperation(method: .GET, path: ["surveys", ":surveyID", "results"],
                                  summary: "A survey's results by question and student group, suppressed (null = suppressed)", tag: "Surveys",
                                  query: [
                                      .choice("by", GroupDimension.allCases.map(\.token), "the student group dimension (surveys of students)"),
                                      .matching("scope", pattern: OutcomeAPI.scopePattern(["network"]),
                                                "district (this survey, the default) or network:<id>: the template's surveys across the network's districts") {
                                          switch OutcomeScope(strict: $0) { case .district?, .network?: true; default: false }
                                      },
                                      .uuid("compare", "an earlier survey to compare with, question by question"),
                                      .choice("source", ["rollups", "records"], "rollups (default: the counts moved with each answer) or records: every identified response counted again"),
                                  ],
                                  response: .object([("surveyId", .string(format: "uuid")), ("title", .string()), ("anonymous", .boolean), ("minimumCell", .integer()),
                                                     ("network", .nullable(.string(format: "uuid"))), ("dimension", .nullable(.string())),
                                                     ("compareWith", .nullable(.string(format: "uuid"))),
                                                     ("questions", .array(.object([("key", .string()), ("prompt", .string()), ("kind", .enumeration(["likert", "singleChoice", "multipleChoice", "number", "openText"])),
                                                                                   ("options", .array(.object([("key", .string()), ("title", .string())], required: ["key", "title"]))),
                                                                                   ("rows", .array(row)), ("compared", .nullable(row))],
                                                                                  required: ["key", "prompt", "kind", "options", "rows"])))],
                                                    required: ["surveyId", "title", "anonymous", "minimumCell", "questions"]),
                                  rules: [.rule("source=records only for a survey that is not anonymous")]), registry: registry) { req -> ResultsJSON in
            try json(try await SurveyResultsPage.load(req))
        }
    }

    /// The question's kind as a stable word.
    static func kind(_ kind: SurveyQuestion.Kind) -> String {
        switch kind {
        case .likert: "likert"
        case .singleChoice: "singleChoice"
        case .multipleChoice: "multipleChoice"
        case .number: "number"
        case .openText: "openText"
        }
    }

    static func json(_ results: SurveyResultsPage.Results) throws -> ResultsJSON {
        func row(_ row: SurveyRow) -> ResultsJSON.Row {
            ResultsJSON.Row(group: row.group?.token ?? SurveyTally.allToken, title: row.title, respondents: row.respondents, counts: row.counts, meanTenths: row.meanTenths)
        }
        return ResultsJSON(
            surveyId: try results.survey.requireID(), title: results.survey.title, anonymous: results.survey.anonymous, minimumCell: results.minimumCell,
            network: results.network?.id, dimension: results.dimension?.token, compareWith: results.compared?.survey.id,
            questions: results.questions.map { question, table in
                ResultsJSON.Question(key: question.key, prompt: question.prompt, kind: kind(question.kind),
                                     options: question.options.map { ResultsJSON.Option(key: $0.key, title: $0.title) },
                                     rows: SurveyResultsPage.rows(results, table).map(row),
                                     compared: results.compared?.results[question.key].map { row($0.all) })
            })
    }
}
