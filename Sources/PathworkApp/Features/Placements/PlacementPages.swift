import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/placements`: the list a coordinator works from, a student's and a guardian's placements,
/// a supervisor's interns; each placement's page (PlacementPage) and its agreement's form.
enum PlacementPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.placements.pattern) { req async throws -> Page in try await list(req) }
        pages.get(SiteRoute.placement(.pattern).pattern) { req async throws -> Page in
            try await PlacementPage.page(req, placement: try await PlacementDirectory.find(req.parameters.get("placementID"), req: req))
        }
        pages.post(SiteRoute.applicationStep(.pattern, step: "place").pattern) { req async throws -> Response in
            let placement = try await PlacementsWriter.place(application: req.parameters.get("applicationID"), on: req)
            return req.redirect(to: SiteRoute.placementStep(try placement.requireID(), step: "edit")
                .path(query: [("notice", "Placed. Write the training agreement; then everyone signs.")]))
        }
        pages.get(SiteRoute.placementStep(.pattern, step: "edit").pattern) { req async throws -> Page in
            try req.viewer.require(.manageClients)
            let placement = try await req.tenant.find(Placement.self, req.parameters.get("placementID"))
            return try await form(req, placement: placement, input: nil)
        }
        pages.post(SiteRoute.placementStep(.pattern, step: "edit").pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let raw = req.parameters.get("placementID")
            let input = PlacementInput(form: try req.content.decode([String: String].self))
            do {
                let placement = try await PlacementsWriter.edit(raw, input, on: req)
                return req.redirect(to: SiteRoute.placement(try placement.requireID()).path(query: [("notice", "Agreement saved as version \(placement.version).")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await form(req, placement: try await req.tenant.find(Placement.self, raw), input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        PlacementPage.register(pages)
        RubricPage.register(pages)
    }

    static func list(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let values = try QueryParameter.filterForm(req.url, declared: PlacementDirectory.queryParameters)
        let filter = PlacementDirectory.Filter(status: values["status"].flatMap(PlacementStatus.init(rawValue:)), partner: values["partnerId"].flatMap(UUID.init(uuidString:)))
        let placements = try await PlacementDirectory.list(viewer, filter: filter, tenant: tenant)
        for studentID in Set(placements.map(\.studentID)) { try await req.discloseIfExternal(studentID: studentID, context: "page: placements") }
        let names = try await PlacementDirectory.names(of: placements.map(\.studentID), viewer: viewer, tenant: tenant)
        let partners = Dictionary(try await tenant.query(Client.self).all().map { (try $0.requireID(), $0.name) }, uniquingKeysWith: { a, _ in a })
        let waiting = try await waitingHours(placements.compactMap(\.id), tenant: tenant)
        return Layout.page("Placements", viewer: viewer, current: .placements, notice: try? req.query.get(String.self, at: "notice"),
            .form(.class("card"), .method(.get), .action(SiteRoute.placements.path), .attribute(named: "role", value: "search"),
                .div(.class("filters"),
                    FormField.select("Status", name: "status", options: [(value: "", title: "Any status")] + PlacementStatus.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: filter.status?.rawValue),
                    .if(viewer.isStaff, FormField.select("Partner", name: "partnerId", options: [(value: "", title: "Any partner")]
                        + partners.sorted { $0.value < $1.value }.map { (value: $0.key.uuidString, title: $0.value) }, selected: filter.partner?.uuidString)),
                    .div(.button(.type(.submit), .text("Filter")), .text(" "), .a(.class("button secondary"), .href(SiteRoute.placements.path), .text("Clear"))))),
            .p(.attribute(named: "role", value: "status"), .text(placements.count == 1 ? "1 placement" : "\(placements.count) placements")),
            .if(placements.isEmpty, .p(.text(viewer.isStaff ? "No placements yet. Place a student from an accepted offer on an internship, pre-apprenticeship or co-op."
                                                           : "No placements to show."))),
            .if(viewer.can(.manageClients), .p(.a(.href(SiteRoute.competencyRubric.path), .text("The competency rubric supervisors rate on")))),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Student")), .th(.text("Placement")), .th(.class("hide-narrow"), .text("Dates")), .th(.text("Status")), .th(.text("Hours waiting")))),
                .tbody(try .forEach(placements) { placement in
                    let id = try placement.requireID()
                    return .tr(.td(.a(.href(SiteRoute.placement(id).path), .text(names[placement.studentID] ?? "—"))),
                               .td(.text("\(placement.opportunity.title) · \(partners[placement.partnerID] ?? "")")),
                               .td(.class("hide-narrow"), .text("\(placement.startsOn) to \(placement.endsOn)")),
                               .td(.text(placement.status.title)), .td(.text(String(waiting[id] ?? 0))))
                }))))
    }

    /// Submitted hours per placement, in one grouped read.
    static func waitingHours(_ ids: [UUID], tenant: Tenant) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let waiting = try await tenant.query(PlacementHours.self).filter(\.$placement.$id ~~ ids).filter(\.$status == .submitted).all(\.$placement.$id)
        return waiting.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    static func form(_ req: Request, placement: Placement, input: PlacementInput?, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try placement.requireID()
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let supervisors = try await PlacementsWriter.partnerSupervisors(placement.partnerID, tenant: tenant)
        let people = try await tenant.query(Person.self).filter(\.$id ~~ supervisors).sort(\.$familyName).all()
        let student = try await tenant.find(Person.self, placement.studentID)
        let wage = input?.hourlyWageCents.map { Money.format(cents: $0) } ?? placement.hourlyWageCents.map { Money.format(cents: $0) }
        return Layout.page("Training agreement: \(student.fullName)", viewer: viewer, current: .placements, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .p(.class("muted"), .text("Version \(placement.version). Saving a change makes a new version that everyone signs again.")),
            .form(.class("card"), .method(.post), .action(SiteRoute.placementStep(id, step: "edit").path), Layout.csrfField(viewer.csrfToken),
                FormField.textarea("Learning objectives", name: "learningObjectives", value: input?.learningObjectives ?? placement.learningObjectives, rows: 4,
                                   error: error("learningObjectives")),
                FormField.select("Pathway the objectives serve", name: "pathwayCode", options: [(value: "", title: "Choose")] + PathwayLinks.everyChoice,
                                 selected: input?.pathwayCode ?? placement.pathwayCode, error: error("pathwayCode")),
                FormField.text("Schedule", name: "schedule", value: input?.schedule ?? placement.schedule, error: error("schedule")),
                FormField.text("Safety training", name: "safetyTraining", value: input?.safetyTraining ?? placement.safetyTraining, error: error("safetyTraining")),
                FormField.checkbox("Safety training completed", name: "safetyTrainingCompleted", checked: input?.safetyTrainingCompleted ?? placement.safetyTrainingCompleted),
                FormField.select("Worksite supervisor", name: "supervisorId",
                                 options: [(value: "", title: supervisors.isEmpty ? "The partner has no supervisor yet" : "Choose")]
                                    + (try people.map { (value: try $0.requireID().uuidString, title: $0.fullName) }),
                                 selected: (input?.supervisorId ?? placement.supervisorID)?.uuidString, error: error("supervisorId")),
                FormField.text("First day", name: "startsOn", value: input?.startsOn ?? placement.startsOn, type: .date, error: error("startsOn")),
                FormField.text("Last day", name: "endsOn", value: input?.endsOn ?? placement.endsOn, type: .date, error: error("endsOn")),
                FormField.select("Who pays", name: "pay", options: OpportunityPay.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: input?.pay ?? placement.pay.rawValue, error: error("pay")),
                FormField.text("Hourly wage (dollars)", name: "hourlyWage", value: wage, error: error("hourlyWageCents")),
                .button(.type(.submit), .text("Save the agreement")), .text(" "),
                .a(.class("button secondary"), .href(SiteRoute.placement(id).path), .text("Cancel"))))
    }
}
