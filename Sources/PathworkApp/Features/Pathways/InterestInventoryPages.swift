import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The student's "Explore" pages (take the inventory on a phone, see the profile explained and
/// what to explore) and the inventory's API.
enum InterestInventoryPages {
    static func register(_ app: Application, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("InterestResult", .object([
            ("id", .string(format: "uuid")), ("studentId", .string(format: "uuid")), ("takenAt", .string(format: "date-time")),
            ("code", .string(description: "the three strongest RIASEC interests, strongest first")), ("scores", .object([], required: [])),
            ("suggestions", .array(.object([("clusterCode", .string()), ("clusterTitle", .string()), ("why", .string()),
                                            ("modernClusters", .array(.string())), ("teams", .array(.string())), ("roles", .array(.string()))],
                                           required: ["clusterCode", "clusterTitle", "why", "modernClusters", "teams", "roles"]))),
        ], required: ["id", "studentId", "takenAt", "code", "scores", "suggestions"]))
        api.endpoint(APIOperation(method: .GET, path: ["interest-inventory"], summary: "The interest inventory's items and answer scale", tag: "Pathways",
                                  response: .object([("items", .array(.object([("id", .string()), ("type", .string()), ("text", .string())],
                                                                              required: ["id", "type", "text"]))),
                                                     ("scale", .array(.object([("value", .integer()), ("title", .string())], required: ["value", "title"])))],
                                                    required: ["items", "scale"])), registry: registry) { req -> InventoryJSON in
            try req.viewer.require(.exploreCareers)
            return InventoryJSON(items: InterestInventory.items, scale: InterestInventory.Answer.allCases.map { .init(value: $0.rawValue, title: $0.title) })
        }
        api.endpoint(APIOperation(method: .POST, path: ["interest-inventory", "results"], summary: "Take the inventory (students)", tag: "Pathways",
                                  body: .object([("answers", .object(InterestInventory.items.map { ($0.id, .bounded(minimum: 0, maximum: 2)) },
                                                                     required: InterestInventory.items.map(\.id)))], required: ["answers"]),
                                  response: .ref("InterestResult"), success: .created), registry: registry) { req in
            let result = try await InterestInventoryWriter.take(try req.input(InventoryAnswers.self), on: req)
            return try await InterestInventoryWriter.json(result, tenant: try req.tenant).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["interest-inventory", "results"], summary: "Inventory results, newest first",
                                  tag: "Pathways", query: [.uuid("studentId", "one student (students see only their own)")],
                                  response: .array(.ref("InterestResult"))), registry: registry) { req in
            let tenant = try req.tenant
            var results: [InterestResultJSON] = []
            for result in try await history(req, studentID: try? req.query.get(UUID.self, at: "studentId")) {
                results.append(try await InterestInventoryWriter.json(result, tenant: tenant))
            }
            return results
        }
        pages.get(SiteRoute.explore.pattern) { req async throws -> Response in
            let viewer = try req.viewer
            guard let latest = try await history(req, studentID: viewer.personID).first else {
                return req.redirect(to: SiteRoute.exploreTake.path)
            }
            return try await results(req, latest: latest).encodeResponse(for: req)
        }
        pages.get(SiteRoute.exploreTake.pattern) { req async throws -> Page in
            try requireStudent(req)
            return try form(req, answers: [:])
        }
        pages.post(SiteRoute.exploreTake.pattern) { req async throws -> Response in
            try requireStudent(req)
            let input = try req.input(InventoryAnswers.self)
            do {
                _ = try await InterestInventoryWriter.take(input, on: req)
                return req.redirect(to: SiteRoute.explore.path(query: [("notice", "Here is your interest profile.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await form(req, answers: input.answers ?? [:], errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        app.personSections.add { req, record in try await studentSection(req, record: record) }
    }

    struct InventoryJSON: Content {
        struct Scale: Content { var value: Int; var title: String }
        var items: [InterestItem]
        var scale: [Scale]
    }

    static func requireStudent(_ req: Request) throws {
        guard try req.viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "Students take the interest inventory.") }
    }

    /// A student's own results, or, for district staff, any student's; newest first.
    static func history(_ req: Request, studentID: UUID?) async throws -> [InterestResult] {
        let viewer = try req.viewer
        let student: UUID
        if viewer.roles.contains(.student) { student = viewer.personID }
        else if viewer.can(.viewStudentDetails), let studentID { student = studentID }
        else if viewer.can(.viewStudentDetails) { return try await req.tenant.query(InterestResult.self).sort(\.$takenAt, .descending).all() }
        else { throw Abort(.forbidden, reason: "Only the student and district staff see interest results.") }
        return try await req.tenant.query(InterestResult.self).filter(\.$studentID == student).sort(\.$takenAt, .descending).all()
    }

    static func form(_ req: Request, answers: [String: Int], errors: [FieldError] = []) throws -> Page {
        let viewer = try req.viewer
        let missing = Set(errors.map(\.field))
        return Layout.page("What kind of work sounds fun?", viewer: viewer, current: .explore, status: errors.isEmpty ? .ok : .unprocessableEntity,
            .p(.text("For each activity, pick how you feel about doing it. There are no right answers, and nothing here decides what you may do: it gives you ideas to explore.")),
            FormField.errorSummary(errors),
            .form(.method(.post), .action(SiteRoute.exploreTake.path), Layout.csrfField(viewer.csrfToken),
                .forEach(InterestInventory.items) { item in question(item, answer: answers[item.id], missing: missing.contains("answers.\(item.id)")) },
                .button(.type(.submit), .text("See my profile"))))
    }

    /// One activity with the three answers as large tap targets.
    static func question(_ item: InterestItem, answer chosen: Int?, missing: Bool) -> Node<HTML.FormContext> {
        let choices: Node<HTML.FormContext> = .div(.class("scale"), .forEach(InterestInventory.Answer.allCases) { answer in
            .label(.input(.type(.radio), .name("answers[\(item.id)]"), .value(String(answer.rawValue)), .checked(chosen == answer.rawValue)),
                   .text(answer.title))
        })
        let error: Node<HTML.FormContext> = .if(missing, .p(.class("error"), .text("Pick one.")))
        return .fieldset(.id("answers.\(item.id)"), Layout.legend(item.text), choices, error)
    }

    static func results(_ req: Request, latest: InterestResult) async throws -> Page {
        let viewer = try req.viewer
        let profile = latest.profile ?? InterestProfile(scores: [:], code: latest.code)
        let suggestions = try await InterestInventoryWriter.suggestions(for: profile, tenant: try req.tenant)
        let earlier = try await history(req, studentID: viewer.personID).dropFirst()
        let maximum = InterestInventory.maximumScore
        return Layout.page("Your interest profile: \(latest.code)", viewer: viewer, current: .explore, notice: try? req.query.get(String.self, at: "notice"),
            .section(.class("card"), .h2(.text("Your strongest interests")),
                .ol(.forEach(profile.ranked.prefix(3)) { type in
                    .li(.strong(.text(type.title)), .text(" — \(type.explanation)"))
                }),
                .table(.tbody(.forEach(profile.ranked) { type in
                    .tr(.th(.text(type.title)),
                        .td(Layout.meter(profile.scores[type] ?? 0, max: maximum, label: "\(profile.scores[type] ?? 0) of \(maximum)"),
                            .text(" \(profile.scores[type] ?? 0) of \(maximum)")))
                }))),
            .section(.class("card"), .h2(.text("Ideas to explore")),
                .p(.class("muted"), .text("Ranked by how well each career cluster's work matches your interests. These are ideas, not rules: you can apply to any team.")),
                .ol(.forEach(suggestions) { suggestion in
                    .li(.a(.href(SiteRoute.careerClusters.path(query: [("framework", "2006"), ("open", suggestion.clusterCode)]) + "#\(suggestion.clusterCode)"),
                           .text(suggestion.clusterTitle)),
                        .p(.text(suggestion.why)),
                        .if(!suggestion.modernClusters.isEmpty, .p(.class("muted"), .text("In the 2024 framework: \(suggestion.modernClusters.joined(separator: "; "))."))),
                        .if(!suggestion.teams.isEmpty, .p(.text("Teams here that work in it: \(suggestion.teams.joined(separator: ", "))."))),
                        .if(!suggestion.roles.isEmpty, .p(.class("muted"), .text("Roles to ask about: \(suggestion.roles.joined(separator: "; ")).")))
                    )
                })),
            .if(!earlier.isEmpty, .section(.class("card"), .h2(.text("Earlier results")),
                .ul(.forEach(Array(earlier)) { result in
                    .li(.text("\(TimeFormat.dateTime(result.takenAt, zone: viewer.timeZone)): \(result.code)"))
                }))),
            .p(.a(.class("button secondary"), .href(SiteRoute.exploreTake.path), .text("Take it again"))))
    }

    /// On a student's page, for district staff and the student: the latest profile.
    static func studentSection(_ req: Request, record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard record.roles.contains(.student), Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID) else { return .empty }
        let results = try await req.tenant.query(InterestResult.self).filter(\.$studentID == record.id).sort(\.$takenAt, .descending).all()
        guard let latest = results.first else { return .empty }
        return .section(.class("card"), .h2(.text("Interest profile")),
            .p(.strong(.text(latest.code)), .text(" — taken \(TimeFormat.dateTime(latest.takenAt, zone: viewer.timeZone))"),
               .if(results.count > 1, .text(" (\(results.count) results in all)"))),
            .p(.class("muted"), .text(latest.code.compactMap { InterestType(rawValue: String($0))?.title }.joined(separator: ", "))))
    }
}
