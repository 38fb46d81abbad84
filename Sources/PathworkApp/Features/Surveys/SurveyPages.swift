import Fluent
import Foundation
import PathworkDomain
import Plot
import SQLKit
import Vapor

/// `/surveys`: coordinators build a survey (from a template or blank), send it to an audience,
/// remind and close it, and read its results; everyone it was sent to answers it from here or
/// their home, on a phone.
enum SurveyPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.surveys.pattern) { req async throws -> Page in try await list(req) }
        pages.post(SiteRoute.surveys.pattern) { req async throws -> Response in
            struct Input: Content {
                var title: String?; var intro: String?; var template: String?; var anonymous: String?; var closesOn: String?
                var audience: String?; var schoolId: String?; var grade: String?; var programId: String?; var teamId: String?
            }
            let input = try req.content.decode(Input.self)
            let audience = SurveyAudience(kind: input.audience.flatMap(SurveyAudience.Kind.init(rawValue:)) ?? .students,
                                          schoolID: input.schoolId.flatMap(UUID.init(uuidString:)), grade: input.grade.flatMap { Int($0) },
                                          programID: input.programId.flatMap(UUID.init(uuidString:)), teamID: input.teamId.flatMap(UUID.init(uuidString:)))
            let draft = SurveyWriter.Draft(title: input.title ?? "", intro: input.intro ?? "", template: input.template.flatMap(SurveyTemplate.init(rawValue:)),
                                           anonymous: input.anonymous != nil, closesOn: input.closesOn ?? "", audience: audience)
            do {
                let survey = try await SurveyWriter.create(draft, on: req)
                return req.redirect(to: SiteRoute.survey(try survey.requireID()).path)
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await list(req, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.survey(.pattern).pattern) { req async throws -> Response in
            let survey = try await load(req)
            guard try req.viewer.can(SurveyWriter.managers) else { return req.redirect(to: SiteRoute.surveyStep(try survey.requireID(), step: "answer").path) }
            return try await page(req, survey).encodeResponse(for: req)
        }
        pages.post(SiteRoute.surveyStep(.pattern, step: "questions").pattern) { req async throws -> Response in
            let survey = try await load(req)
            let field = { (name: String) in (try? req.field(String.self, at: name)) ?? nil ?? "" }
            do {
                let section = field("section").nonEmpty ?? "Questions"
                let question = try SurveyWriter.question(key: "", prompt: field("prompt"), kind: field("kind"), choices: field("choices"),
                                                         minimum: field("minimum"), maximum: field("maximum"), required: !field("required").isEmpty)
                try await SurveyWriter.edit(survey, on: req) { definition in
                    var added = question
                    let used = Set(definition.questions.map(\.key))
                    added.key = (1...).lazy.map { "q\($0)" }.first { !used.contains($0) }!
                    if let index = definition.sections.firstIndex(where: { $0.title == section }) {
                        definition.sections[index].questions.append(added)
                    } else {
                        definition.sections.append(SurveySection(title: section, questions: [added]))
                    }
                }
                return req.redirect(to: SiteRoute.survey(try survey.requireID()).path(query: [("notice", "The question is added.")]) + "#questions")
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, survey, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.surveyStep(.pattern, step: "remove-question").pattern) { req async throws -> Response in
            let survey = try await load(req)
            let key = (try req.field(String.self, at: "key")) ?? ""
            try await SurveyWriter.edit(survey, on: req) { definition in
                for index in definition.sections.indices { definition.sections[index].questions.removeAll { $0.key == key } }
                definition.sections.removeAll { $0.questions.isEmpty }
            }
            return req.redirect(to: SiteRoute.survey(try survey.requireID()).path(query: [("notice", "The question is removed.")]) + "#questions")
        }
        pages.post(SiteRoute.surveyStep(.pattern, step: "send").pattern) { req async throws -> Response in
            let survey = try await load(req)
            do {
                let count = try await SurveyWriter.send(survey, on: req)
                return req.redirect(to: SiteRoute.survey(try survey.requireID()).path(query: [("notice", "Sent to \(count) \(count == 1 ? "person" : "people").")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, survey, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.surveyStep(.pattern, step: "remind").pattern) { req async throws -> Response in
            let survey = try await load(req)
            try await SurveyWriter.remind(survey, on: req)
            return req.redirect(to: SiteRoute.survey(try survey.requireID()).path(query: [("notice", "Everyone who has not answered sees a reminder on their home.")]))
        }
        pages.post(SiteRoute.surveyStep(.pattern, step: "close").pattern) { req async throws -> Response in
            let survey = try await load(req)
            try await SurveyWriter.close(survey, on: req)
            return req.redirect(to: SiteRoute.survey(try survey.requireID()).path(query: [("notice", "The survey is closed.")]))
        }
        SurveyAnswerPage.register(pages)
        SurveyResultsPage.register(pages)
    }

    /// How many each survey was sent to and how many have answered, in one read.
    static func invitationCounts(_ ids: [UUID], tenant: Tenant) async throws -> [UUID: (invited: Int, answered: Int)] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await tenant.db.sql().raw("""
            SELECT survey_id, COUNT(*) AS invited, COUNT(completed_on) AS answered FROM survey_invitations
            WHERE district_id = \(bind: tenant.districtID) AND survey_id IN (\(binds: ids.map { $0 as any Encodable & Sendable })) GROUP BY survey_id
            """).all()
        var counts: [UUID: (invited: Int, answered: Int)] = [:]
        for row in rows {
            counts[try row.decode(column: "survey_id", as: UUID.self)] = (try row.decode(column: "invited", as: Int.self), try row.decode(column: "answered", as: Int.self))
        }
        return counts
    }

    static func load(_ req: Request) async throws -> Survey {
        try await req.tenant.find(Survey.self, req.parameters.get("surveyID"))
    }

    /// Managers see every survey with a form for a new one; anyone else the surveys sent to them.
    static func list(_ req: Request, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        guard viewer.can(SurveyWriter.managers) else {
            let invitations = try await tenant.query(SurveyInvitation.self).filter(\.$personID == viewer.personID).all()
            let surveys = invitations.isEmpty ? [] : try await tenant.query(Survey.self).filter(\.$id ~~ invitations.map(\.surveyID)).sort(\.$closesOn).all()
            let done = Set(invitations.filter { $0.completedOn != nil }.map(\.surveyID))
            return Layout.page("Surveys", viewer: viewer, current: .surveys,
                surveys.isEmpty ? .p(.text("No survey has been sent to you.")) : .ul(.class("cards"), .forEach(surveys) { survey in
                    .li(.unwrap(survey.id) { id in
                        done.contains(id) ? .text("\(survey.title) — answered, thank you.")
                            : survey.status == .open ? .a(.href(SiteRoute.surveyStep(id, step: "answer").path), .text("\(survey.title) — answer by \(survey.closesOn)"))
                            : .text("\(survey.title) — closed.")
                    })
                }))
        }
        let surveys = try await tenant.query(Survey.self).sort(\.$createdAt, .descending).all()
        let schools = try await tenant.query(School.self).sort(\.$name).all()
        let programs = try await tenant.query(Program.self).sort(\.$name).all()
        let teams = try await tenant.query(Team.self).sort(\.$name).all()
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let counts = try await invitationCounts(try surveys.map { try $0.requireID() }, tenant: tenant)
        var rows: [(Survey, String, Int, Int)] = []
        for survey in surveys {
            let count = counts[try survey.requireID()] ?? (0, 0)
            rows.append((survey, try await survey.audience.describe(tenant: tenant), count.invited, count.answered))
        }
        return Layout.page("Surveys", viewer: viewer, current: .surveys, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .section(.class("card"), .id("surveys"),
                rows.isEmpty ? .p(.text("No survey yet.")) : .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Survey")), .th(.text("To")), .th(.text("Status")), .th(.text("Closes")), .th(.text("Answered")))),
                    .tbody(.forEach(rows) { survey, audience, invited, answered in
                        .tr(.td(.unwrap(survey.id) { .a(.href(SiteRoute.survey($0).path), .text(survey.title)) }), .td(.text(audience)),
                            .td(.text(survey.status.rawValue + (survey.anonymous ? ", anonymous" : ""))), .td(.text(survey.closesOn)),
                            .td(.text(survey.status == .draft ? "—" : "\(answered) of \(invited)")))
                    })))),
            .section(.class("card"), .id("new-survey"),
                .h2(.text("New survey")),
                .form(.method(.post), .action(SiteRoute.surveys.path), Layout.csrfField(viewer.csrfToken),
                      FormField.select("Start from", name: "template", options: [(value: "", title: "A blank survey")] + SurveyTemplate.allCases.map { (value: $0.rawValue, title: $0.title) },
                                       selected: nil),
                      FormField.text("Title", name: "title", value: nil, error: error("title")),
                      FormField.textarea("Introduction (optional)", name: "intro", value: nil, rows: 3, error: error("intro")),
                      FormField.text("Closes on", name: "closesOn", value: req.today.adding(days: 14).description, type: .date, error: error("closesOn")),
                      FormField.checkbox("Anonymous: Pathwork keeps no link from a response to the person who gave it", name: "anonymous", checked: false),
                      FormField.select("Send to", name: "audience", options: SurveyAudience.Kind.allCases.map { (value: $0.rawValue, title: $0.title) }, selected: nil),
                      FormField.select("Students at (students only)", name: "schoolId", options: [(value: "", title: "Any school")] + schools.compactMap { s in s.id.map { (value: $0.uuidString, title: s.name) } },
                                       selected: nil, error: error("schoolId")),
                      FormField.select("In grade (students only)", name: "grade", options: [(value: "", title: "Any grade")] + (6...12).map { (value: String($0), title: "Grade \($0)") },
                                       selected: nil, error: error("grade")),
                      FormField.select("In program (students only)", name: "programId", options: [(value: "", title: "Any program")] + programs.compactMap { p in p.id.map { (value: $0.uuidString, title: p.name) } },
                                       selected: nil, error: error("programId")),
                      FormField.select("On team (students only)", name: "teamId", options: [(value: "", title: "Any team")] + teams.compactMap { t in t.id.map { (value: $0.uuidString, title: t.name) } },
                                       selected: nil, error: error("teamId")),
                      .button(.type(.submit), .text("Create survey")))))
    }

    static func page(_ req: Request, _ survey: Survey, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try survey.requireID()
        let (invited, answered) = try await invitationCounts([id], tenant: tenant)[id] ?? (0, 0)
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let definition = survey.definition
        let isDraft = survey.status == .draft
        return Layout.page(survey.title, viewer: viewer, current: .surveys, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .section(.class("card"), .id("status"),
                .p(.text("To: \(try await survey.audience.describe(tenant: tenant)). Closes \(survey.closesOn). "
                         + (survey.anonymous ? "Anonymous: responses carry no name, no time and nothing that leads back to a person." : "Responses are kept with who gave them."))),
                .p(.text(isDraft ? "Not sent yet." : "\(survey.status == .open ? "Open" : "Closed"): \(answered) of \(invited) answered.")),
                .if(survey.remindedAt != nil, .p(.class("muted"), .text("A reminder is showing on the homes of those who have not answered."))),
                .div(.class("actions"),
                    .if(isDraft, .form(.method(.post), .action(SiteRoute.surveyStep(id, step: "send").path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                                       .button(.type(.submit), .text("Send the survey")))),
                    .if(survey.status == .open, .group(
                        .form(.method(.post), .action(SiteRoute.surveyStep(id, step: "remind").path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                              .button(.type(.submit), .class("secondary"), .text("Send a reminder"))),
                        .form(.method(.post), .action(SiteRoute.surveyStep(id, step: "close").path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                              .button(.type(.submit), .class("secondary"), .text("Close now"))))),
                    .if(!isDraft, .a(.class("button"), .href(SiteRoute.surveyStep(id, step: "results").path), .text("Results"))))),
            .section(.class("card"), .id("questions"),
                .h2(.text("Questions")),
                .if(!survey.intro.isEmpty, .p(.class("muted"), .text(survey.intro))),
                .if(definition.questions.isEmpty, .p(.text("No question yet."))),
                .forEach(definition.sections) { section in
                    .group(.h3(.text(section.title)), .ol(.forEach(section.questions) { question in
                        .li(.text("\(question.prompt) (\(question.kind.title)\(question.required ? ", required" : ""))"),
                            .if(!question.options.isEmpty && question.kind != .likert, .text(": " + question.options.map(\.title).joined(separator: " / "))),
                            .if(isDraft, .form(.method(.post), .action(SiteRoute.surveyStep(id, step: "remove-question").path), .class("inline"),
                                               Layout.csrfField(viewer.csrfToken), .input(.type(.hidden), .name("key"), .value(question.key)),
                                               .button(.type(.submit), .class("link"), .text("Remove")))))
                    }))
                },
                .if(isDraft, .form(.method(.post), .action(SiteRoute.surveyStep(id, step: "questions").path), .id("add-question"), Layout.csrfField(viewer.csrfToken),
                    .h3(.text("Add a question")),
                    FormField.text("Section", name: "section", value: definition.sections.last?.title ?? "Questions"),
                    FormField.text("Question", name: "prompt", value: nil, error: error("prompt")),
                    FormField.select("Answer", name: "kind", options: [("likert", "Agree–disagree scale"), ("singleChoice", "One choice"), ("multipleChoice", "Any number of choices"),
                                                                       ("number", "A number"), ("openText", "Open text")].map { (value: $0.0, title: $0.1) },
                                     selected: nil, error: error("kind")),
                    FormField.textarea("Choices, one a line (for choice questions)", name: "choices", value: nil, rows: 4, error: error("choices")),
                    FormField.text("Smallest number (for a number)", name: "minimum", value: "0", type: .number),
                    FormField.text("Largest number (for a number)", name: "maximum", value: "100", type: .number, error: error("maximum")),
                    FormField.checkbox("An answer is required", name: "required", checked: false),
                    .button(.type(.submit), .text("Add question"))))))
    }
}
