import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/partnership-agreements/{id}`: an agreement's terms, its objectives with their progress,
/// and its yearly evaluations; the partner's people answer the questionnaire from their home.
enum AgreementPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.post(SiteRoute.newAgreement(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let partner = try await req.tenant.find(Client.self, req.parameters.get("clientID"))
            let input = try req.input(AgreementInput.self)
            do {
                let agreement = try await AgreementsWriter.save(input, partner: partner, agreement: nil, on: req)
                return req.redirect(to: SiteRoute.agreement(try agreement.requireID()).path(query: [("notice", "Agreement added; now add its objectives.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await PartnerPage.page(req, partner: partner, agreement: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.agreement(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageClients)
            return try await page(req, agreement: try await agreement(req))
        }
        pages.post(SiteRoute.agreementStep(.pattern, step: "edit").pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let agreement = try await agreement(req)
            return try await attempt(req, agreement) {
                _ = try await AgreementsWriter.save(try req.input(AgreementInput.self), partner: try await req.tenant.find(Client.self, agreement.$partner.id),
                                                    agreement: agreement, on: req)
                return "Agreement saved."
            }
        }
        pages.post(SiteRoute.agreementStep(.pattern, step: "objectives").pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let agreement = try await agreement(req)
            return try await attempt(req, agreement) {
                _ = try await AgreementsWriter.addObjective(try req.input(ObjectiveInput.self), to: agreement, on: req)
                return "Objective added."
            }
        }
        pages.post(SiteRoute.agreementStep(.pattern, step: "ratings").pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let agreement = try await agreement(req)
            var ratings: [String: Int] = [:]
            let form = try req.content.decode([String: String].self)
            for (key, value) in form where key.hasPrefix("rating-") { ratings[String(key.dropFirst(7))] = Int(value) }
            return try await attempt(req, agreement) {
                try await AgreementsWriter.rate(RatingsInput(ratings: ratings, note: form["note"]), agreement: agreement, on: req)
                return "Ratings saved for this school year."
            }
        }
        pages.post(SiteRoute.objectiveStep(.pattern, step: "record").pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let objective = try await AgreementsWriter.record(try req.field(Int.self, at: "recordedValue"), for: req.parameters.get("objectiveID"), on: req)
            return req.redirect(to: SiteRoute.agreement(objective.$agreement.id).path(query: [("notice", "Figure recorded.")]))
        }
        pages.post(SiteRoute.objectiveStep(.pattern, step: "remove").pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let objective = try await AgreementsWriter.removeObjective(req.parameters.get("objectiveID"), on: req)
            return req.redirect(to: SiteRoute.agreement(objective.$agreement.id).path(query: [("notice", "Objective removed.")]))
        }
        pages.get(SiteRoute.agreementStep(.pattern, step: "questionnaire").pattern) { req async throws -> Page in
            try await questionnaire(req, agreement: try await partnersOwn(req))
        }
        pages.post(SiteRoute.agreementStep(.pattern, step: "questionnaire").pattern) { req async throws -> Response in
            let agreement = try await partnersOwn(req)
            let form = try req.content.decode([String: String].self)
            let answers = PartnerQuestionnaire.statements.indices.map { Int(form["answer-\($0)"] ?? "") ?? 0 }
            do {
                try await AgreementsWriter.answer(PartnerAnswersInput(answers: answers, comment: form["comment"]), agreement: agreement, on: req)
                return req.redirect(to: SiteRoute.home.path(query: [("notice", "Thank you: your answers are saved.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await questionnaire(req, agreement: agreement, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
    }

    static func agreement(_ req: Request) async throws -> PartnershipAgreement {
        try await req.tenant.find(PartnershipAgreement.self, req.parameters.get("agreementID"))
    }

    /// An agreement the viewer speaks for: one of its partner's people. Anyone else gets 404.
    static func partnersOwn(_ req: Request) async throws -> PartnershipAgreement {
        let agreement = try await agreement(req)
        let viewer = try req.viewer
        guard try await req.tenant.query(ClientContactLink.self).filter(\.$client.$id == agreement.$partner.id)
            .filter(\.$person.$id == viewer.personID).first() != nil else { throw Abort(.notFound) }
        return agreement
    }

    static func attempt(_ req: Request, _ agreement: PartnershipAgreement, _ change: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: SiteRoute.agreement(try agreement.requireID()).path(query: [("notice", try await change())]))
        } catch let error as PathworkError where !error.fieldErrors.isEmpty {
            return try await page(req, agreement: agreement, errors: error.fieldErrors).encodeResponse(for: req)
        }
    }

    static func page(_ req: Request, agreement: PartnershipAgreement, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try agreement.requireID()
        let partner = try await tenant.find(Client.self, agreement.$partner.id)
        let objectives = try await AgreementStanding.progress(of: agreement, tenant: tenant)
        let evaluations = try await tenant.query(PartnershipEvaluation.self).filter(\.$agreement.$id == id).sort(\.$schoolYear, .descending).all()
        let year = SchoolCalendar.schoolYearStart(containing: req.today)
        let current = evaluations.first { $0.schoolYear == year }
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page(agreement.title, viewer: viewer, current: .clients, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .p(.a(.href(SiteRoute.client(agreement.$partner.id).path), .text("← \(partner.name)"))),
            .dl(.class("facts"),
                .dt(.text("Term")), .dd(.text("\(agreement.startsOn) to \(agreement.endsOn) (renewal date)")),
                .dt(.text("The district gives")), .dd(.text(agreement.districtGives.isEmpty ? "—" : agreement.districtGives)),
                .dt(.text("The partner gives")), .dd(.text(agreement.partnerGives.isEmpty ? "—" : agreement.partnerGives)),
                .dt(.text("Signed by")), .dd(.text(agreement.signatories.isEmpty ? "—" : agreement.signatories)),
                .dt(.text("Signed on")), .dd(.text(agreement.signedOn ?? "not yet"))),
            AgreementDocuments.section(agreement, documents: try await AgreementDocuments.latest(agreement, tenant: tenant), viewer: viewer),
            .details(.class("card"), .summary(.text("Edit the agreement")),
                form(action: SiteRoute.agreementStep(id, step: "edit").path, input: AgreementInput(agreement), viewer: viewer, error: error, button: "Save")),
            .h2(.text("Objectives")),
            .if(objectives.isEmpty, .p(.text("No objectives yet. Each says what is counted, its target, and how it is measured."))),
            .ul(.class("log"), .forEach(objectives) { objective, progress in
                .li(.strong(.text(objective.details)), .text(" — \(progress.value) of \(objective.target) \(objective.unit)"),
                    .text(progress.isMet ? " · met" : ""), .br(),
                    Layout.meter(progress.percent, max: 100, label: "\(progress.percent)%"),
                    .span(.class("muted"), .text(" \(objective.measure.title)\(objective.howMeasured.isEmpty ? "" : ": \(objective.howMeasured)")")),
                    .if(objective.measure == .recorded, .form(.class("inline"), .method(.post),
                        .action((try? SiteRoute.objectiveStep(objective.requireID(), step: "record").path) ?? ""), Layout.csrfField(viewer.csrfToken),
                        .input(.type(.number), .name("recordedValue"), .attribute(named: "aria-label", value: "Figure for \(objective.details)"),
                               .value(String(objective.recordedValue ?? 0)), .attribute(named: "min", value: "0")),
                        .button(.type(.submit), .class("link"), .text("Record")))),
                    .form(.class("inline"), .method(.post), .action((try? SiteRoute.objectiveStep(objective.requireID(), step: "remove").path) ?? ""),
                          Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Remove"))))
            }),
            .details(.class("card"), .summary(.text("Add an objective")),
                .form(.method(.post), .action(SiteRoute.agreementStep(id, step: "objectives").path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Objective", name: "description", value: nil, required: true, error: error("description")),
                    FormField.text("Target", name: "target", value: nil, type: .number, required: true, error: error("target")),
                    FormField.text("Counted in (students, hours, events…)", name: "unit", value: nil, required: true, error: error("unit")),
                    FormField.select("Measured by", name: "measure", options: ObjectiveMeasure.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: nil, error: error("measure")),
                    FormField.text("How it is measured", name: "howMeasured", value: nil, error: error("howMeasured")),
                    .button(.type(.submit), .text("Add objective")))),
            .h2(.text("Evaluation, \(year)–\(year + 1)")),
            answersSummary(current),
            .if(!objectives.isEmpty, .form(.class("card"), .method(.post), .action(SiteRoute.agreementStep(id, step: "ratings").path),
                Layout.csrfField(viewer.csrfToken),
                .p(.text("Rate each objective this year, from 1 (not met) to 4 (fully met).")),
                .forEach(objectives) { objective, _ in
                    let key = objective.id?.uuidString ?? ""
                    return FormField.select(objective.details, name: "rating-\(key)",
                                            options: [(value: "", title: "Choose")] + (1...4).map { (value: String($0), title: String($0)) },
                                            selected: objective.id.flatMap { current?.ratingValues[$0] }.map(String.init), error: error("ratings.\(key)"))
                },
                FormField.textarea("Note", name: "note", value: current?.note, rows: 2, error: error("note")),
                .button(.type(.submit), .text("Save ratings")))),
            .h2(.text("Year over year")),
            history(evaluations, objectives: objectives.map(\.objective)))
    }

    static func answersSummary(_ evaluation: PartnershipEvaluation?) -> Node<HTML.BodyContext> {
        guard let evaluation, evaluation.answeredOn != nil else {
            return .p(.text("The partner has not answered this year's questionnaire; its people find it on their home page."))
        }
        let answers = evaluation.answerValues
        return .group(
            .p(.text("The partner answered on \(evaluation.answeredOn ?? ""):")),
            .ul(.forEach(Array(PartnerQuestionnaire.statements.enumerated())) { index, statement in
                .li(.text("\(statement) — \(index < answers.count ? PartnerQuestionnaire.scale[answers[index] - 1] : "—")"))
            }),
            .unwrap(evaluation.comment) { .p(.text("“\($0)”")) })
    }

    static func history(_ evaluations: [PartnershipEvaluation], objectives: [PartnershipObjective]) -> Node<HTML.BodyContext> {
        .if(evaluations.isEmpty, .p(.text("No evaluations yet.")), else: .div(.class("table-wrap"), .table(
            .thead(.tr(.th(.text("School year")), .th(.text("Partner's answers (of 4)")), .th(.text("Objectives rated (of 4)")))),
            .tbody(.forEach(evaluations) { evaluation in
                .tr(.td(.text("\(evaluation.schoolYear)–\(evaluation.schoolYear + 1)")),
                    .td(.text(evaluation.answerValues.map(String.init).joined(separator: ", "))),
                    .td(.text(objectives.compactMap { $0.id.flatMap { evaluation.ratingValues[$0] } }.map(String.init).joined(separator: ", "))))
            }))))
    }

    static func form<C: HTML.BodyContext>(action: String, input: AgreementInput, viewer: Viewer, error: (String) -> String?, button: String) -> Node<C> {
        .form(.method(.post), .action(action), Layout.csrfField(viewer.csrfToken),
            FormField.text("Title", name: "title", value: input.title, required: true, error: error("title")),
            FormField.text("Starts", name: "startsOn", value: input.startsOn, type: .date, required: true, error: error("startsOn")),
            FormField.text("Ends (renewal date)", name: "endsOn", value: input.endsOn, type: .date, required: true, error: error("endsOn")),
            FormField.textarea("What the district gives", name: "districtGives", value: input.districtGives, rows: 3, error: error("districtGives")),
            FormField.textarea("What the partner gives", name: "partnerGives", value: input.partnerGives, rows: 3, error: error("partnerGives")),
            FormField.text("Signed by (names and titles)", name: "signatories", value: input.signatories, error: error("signatories")),
            FormField.text("Signed on", name: "signedOn", value: input.signedOn, type: .date, error: error("signedOn")),
            .button(.type(.submit), .text(button)))
    }

    static func questionnaire(_ req: Request, agreement: PartnershipAgreement, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let year = SchoolCalendar.schoolYearStart(containing: req.today)
        let current = try await req.tenant.query(PartnershipEvaluation.self).filter(\.$agreement.$id == agreement.requireID())
            .filter(\.$schoolYear == year).first()
        let answers = current?.answerValues ?? []
        return Layout.page("How is our partnership going?", viewer: viewer, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .p(.text("\(agreement.title), \(year)–\(year + 1). Four statements and a comment; the district's coordinator reads them.")),
            .form(.method(.post), .action(SiteRoute.agreementStep(try agreement.requireID(), step: "questionnaire").path), Layout.csrfField(viewer.csrfToken),
                .forEach(Array(PartnerQuestionnaire.statements.enumerated())) { index, statement in
                    FormField.select(statement, name: "answer-\(index)",
                                     options: [(value: "", title: "Choose")] + PartnerQuestionnaire.scale.enumerated().map { (value: String($0.offset + 1), title: $0.element) },
                                     selected: index < answers.count ? String(answers[index]) : nil, error: index == 0 ? errors.first { $0.field == "answers" }?.message : nil)
                },
                FormField.textarea("Anything else we should know?", name: "comment", value: current?.comment, rows: 4, error: errors.first { $0.field == "comment" }?.message),
                .button(.type(.submit), .text("Send answers"))))
    }

    /// On the home of a partner's people: each agreement of their organizations, with this
    /// year's questionnaire.
    static func partnerHome(_ viewer: Viewer, tenant: Tenant, today: CalendarDate) async throws -> Node<HTML.BodyContext> {
        let partners = try await tenant.query(ClientContactLink.self).filter(\.$person.$id == viewer.personID).all(\.$client.$id)
        guard !partners.isEmpty else { return .empty }
        let agreements = try await tenant.query(PartnershipAgreement.self).filter(\.$partner.$id ~~ partners)
            .filter(\.$endsOn >= today.description).sort(\.$title).all()
        guard !agreements.isEmpty else { return .empty }
        let year = SchoolCalendar.schoolYearStart(containing: today)
        let answered = Set(try await tenant.query(PartnershipEvaluation.self).filter(\.$agreement.$id ~~ agreements.compactMap(\.id))
            .filter(\.$schoolYear == year).filter(\.$answeredOn != nil).all(\.$agreement.$id))
        let signed = Set(try await tenant.query(AgreementDocument.self).filter(\.$agreement.$id ~~ agreements.compactMap(\.id)).all(\.$agreement.$id))
        return .section(.class("card"), .h2(.text("Your partnership with the district")),
            .ul(try .forEach(agreements) { agreement in
                let id = try agreement.requireID()
                return .li(.text("\(agreement.title) (to \(agreement.endsOn)) · "),
                           .a(.href(SiteRoute.agreementStep(id, step: "questionnaire").path),
                              .text(answered.contains(id) ? "Change this year's answers" : "Answer this year's questionnaire")),
                           .if(signed.contains(id), .group(.text(" · "), .a(.href(SiteRoute.agreementStep(id, step: "document").path), .text("the signed copy")))))
            }))
    }
}

extension AgreementInput {
    init(_ a: PartnershipAgreement) {
        self.init(title: a.title, startsOn: a.startsOn, endsOn: a.endsOn, districtGives: a.districtGives, partnerGives: a.partnerGives,
                  signatories: a.signatories, signedOn: a.signedOn)
    }
}
