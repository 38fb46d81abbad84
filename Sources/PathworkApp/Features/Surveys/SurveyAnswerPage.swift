import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/surveys/<id>/answer`: the survey on one page, made for a phone — a scale as five large
/// choices, required questions marked, every problem beside its question, answers kept when
/// the page comes back with one.
enum SurveyAnswerPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.surveyStep(.pattern, step: "answer").pattern) { req async throws -> Page in
            try await page(req, try await SurveyPages.load(req))
        }
        pages.post(SiteRoute.surveyStep(.pattern, step: "answer").pattern) { req async throws -> Response in
            let survey = try await SurveyPages.load(req)
            let read = SurveyAnswers.read(survey.definition) { name in
                if let many = try? req.content.get([String].self, at: name) { return many }
                return (try? req.content.get(String.self, at: name)).map { [$0] } ?? []
            }
            guard read.problems.isEmpty else {
                var page = try await page(req, survey, answers: read.answers, problems: read.problems)
                page.status = .unprocessableEntity
                return try await page.encodeResponse(for: req)
            }
            try await SurveyWriter.answer(survey, answers: read.answers, on: req)
            return req.redirect(to: SiteRoute.surveyStep(try survey.requireID(), step: "answer").path)
        }
    }

    static func page(_ req: Request, _ survey: Survey, answers: [String: SurveyAnswer] = [:], problems: [String: String] = [:]) async throws -> Page {
        let viewer = try req.viewer
        let id = try survey.requireID()
        guard let invitation = try await req.tenant.query(SurveyInvitation.self).filter(\.$surveyID == id).filter(\.$personID == viewer.personID).first() else {
            throw Abort(.notFound, reason: "This survey was not sent to you.")
        }
        if invitation.completedOn != nil {
            return Layout.page(survey.title, viewer: viewer, current: .surveys,
                .p(.class("notice"), .text("Thank you: your answers are in." + (survey.anonymous ? " They are kept with no name attached." : ""))),
                .p(.a(.href(SiteRoute.home.path), .text("Back home"))))
        }
        guard survey.status == .open, let closes = CalendarDate(iso: survey.closesOn), closes >= req.today else {
            return Layout.page(survey.title, viewer: viewer, current: .surveys, .p(.text("This survey is closed.")))
        }
        return Layout.page(survey.title, viewer: viewer, current: .surveys, status: problems.isEmpty ? .ok : .unprocessableEntity,
            .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                                        .h2(.text("Please answer the questions marked below")))),
            .if(!survey.intro.isEmpty, .p(.text(survey.intro))),
            .p(.class("muted"), .text((survey.anonymous ? "Anonymous: your answers are kept with no name, no time and nothing that leads back to you. "
                                                         : "Your answers are kept with your name. ") + "Closes \(survey.closesOn).")),
            .form(.method(.post), .action(SiteRoute.surveyStep(id, step: "answer").path), .class("survey"), Layout.csrfField(viewer.csrfToken),
                .forEach(survey.definition.sections) { section in
                    .div(.class("survey-section"), .h2(.text(section.title)), .forEach(section.questions) { question in
                        field(question, answer: answers[question.key], problem: problems[question.key])
                    })
                },
                .button(.type(.submit), .text("Send my answers"))))
    }

    static func field<C: HTML.BodyContext>(_ question: SurveyQuestion, answer: SurveyAnswer?, problem: String?) -> Node<C> {
        let name = "q_\(question.key)"
        let label = question.prompt + (question.required ? " (required)" : "")
        func choices(_ multiple: Bool, chosen: Set<String>) -> Node<C> {
            .div(.class(problem == nil ? "field choices" : "field choices invalid"), .attribute(named: "role", value: multiple ? "group" : "radiogroup"),
                 .attribute(named: "aria-label", value: question.prompt),
                 .p(.class("question"), .text(label)),
                 .unwrap(problem) { .p(.class("error"), .text($0)) },
                 .forEach(question.options) { option in
                     .label(.class("choice"),
                            .input(.type(multiple ? .checkbox : .radio), .name(multiple ? "\(name)[]" : name), .value(option.key), .checked(chosen.contains(option.key))),
                            .text(" " + option.title))
                 })
        }
        switch (question.kind, answer) {
        case (.likert, let answer):
            if case .level(let level)? = answer { return choices(false, chosen: [String(level)]) }
            return choices(false, chosen: [])
        case (.singleChoice, let answer):
            if case .choice(let index)? = answer { return choices(false, chosen: [String(index)]) }
            return choices(false, chosen: [])
        case (.multipleChoice, let answer):
            if case .choices(let indexes)? = answer { return choices(true, chosen: Set(indexes.map(String.init))) }
            return choices(true, chosen: [])
        case (.number(let minimum, let maximum), let answer):
            var value: String?
            if case .number(let number)? = answer { value = String(number) }
            return .div(.class(problem == nil ? "field" : "field invalid"), .label(.for(name), .text(label)),
                        .unwrap(problem) { .p(.class("error"), .text($0)) },
                        .input(.type(.number), .name(name), .id(name), .value(value ?? ""), .attribute(named: "min", value: String(minimum)),
                               .attribute(named: "max", value: String(maximum)), .attribute(named: "inputmode", value: "numeric")))
        case (.openText, let answer):
            var value: String?
            if case .text(let text)? = answer { value = text }
            return FormField.textarea(label, name: name, value: value, rows: 4, error: problem)
        }
    }
}
