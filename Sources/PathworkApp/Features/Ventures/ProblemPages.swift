import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/problems`: the log on a phone — log a frustration with a photo, say "me too", comment;
/// teachers tag pathways, archive and merge duplicates; a team starts a venture on one.
enum ProblemPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.problems.pattern) { req async throws -> Page in try await list(req) }
        pages.on(.POST, SiteRoute.problems.pattern, body: .collect(maxSize: "12mb")) { req async throws -> Response in
            let form = try req.content.decode(ProblemForm.self)
            let input = ProblemInput(title: form.title, location: form.location, affected: form.affected, frequency: form.frequency, details: form.details,
                                     walkId: form.walkId?.nonEmpty.flatMap(UUID.init(uuidString:)))
            do {
                let problem = try await ProblemLog.log(input, photo: form.photo, on: req)
                return req.redirect(to: SiteRoute.problem(try problem.requireID()).path(query: [("notice", "Logged. Classmates can say \"me too\".")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await list(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.problem(.pattern).pattern) { req async throws -> Page in try await page(req) }
        pages.get(SiteRoute.problemStep(.pattern, step: "photo").pattern) { req async throws -> Response in
            try ProblemLog.require(try req.viewer)
            let problem = try await req.tenant.find(LoggedProblem.self, req.parameters.get("problemID"))
            guard let name = problem.photoFilename, let type = problem.photoContentType else { throw Abort(.notFound) }
            return try AttachmentStore.response(path: AttachmentStore.path(district: problem.districtID, id: try problem.requireID(), dataDirectory: req.pathwork.config.dataDirectory),
                                                filename: name, contentType: type)
        }
        func step(_ name: String, _ body: @escaping @Sendable (Request, String?) async throws -> String) {
            pages.post(SiteRoute.problemStep(.pattern, step: name).pattern) { req async throws -> Response in
                let id = try req.parameters.require("problemID", as: UUID.self)
                return try await req.act(returning: .problem(id)) { try await body(req, req.parameters.get("problemID")) }
            }
        }
        step("echo") { req, raw in _ = try await ProblemLog.echo(raw, on: true, req: req); return "Counted: you have this problem too." }
        step("unecho") { req, raw in _ = try await ProblemLog.echo(raw, on: false, req: req); return "Your \"me too\" was taken back." }
        step("comments") { req, raw in _ = try await ProblemLog.comment(raw, body: try req.content.get(String?.self, at: "body"), req: req); return "Comment added." }
        step("curate") { req, raw in
            let form = try req.content.decode([String: String].self)
            _ = try await ProblemLog.curate(raw, CurationInput(pathwayCodes: form["pathwayCode"].map { $0.isEmpty ? [] : [$0] }, status: form["status"]), req: req)
            return "Saved."
        }
        pages.post(SiteRoute.problemStep(.pattern, step: "merge").pattern) { req async throws -> Response in
            let id = try req.parameters.require("problemID", as: UUID.self)
            let into = (try? req.content.get(String.self, at: "into")).flatMap(UUID.init(uuidString:))
            do {
                let keeper = try await ProblemLog.merge(req.parameters.get("problemID"), into: into, req: req)
                return req.redirect(to: SiteRoute.problem(try keeper.requireID()).path(query: [("notice", "Merged into this problem.")]))
            } catch let error as PathworkError {
                return req.redirect(to: SiteRoute.problem(id).path(query: [("notice", error.reason)]))
            }
        }
    }

    struct ProblemForm: Content {
        var title: String?
        var location: String?
        var affected: String?
        var frequency: String?
        var details: String?
        var walkId: String?
        var photo: File?
    }

    static func list(_ req: Request, input: ProblemInput? = nil, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let problems = try await VenturesAPI.problems(req)
        let rows = try await ProblemLog.json(problems, viewer: viewer, tenant: tenant)
        let walks = try await tenant.query(OpportunityWalk.self).sort(\.$walkedOn, .descending).all()
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Problem log", viewer: viewer, current: .problems, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .p(.text("Everyday frustrations noticed on opportunity walks. Say \"me too\" when you have one as well; a team can start a venture on any of them.")),
            .details(.class("card"), .if(!errors.isEmpty, .attribute(named: "open", value: "open")), .summary(.text("Log a problem")),
                .form(.method(.post), .action(SiteRoute.problems.path), .enctype(.multipartData), Layout.csrfField(viewer.csrfToken),
                    FormField.text("What is the problem?", name: "title", value: input?.title, required: true, error: error("title")),
                    FormField.text("Where did you see it?", name: "location", value: input?.location, error: error("location")),
                    FormField.text("Who does it affect?", name: "affected", value: input?.affected, error: error("affected")),
                    FormField.select("How often?", name: "frequency", options: [(value: "", title: "Choose")] + LoggedProblem.Frequency.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: input?.frequency, error: error("frequency")),
                    FormField.textarea("More detail (optional)", name: "details", value: input?.details, rows: 3, error: error("details")),
                    .if(!walks.isEmpty, FormField.select("On which walk?", name: "walkId", options: [(value: "", title: "Not on a walk")]
                        + walks.compactMap { walk in walk.id.map { (value: $0.uuidString, title: "\(walk.title) (\(walk.walkedOn))") } }, selected: input?.walkId?.uuidString)),
                    .div(.class("field"), .label(.for("photo"), .text("A photo (optional)")),
                         .input(.type(.file), .name("photo"), .id("photo"), .attribute(named: "accept", value: "image/*")),
                         .unwrap(error("photo")) { .p(.class("error"), .text($0)) }),
                    .button(.type(.submit), .text("Log it")))),
            .p(.attribute(named: "role", value: "status"), .text(rows.count == 1 ? "1 problem" : "\(rows.count) problems")),
            .forEach(rows) { problem in
                .article(.class("card"),
                    .h2(.a(.href(SiteRoute.problem(problem.id).path), .text(problem.title))),
                    .p(.class("muted"), .text([problem.location, problem.affected, problem.frequency.title].filter { !$0.isEmpty }.joined(separator: " · "))),
                    .p(.span(.class("tag"), .text("\(problem.echoes) me too")), .if(problem.echoedByMe, .text(" including you")),
                       .text(problem.pathwayCodes.isEmpty ? "" : " · " + problem.pathwayCodes.map(PathwayLinks.title(of:)).joined(separator: "; "))))
            })
    }

    static func page(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        try ProblemLog.require(viewer)
        let tenant = try req.tenant
        let problem = try await tenant.find(LoggedProblem.self, req.parameters.get("problemID"))
        let id = try problem.requireID()
        let shown = try await ProblemLog.json([problem], viewer: viewer, tenant: tenant)[0]
        let comments = try await tenant.query(ProblemComment.self).filter(\.$problem.$id == id).sort(\.$createdAt).all()
        let authors = Dictionary(try await tenant.query(Person.self).filter(\.$id ~~ comments.map(\.authorID)).all().map { (try $0.requireID(), $0) },
                                 uniquingKeysWith: { a, _ in a })
        let ventures = try await tenant.query(Venture.self).filter(\.$problemID == id).sort(\.$name).all()
        let others = ProblemLog.curates(viewer) ? try await tenant.query(LoggedProblem.self).filter(\.$status == .open).filter(\.$id != id).sort(\.$title).all() : []
        func post(_ step: String, _ content: Node<HTML.FormContext>...) -> Node<HTML.BodyContext> {
            .form(.class("inline"), .method(.post), .action(SiteRoute.problemStep(id, step: step).path), Layout.csrfField(viewer.csrfToken), .group(content))
        }
        return Layout.page(problem.title, viewer: viewer, current: .problems, notice: try? req.query.get(String.self, at: "notice"),
            .p(.class("muted"), .text("Logged by \(shown.loggedBy) · \(problem.status.rawValue)")),
            .unwrap(problem.mergedInto) { .p(.text("Merged into "), .a(.href(SiteRoute.problem($0).path), .text("another problem")), .text(".")) },
            .dl(.class("facts"),
                .dt(.text("Where")), .dd(.text(problem.location.isEmpty ? "—" : problem.location)),
                .dt(.text("Who it affects")), .dd(.text(problem.affected.isEmpty ? "—" : problem.affected)),
                .dt(.text("How often")), .dd(.text(problem.frequency.title)),
                .dt(.text("Pathways")), .dd(.text(problem.pathways.isEmpty ? "—" : problem.pathways.map(PathwayLinks.title(of:)).joined(separator: "; ")))),
            .if(!problem.details.isEmpty, .p(.text(problem.details))),
            .if(problem.photoFilename != nil, .p(.img(.src(SiteRoute.problemStep(id, step: "photo").path), .alt("Photo of the problem: \(problem.title)"), .class("photo")))),
            .p(.span(.class("tag"), .text("\(shown.echoes) me too")), .text(" "),
               .if(problem.status == .open, shown.echoedByMe ? post("unecho", .button(.type(.submit), .class("secondary"), .text("Take back my \"me too\"")))
                                                            : post("echo", .button(.type(.submit), .text("Me too"))))),
            .section(.class("card"), .h2(.text("Ventures on it")),
                .if(ventures.isEmpty, .p(.text("None yet."))),
                .ul(.forEach(ventures) { venture in .li(.a(.href(SiteRoute.venture(venture.id ?? UUID()).path), .text(venture.name))) }),
                .if(problem.status == .open, .p(.a(.class("button"), .href(SiteRoute.newVenture.path(query: [("problemId", id.uuidString)])), .text("Start a venture on this problem"))))),
            .section(.class("card"), .h2(.text("Comments")),
                .ul(.class("log"), .forEach(comments) { comment in
                    let author = authors[comment.authorID]
                    return .li(.strong(.text((viewer.isStaff ? author?.fullName : author?.shortName) ?? "—")), .text(": \(comment.body)"))
                }),
                .form(.method(.post), .action(SiteRoute.problemStep(id, step: "comments").path), Layout.csrfField(viewer.csrfToken),
                      FormField.textarea("Add a comment", name: "body", value: nil, rows: 2), .button(.type(.submit), .class("secondary"), .text("Comment")))),
            .if(ProblemLog.curates(viewer) && problem.status != .merged, .section(.class("card"), .h2(.text("Curate")),
                post("curate",
                     FormField.select("Pathway", name: "pathwayCode", options: [(value: "", title: "None")] + PathwayLinks.everyChoice, selected: problem.pathways.first),
                     FormField.select("Status", name: "status", options: [(value: "open", title: "Open"), (value: "archived", title: "Archived")], selected: problem.status.rawValue),
                     .button(.type(.submit), .text("Save"))),
                .if(!others.isEmpty, post("merge",
                     FormField.select("A duplicate of", name: "into", options: others.compactMap { other in other.id.map { (value: $0.uuidString, title: other.title) } }, selected: nil),
                     .button(.type(.submit), .class("secondary"), .text("Merge into it")))))))
    }
}
