import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/outcomes/perkins/settings`: the admin chooses the state's concentrator rule and marks the
/// pathways that lead to fields non-traditional for one sex, each with its source. Both move
/// every student's part in the indicators, so the district's figures are rebuilt.
enum PerkinsSettingsPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.perkinsSettings.pattern) { req async throws -> Page in
            try req.viewer.require(.setDistrictStandards)
            return try await page(req)
        }
        pages.post(SiteRoute.perkinsSettings.pattern) { req async throws -> Response in
            do {
                let rule = try await setRule(try req.field(String.self, at: "concentratorRule"), on: req)
                return req.redirect(to: SiteRoute.perkinsSettings.path(query: [("notice", "Concentrators are now: \(rule.title).")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.nontraditionalPathways.pattern) { req async throws -> Response in
            do {
                let pathway = try await mark(code: try req.field(String.self, at: "pathwayCode"), forSex: try req.field(String.self, at: "forSex"),
                                             source: try req.field(String.self, at: "source"), on: req)
                let sex = Sex(rawValue: pathway.forSex)?.title.lowercased() ?? pathway.forSex
                return req.redirect(to: SiteRoute.perkinsSettings.path(query: [("notice", "\(PathwayLinks.title(of: pathway.pathwayCode)) is marked non-traditional for \(sex) students.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.removeNontraditionalPathway(.pattern).pattern) { req async throws -> Response in
            try await unmark(req.parameters.get("pathwayID", as: UUID.self), on: req)
            return req.redirect(to: SiteRoute.perkinsSettings.path(query: [("notice", "The mark is removed.")]))
        }
    }

    /// The state's concentrator rule; every student's part in the indicators moves with it.
    static func setRule(_ value: String?, on req: Request) async throws -> ConcentratorRule {
        try req.viewer.require(.setDistrictStandards)
        guard let rule = value.flatMap(ConcentratorRule.init(rawValue:)) else {
            throw PathworkError.invalid([FieldError(field: "concentratorRule", message: "Choose the state's concentrator rule.")])
        }
        let tenant = try req.tenant
        let before = try await PerkinsRecords.rule(districtID: tenant.districtID, db: tenant.db)
        try await req.change { tenant, audit in
            let settings = try await tenant.query(ReportingSettings.self).first() ?? ReportingSettings()
            if settings.id == nil { settings.minimumCell = ReportingSettings.defaultMinimumCell }
            settings.districtID = tenant.districtID
            settings.concentratorRule = rule.rawValue
            try await settings.save(on: tenant.db)
            audit.updated("reportingSettings", id: settings.id, from: ["concentratorRule": before.rawValue], to: ["concentratorRule": rule.rawValue])
            audit.emit(.rostered(district: tenant.districtID))
        }
        return rule
    }

    /// Marks a pathway non-traditional for one sex, with the list it comes from (again: replaces the mark).
    static func mark(code: String?, forSex: String?, source: String?, on req: Request) async throws -> NontraditionalPathway {
        try req.viewer.require(.setDistrictStandards)
        let code = code ?? "", sex = forSex.flatMap(Sex.init(rawValue:)), source = source?.trimmed ?? ""
        var errors: [FieldError] = []
        if !PathwayLinks.isLinkable(code) { errors.append(FieldError(field: "pathwayCode", message: "Choose a Career Clusters pathway.")) }
        if sex == nil || sex == .nonbinary { errors.append(FieldError(field: "forSex", message: "Choose female or male.")) }
        if source.isEmpty || source.count > 300 { errors.append(FieldError(field: "source", message: "Say where this comes from (up to 300 characters), e.g. your state's non-traditional list.")) }
        guard errors.isEmpty, let sex else { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let existing = try await tenant.query(NontraditionalPathway.self).filter(\.$pathwayCode == code).first()
            let pathway = existing ?? NontraditionalPathway()
            let before = existing?.snapshot
            pathway.districtID = tenant.districtID
            pathway.pathwayCode = code
            pathway.forSex = sex.rawValue
            pathway.source = source
            try await pathway.save(on: tenant.db)
            if let before { audit.updated(NontraditionalPathway.schema, id: pathway.id, from: before, to: pathway.snapshot) } else {
                audit.created(NontraditionalPathway.schema, id: pathway.id, pathway.snapshot)
            }
            audit.emit(.rostered(district: tenant.districtID))
            return pathway
        }
    }

    static func unmark(_ id: UUID?, on req: Request) async throws {
        try req.viewer.require(.setDistrictStandards)
        let pathway = try await req.tenant.find(NontraditionalPathway.self, id)
        try await req.change { tenant, audit in
            guard let current = try await tenant.query(NontraditionalPathway.self).filter(\.$id == pathway.id!).first() else { return }
            try await current.delete(on: tenant.db)
            audit.deleted(NontraditionalPathway.schema, id: current.id, current.snapshot)
            audit.emit(.rostered(district: tenant.districtID))
        }
    }

    static func page(_ req: Request, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let rule = try await PerkinsRecords.rule(districtID: tenant.districtID, db: tenant.db)
        let marked = try await tenant.query(NontraditionalPathway.self).sort(\.$pathwayCode).all()
        // The pathways the district's CTE courses lead to come first; any framework pathway may be marked.
        let used = Set(try await tenant.query(Course.self).filter(\.$cteProgram != nil).all().compactMap(\.pathwayCode))
        let choices = PathwayLinks.choices(in: .original).sorted { (used.contains($0.value) ? 0 : 1, $0.title) < (used.contains($1.value) ? 0 : 1, $1.title) }
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Perkins V settings", viewer: viewer, current: .outcomes, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .section(.class("card"), .id("rule"),
                .h2(.text("Who is a CTE concentrator")),
                .form(.method(.post), .action(SiteRoute.perkinsSettings.path), Layout.csrfField(viewer.csrfToken),
                      FormField.select("The state's rule", name: "concentratorRule", options: ConcentratorRule.allCases.map { (value: $0.rawValue, title: $0.title) },
                                       selected: rule.rawValue, error: error("concentratorRule")),
                      .ul(.forEach(ConcentratorRule.allCases) { .li(.text("\($0.title): \($0.source)")) }),
                      .button(.type(.submit), .text("Save rule")))),
            .section(.class("card"), .id("nontraditional"),
                .h2(.text("Pathways leading to non-traditional fields")),
                .p(.text("Perkins V §3(33): occupations or fields in which individuals of one sex make up less than 25% of those employed. Mark each pathway with the list your state uses.")),
                marked.isEmpty ? .p(.text("No pathway is marked.")) : .ul(.forEach(marked) { pathway in
                    .li(.text("\(PathwayLinks.title(of: pathway.pathwayCode)) — non-traditional for \(Sex(rawValue: pathway.forSex)?.title.lowercased() ?? pathway.forSex) students. Source: \(pathway.source) "),
                        .unwrap(pathway.id) { id in
                            .form(.method(.post), .action(SiteRoute.removeNontraditionalPathway(id).path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                                  .button(.type(.submit), .class("link"), .text("Remove")))
                        })
                }),
                .form(.method(.post), .action(SiteRoute.nontraditionalPathways.path), Layout.csrfField(viewer.csrfToken),
                      FormField.select("Pathway", name: "pathwayCode", options: [(value: "", title: "Choose…")] + choices, selected: nil, error: error("pathwayCode")),
                      FormField.select("Non-traditional for", name: "forSex", options: [(value: "", title: "Choose…"), (value: Sex.female.rawValue, title: "Female students"),
                                                                                        (value: Sex.male.rawValue, title: "Male students")], selected: nil, error: error("forSex")),
                      FormField.text("Source", name: "source", value: nil, error: error("source")),
                      .button(.type(.submit), .text("Mark pathway")))),
            .p(.a(.href(SiteRoute.perkins.path), .text("Back to the Perkins report"))))
    }
}
