import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/competency-rubric`: the rubric supervisors rate students on, and its editor for admins
/// and coordinators. Each criterion is one line: its name, a colon, then its levels from the
/// lowest, separated by "|".
enum RubricPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.competencyRubric.pattern) { req async throws -> Page in
            try await page(req, text: nil)
        }
        pages.post(SiteRoute.competencyRubric.pattern) { req async throws -> Response in
            let form = try req.content.decode([String: String].self)
            let text = form["criteria"] ?? ""
            do {
                _ = try await PlacementEvaluations.saveRubric(RubricInput(name: form["name"], criteria: parse(text)), on: req)
                return req.redirect(to: SiteRoute.competencyRubric.path(query: [("notice", "Rubric saved; evaluations from now on use it.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, text: text, name: form["name"], errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
    }

    static func parse(_ text: String) -> [CompetencyRubric.Criterion] {
        text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmed.isEmpty }.map { line in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            return CompetencyRubric.Criterion(name: parts.first?.trimmed ?? "",
                                              levels: parts.count > 1 ? parts[1].split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmed } : [])
        }
    }

    static func text(of rubric: CompetencyRubric) -> String {
        rubric.criteria.map { "\($0.name): \($0.levels.joined(separator: " | "))" }.joined(separator: "\n")
    }

    static func page(_ req: Request, text: String?, name: String? = nil, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        guard viewer.isStaff || viewer.roles.contains(.supervisor) else { throw Abort(.forbidden) }
        let rubric = try await PlacementEvaluations.rubric(try req.tenant)
        return Layout.page("Competency rubric", viewer: viewer, current: .placements, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .p(.text("\(rubric.name): worksite supervisors rate each intern on every criterion at the midpoint and the end. Each level has a descriptor, so a 3 means the same at every worksite.")),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Criterion")), .forEach(1...(rubric.criteria.map(\.levels.count).max() ?? 4)) { .th(.text("Level \($0)")) })),
                .tbody(.forEach(rubric.criteria) { criterion in
                    .tr(.th(.text(criterion.name)), .forEach(criterion.levels) { .td(.text($0)) })
                }))),
            .if(PlacementEvaluations.canDefineRubric(viewer), .section(.class("card"), .h2(.text("Change the rubric")),
                .form(.method(.post), .action(SiteRoute.competencyRubric.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Name", name: "name", value: name ?? rubric.name, required: true, error: errors.first { $0.field == "name" }?.message),
                    FormField.textarea("Criteria, one a line — name: level 1 | level 2 | level 3 | level 4", name: "criteria", value: text ?? self.text(of: rubric), rows: 8,
                                       error: errors.first { $0.field.hasPrefix("criteria") }?.message),
                    .p(.class("muted"), .text("Evaluations already made keep the rubric they were made on.")),
                    .button(.type(.submit), .text("Save the rubric"))))))
    }
}
