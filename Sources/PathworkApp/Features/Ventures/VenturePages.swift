import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/ventures`: a team's venture — its problem, members, progress through the pathway's
/// stages, the canvas with every version kept and two compared side by side, interviews,
/// prototypes and mentors.
enum VenturePages {
    /// The student's ventures and their progress, on the student's page.
    static func studentSection(_ req: Request, record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard record.profile != nil, viewer.isStaff || viewer.personID == record.id || viewer.roles.contains(.guardian) else { return .empty }
        let tenant = try req.tenant
        let ids = try await tenant.query(VentureMember.self).filter(\.$studentID == record.id).all(\.$venture.$id)
        guard !ids.isEmpty else { return .empty }
        var rows: [VentureJSON] = []
        for venture in try await tenant.query(Venture.self).filter(\.$id ~~ ids).sort(\.$name).all() {
            rows.append(try await VentureDirectory.json(venture, viewer: viewer, tenant: tenant))
        }
        return .section(.class("card"), .h2(.text("Entrepreneurship pathway")),
            .ul(.forEach(rows) { row in
                .li(.a(.href(SiteRoute.venture(row.id).path), .text(row.name)), .text(" — " + row.stages.map { "year \($0.year) \($0.complete ? "complete" : "\($0.percent)%")" }.joined(separator: ", ")))
            }))
    }

    static func register(_ app: Application, pages: any RoutesBuilder) {
        app.personSections.add { req, record in try await studentSection(req, record: record) }
        app.studyPlanSections.add { req, record in try await studentSection(req, record: record) }
        pages.get(SiteRoute.ventures.pattern) { req async throws -> Page in try await list(req) }
        pages.get(SiteRoute.newVenture.pattern) { req async throws -> Page in
            try await newForm(req, input: VentureInput(problemId: try? req.query.get(UUID.self, at: "problemId")))
        }
        pages.post(SiteRoute.newVenture.pattern) { req async throws -> Response in
            let form = try req.content.decode(VentureForm.self)
            let input = VentureInput(name: form.name, problemId: form.problemId?.nonEmpty.flatMap(UUID.init(uuidString:)), pathwayCode: form.pathwayCode,
                                     memberIds: (form.memberIds ?? []).compactMap(UUID.init(uuidString:)))
            do {
                let venture = try await VenturesWriter.create(input, on: req)
                return req.redirect(to: SiteRoute.venture(try venture.requireID()).path(query: [("notice", "Venture started. Write the first version of its canvas.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await newForm(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.venture(.pattern).pattern) { req async throws -> Page in
            try await VentureScreens.page(req, venture: try await VentureDirectory.find(req.parameters.get("ventureID"), req: req))
        }
        pages.get(SiteRoute.ventureStep(.pattern, step: "canvas").pattern) { req async throws -> Page in
            try await VentureScreens.canvasForm(req, venture: try await VenturesWriter.working(req.parameters.get("ventureID"), req: req))
        }
        pages.post(SiteRoute.ventureStep(.pattern, step: "canvas").pattern) { req async throws -> Response in
            let form = try req.content.decode([String: String].self)
            let blocks = Dictionary(uniqueKeysWithValues: CanvasBlock.allCases.compactMap { block in form[block.rawValue].map { (block.rawValue, $0) } })
            let venture = try await VenturesWriter.working(req.parameters.get("ventureID"), req: req)
            do {
                let version = try await VenturesWriter.saveCanvas(req.parameters.get("ventureID"), CanvasInput(blocks: blocks, note: form["note"]), on: req)
                return req.redirect(to: SiteRoute.venture(try venture.requireID()).path(query: [("notice", "Saved as version \(version.number).")]))
            } catch let error as PathworkError where error.status != .notFound {
                return try await VentureScreens.canvasForm(req, venture: venture, draft: blocks, note: form["note"],
                                                           errors: error.fieldErrors.isEmpty ? [FieldError(field: "blocks", message: error.reason)] : error.fieldErrors)
                    .encodeResponse(for: req)
            }
        }
        func step(_ name: String, _ body: @escaping @Sendable (Request, String?) async throws -> String) {
            pages.on(.POST, SiteRoute.ventureStep(.pattern, step: name).pattern, body: .collect(maxSize: "12mb")) { req async throws -> Response in
                let id = try req.parameters.require("ventureID", as: UUID.self)
                return try await req.act(returning: .venture(id)) { try await body(req, req.parameters.get("ventureID")) }
            }
        }
        step("interviews") { req, raw in
            _ = try await VenturesWriter.interview(raw, try req.content.decode(InterviewInput.self), on: req)
            return "Interview logged."
        }
        step("prototypes") { req, raw in
            let input = try req.content.decode(PrototypeInput.self)
            _ = try await VenturesWriter.prototype(raw, input, file: try? req.content.get(File.self, at: "file"), on: req)
            return "Prototype recorded."
        }
        step("mentors") { req, raw in
            _ = try await VenturesWriter.addMentor(raw, mentor: (try? req.content.get(String.self, at: "mentorId")).flatMap(UUID.init(uuidString:)), on: req)
            return "Mentor attached."
        }
        pages.get(SiteRoute.prototypeFile(.pattern).pattern) { req async throws -> Response in
            let prototype = try await req.tenant.find(Prototype.self, req.parameters.get("prototypeID"))
            _ = try await VentureDirectory.find(prototype.$venture.id.uuidString, req: req)
            guard let name = prototype.fileFilename, let type = prototype.fileContentType else { throw Abort(.notFound) }
            return try AttachmentStore.response(path: AttachmentStore.path(district: prototype.districtID, id: try prototype.requireID(), dataDirectory: req.pathwork.config.dataDirectory),
                                                filename: name, contentType: type)
        }
    }

    struct VentureForm: Content {
        var name: String?
        var problemId: String?
        var pathwayCode: String?
        var memberIds: [String]?
    }

    static func list(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let ventures = try await VentureDirectory.list(viewer, tenant: tenant)
        var rows: [VentureJSON] = []
        for venture in ventures { rows.append(try await VentureDirectory.json(venture, viewer: viewer, tenant: tenant)) }
        if viewer.isExternal { for row in rows { for member in row.members { try await req.discloseIfExternal(studentID: member.studentId, context: "page: ventures") } } }
        return Layout.page("Ventures", viewer: viewer, current: .ventures, notice: try? req.query.get(String.self, at: "notice"),
            .if(viewer.isStaff || viewer.roles.contains(.student), .p(.a(.class("button"), .href(SiteRoute.newVenture.path), .text("Start a venture")), .text(" "),
                                                                       .a(.href(SiteRoute.problems.path), .text("The problem log")), .text(" · "),
                                                                       .a(.href(SiteRoute.ventureStages.path), .text("The pathway's stages")))),
            .if(rows.isEmpty, .p(.text("No ventures yet. A team starts one on a problem from the log."))),
            .forEach(rows) { row in
                .article(.class("card"), .h2(.a(.href(SiteRoute.venture(row.id).path), .text(row.name))),
                    .p(.class("muted"), .text(row.members.map(\.name).joined(separator: ", "))),
                    .p(.text("\(row.canvasVersions) canvas version\(row.canvasVersions == 1 ? "" : "s") · \(row.interviews) interviews · \(row.prototypes) prototypes")),
                    .p(.text(row.stages.map { "Year \($0.year): \($0.complete ? "complete" : "\($0.percent)%")" }.joined(separator: " · "))))
            })
    }

    static func newForm(_ req: Request, input: VentureInput, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        try ProblemLog.require(viewer)
        let tenant = try req.tenant
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let problems = try await tenant.query(LoggedProblem.self).filter(\.$status == .open).sort(\.$title).all()
        let studentIDs = try await tenant.query(RoleAssignment.self).filter(\.$role == .student).all(\.$person.$id)
        let classmates = try await tenant.query(Person.self).filter(\.$id ~~ studentIDs).filter(\.$disabledAt == nil).filter(\.$id != viewer.personID)
            .sort(\.$familyName).sort(\.$givenName).all()
        return Layout.page("Start a venture", viewer: viewer, current: .ventures, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.class("card"), .method(.post), .action(SiteRoute.newVenture.path), Layout.csrfField(viewer.csrfToken),
                FormField.text("Venture name", name: "name", value: input.name, required: true, error: error("name")),
                FormField.select("The problem it takes on", name: "problemId", options: [(value: "", title: "Choose from the log")]
                    + problems.compactMap { p in p.id.map { (value: $0.uuidString, title: p.title) } }, selected: input.problemId?.uuidString, error: error("problemId")),
                FormField.select("Pathway", name: "pathwayCode", options: [(value: "", title: "None yet")] + PathwayLinks.everyChoice, selected: input.pathwayCode,
                                 error: error("pathwayCode")),
                .fieldset(Layout.legend(viewer.isStaff ? "Students on the team" : "Classmates on your team (you are on it)"),
                    .unwrap(error("memberIds")) { .p(.class("error"), .text($0)) },
                    .forEach(classmates) { person in
                        .label(.class("choice"), .input(.type(.checkbox), .name("memberIds[]"), .value(person.id?.uuidString ?? ""),
                                                        .checked(input.memberIds?.contains(person.id ?? UUID()) ?? false)),
                               .text(" " + (viewer.isStaff ? "\(person.familyName), \(person.givenName)" : person.shortName)))
                    }),
                .button(.type(.submit), .text("Start the venture"))))
    }
}
