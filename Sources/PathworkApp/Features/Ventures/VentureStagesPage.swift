import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/venture-stages`: the district's stages of the entrepreneurship pathway by year, with the
/// artifacts each asks for. One stage a line: year | title | artifact count, artifact count.
enum VentureStagesPage {
    static func save(_ stages: [VentureStage], on req: Request) async throws -> [VentureStage] {
        let viewer = try req.viewer
        try viewer.require(.manageTeams)
        var errors: [FieldError] = []
        if !(1...8).contains(stages.count) { errors.append(.rule(field: "stages", message: "The pathway has from 1 to 8 stages.")) }
        let catalog = Set(try await req.tenant.query(Credential.self).all(\.$id).compactMap { $0 })
        for (index, stage) in stages.enumerated() {
            errors += stage.problems().map { .rule(field: "stages[\(index)].\($0.field)", message: "Stage \(index + 1): \($0.message)") }
            if let credential = stage.awardsCredential, !catalog.contains(credential) {
                errors.append(.reference(field: "stages[\(index)].awardsCredential", message: "Stage \(index + 1): choose a credential from the catalog."))
            }
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let ordered = stages.sorted { ($0.year, $0.title) < ($1.year, $1.title) }
        let text = try StoredJSON.string(ordered)
        return try await req.change { tenant, audit in
            let before = try await VentureDirectory.stages(tenant)
            let row = try await tenant.query(VentureSequence.self).first() ?? VentureSequence()
            row.districtID = tenant.districtID
            row.stages = text
            row.updatedBy = viewer.personID
            try await row.save(on: tenant.db)
            audit.updated("ventureSequence", id: row.id, from: before, to: ordered)
            return ordered
        }
    }

    /// Stages from the page's text; a fourth column names the credential a stage awards, by its
    /// title in the catalog (an unknown title is kept as a fresh id, which the check refuses).
    static func parse(_ text: String, credentials: [String: UUID]) -> [VentureStage] {
        text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmed.isEmpty }.map { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmed }
            let requirements = (parts.count > 2 ? parts[2] : "").split(separator: ",").compactMap { item -> StageRequirement? in
                let words = item.split(separator: " ").map(String.init)
                guard let first = words.first else { return nil }
                // An unknown artifact is kept with a count of 0, so the stage's check names it.
                guard let artifact = VentureArtifact(rawValue: first) else { return StageRequirement(.problem, 0) }
                return StageRequirement(artifact, words.count > 1 ? Int(words[1]) ?? 0 : 1)
            }
            let award = parts.count > 3 && !parts[3].isEmpty ? credentials[parts[3].lowercased()] ?? UUID() : nil
            return VentureStage(year: parts.first.flatMap { Int($0) } ?? 0, title: parts.count > 1 ? parts[1] : "", requirements: requirements, awardsCredential: award)
        }
    }

    static func text(of stages: [VentureStage], titles: [UUID: String]) -> String {
        stages.map { stage in
            "\(stage.year) | \(stage.title) | " + stage.requirements.map { "\($0.artifact.rawValue) \($0.count)" }.joined(separator: ", ")
                + (stage.awardsCredential.flatMap { titles[$0] }.map { " | \($0)" } ?? "")
        }.joined(separator: "\n")
    }

    static func register(_ pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        pages.get(SiteRoute.ventureStages.pattern) { req async throws -> Page in try await page(req, text: nil) }
        pages.post(SiteRoute.ventureStages.pattern) { req async throws -> Response in
            let text = (try? req.content.get(String.self, at: "stages")) ?? ""
            do {
                let titles = Dictionary(try await req.tenant.query(Credential.self).all().map { ($0.title.lowercased(), try $0.requireID()) }, uniquingKeysWith: { a, _ in a })
                _ = try await save(parse(text, credentials: titles), on: req)
                return req.redirect(to: SiteRoute.ventureStages.path(query: [("notice", "Stages saved; every venture's progress now counts against them.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, text: text, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        let stage = Schema.object([("year", .bounded(minimum: 1, maximum: 6)), ("title", .words(maxLength: 200)), ("awardsCredential", .string(format: "uuid")),
                                   ("requirements", .list(.object([("artifact", .enumeration(VentureArtifact.allCases.map(\.rawValue))), ("count", .bounded(minimum: 1, maximum: 50))],
                                                                  required: ["artifact", "count"]), minItems: 1, maxItems: 5))],
                                  required: ["year", "title", "requirements"])
        api.endpoint(APIOperation(method: .GET, path: ["venture-stages"], summary: "The entrepreneurship pathway's stages by year", tag: "Ventures",
                                  response: .array(stage)), registry: registry) { req in
            _ = try req.viewer
            return try await VentureDirectory.stages(try req.tenant)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["venture-stages"], summary: "Define the pathway's stages", tag: "Ventures",
                                  body: .list(stage, minItems: 1, maxItems: 8), response: .array(stage),
                                  rules: [.rule("each artifact asked once a stage"), OperationRule(code: "reference.missing", says: "a credential awarded is in the catalog")]),
                     registry: registry) { req in
            try await save(try req.input([VentureStage].self), on: req)
        }
    }

    static func page(_ req: Request, text: String?, errors: [FieldError] = []) async throws -> Page {
        // The stages are the pathway's public shape: anyone signed in reads them; staff who
        // run programs change them.
        let viewer = try req.viewer
        let stages = try await VentureDirectory.stages(try req.tenant)
        let titles = Dictionary(try await req.tenant.query(Credential.self).all().map { (try $0.requireID(), $0.title) }, uniquingKeysWith: { a, _ in a })
        return Layout.page("Entrepreneurship stages", viewer: viewer, current: .ventures, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .p(.text("A multi-year sequence: each stage asks a venture for artifacts, counted from its records.")),
            .ul(.forEach(stages) { stage in
                .li(.strong(.text("Year \(stage.year): \(stage.title)")), .text(" — " + stage.requirements.map { "\($0.artifact.title) (\($0.count))" }.joined(separator: "; ")),
                    .unwrap(stage.awardsCredential.flatMap { titles[$0] }) { .text(" · awards \($0)") })
            }),
            .if(viewer.can(.manageTeams), .form(.class("card"), .method(.post), .action(SiteRoute.ventureStages.path), Layout.csrfField(viewer.csrfToken),
                FormField.textarea("Stages, one a line — year | title | artifact count, … | credential awarded (optional; artifacts: \(VentureArtifact.allCases.map(\.rawValue).joined(separator: ", ")))",
                                   name: "stages", value: text ?? self.text(of: stages, titles: titles), rows: 6, error: errors.first?.message),
                .button(.type(.submit), .text("Save the stages")))))
    }
}

extension VentureStage: Content {}
