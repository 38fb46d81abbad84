import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// A venture's page and its canvas form.
enum VentureScreens {
    static func page(_ req: Request, venture: Venture) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try venture.requireID()
        let shown = try await VentureDirectory.json(venture, viewer: viewer, tenant: tenant)
        let versions = try await tenant.query(CanvasVersion.self).filter(\.$venture.$id == id).sort(\.$number).all()
        let interviews = try await tenant.query(CustomerInterview.self).filter(\.$venture.$id == id).sort(\.$interviewedOn, .descending).all()
        let prototypes = try await tenant.query(Prototype.self).filter(\.$venture.$id == id).sort(\.$madeOn, .descending).all()
        let problem = try await venture.problemID.asyncMap { try await tenant.query(LoggedProblem.self).filter(\.$id == $0).first() } ?? nil
        let mentorIDs = try await tenant.query(VentureMentor.self).filter(\.$venture.$id == id).all(\.$mentorID)
        let mentors = try await tenant.query(Person.self).filter(\.$id ~~ mentorIDs).all()
        let works = viewer.isStaff || shown.members.contains { $0.studentId == viewer.personID }
        // Two versions side by side: ?compare=<older>&with=<newer>, by number; the latest two by default.
        let older = (try? req.query.get(Int.self, at: "compare")).flatMap { n in versions.first { $0.number == n } } ?? versions.dropLast().last
        let newer = (try? req.query.get(Int.self, at: "with")).flatMap { n in versions.first { $0.number == n } } ?? versions.last
        let candidates = viewer.can(.manageTeams) ? try await TeamForms.people(withRoles: [.mentor], tenant: tenant) : []
        return Layout.page(venture.name, viewer: viewer, current: .ventures, notice: try? req.query.get(String.self, at: "notice"),
            .p(.class("muted"), .text(shown.members.map(\.name).joined(separator: ", "))),
            .unwrap(problem) { p in .p(.text("The problem: "), .a(.href(SiteRoute.problem(p.id ?? UUID()).path), .text(p.title))) },
            .section(.class("card"), .h2(.text("Progress through the pathway")),
                .forEach(shown.stages) { stage in
                    .div(.h3(.text("Year \(stage.year): \(stage.title) — \(stage.complete ? "complete" : "\(stage.percent)%")")),
                         .ul(.forEach(stage.requirements) { r in .li(.text("\(r.artifact.title): \(r.done) of \(r.count)")) }))
                }),
            .section(.class("card"), .h2(.text("Business model canvas")),
                .if(versions.isEmpty, .p(.text("No version saved yet."))),
                .unwrap(newer) { latest in canvasGrid(latest.canvas, title: "Version \(latest.number), saved \(TimeFormat.dateTime(latest.savedAt, zone: viewer.timeZone))") },
                .if(works, .p(.a(.class("button"), .href(SiteRoute.ventureStep(id, step: "canvas").path), .text(versions.isEmpty ? "Write the canvas" : "Save a new version")))),
                .if(versions.count > 1, compare(older: older, newer: newer, versions: versions, venture: id))),
            .section(.class("card"), .h2(.text("Customer interviews (\(interviews.count))")),
                .ul(.class("log"), .forEach(interviews) { i in .li(.strong(.text("\(i.interviewedOn), \(i.who): ")), .text(i.learned)) }),
                .if(works, .details(.summary(.text("Log an interview")),
                    .form(.method(.post), .action(SiteRoute.ventureStep(id, step: "interviews").path), Layout.csrfField(viewer.csrfToken),
                        FormField.text("Day", name: "interviewedOn", value: req.today.description, type: .date, required: true),
                        FormField.text("Who (describe them; no names)", name: "who", value: nil, required: true),
                        FormField.textarea("What you learned", name: "learned", value: nil, rows: 3),
                        .button(.type(.submit), .text("Log the interview")))))),
            .section(.class("card"), .h2(.text("Prototypes (\(prototypes.count))")),
                .ul(.class("log"), .forEach(prototypes) { p in
                    .li(.strong(.text("\(p.madeOn): \(p.title)")), .if(!p.details.isEmpty, .text(" — \(p.details)")),
                        .if(p.fileFilename != nil, .group(.text(" · "), .a(.href(SiteRoute.prototypeFile(p.id ?? UUID()).path), .text(p.fileFilename ?? "")))))
                }),
                .if(works, .details(.summary(.text("Record a prototype")),
                    .form(.method(.post), .action(SiteRoute.ventureStep(id, step: "prototypes").path), .enctype(.multipartData), Layout.csrfField(viewer.csrfToken),
                        FormField.text("What it is", name: "title", value: nil, required: true),
                        FormField.textarea("What it tested", name: "details", value: nil, rows: 2),
                        FormField.text("Made on", name: "madeOn", value: req.today.description, type: .date, required: true),
                        .div(.class("field"), .label(.for("prototype-file"), .text("A photo or file (optional)")), .input(.type(.file), .name("file"), .id("prototype-file"))),
                        .button(.type(.submit), .text("Record it")))))),
            .section(.class("card"), .h2(.text("Mentors")),
                .if(mentors.isEmpty, .p(.text("None yet."))),
                .ul(.forEach(mentors) { .li(.text("\($0.fullName)\($0.organization.map { " — \($0)" } ?? "")")) }),
                .if(viewer.can(.manageTeams) && !candidates.isEmpty,
                    .form(.method(.post), .action(SiteRoute.ventureStep(id, step: "mentors").path), Layout.csrfField(viewer.csrfToken),
                          FormField.select("Attach a mentor", name: "mentorId", options: candidates.compactMap { p in p.id.map { (value: $0.uuidString, title: p.fullName) } }, selected: nil),
                          .button(.type(.submit), .class("secondary"), .text("Attach"))))))
    }

    static func canvasGrid(_ canvas: BusinessModelCanvas, title: String, changed: Set<CanvasBlock> = []) -> Node<HTML.BodyContext> {
        .div(.class("canvas"), .h3(.text(title)),
             .dl(.class("facts"), .forEach(CanvasBlock.allCases) { block in
                 .group(.dt(.text(block.title), .if(changed.contains(block), .span(.class("tag warn"), .text(" changed")))),
                        .dd(.text(canvas[block].isEmpty ? "—" : canvas[block])))
             }))
    }

    /// Two versions side by side, the blocks that changed marked, and what went out and in.
    static func compare(older: CanvasVersion?, newer: CanvasVersion?, versions: [CanvasVersion], venture: UUID) -> Node<HTML.BodyContext> {
        guard let older, let newer else { return .empty }
        let changes = newer.canvas.changes(since: older.canvas)
        let changed = Set(changes.map(\.block))
        return .div(.h3(.text("How the thinking changed: version \(older.number) and version \(newer.number)")),
            .form(.method(.get), .action(SiteRoute.venture(venture).path), .class("filters"),
                FormField.select("Compare version", name: "compare", options: versions.map { (value: String($0.number), title: "Version \($0.number)") }, selected: String(older.number)),
                FormField.select("with version", name: "with", options: versions.map { (value: String($0.number), title: "Version \($0.number)") }, selected: String(newer.number)),
                .button(.type(.submit), .class("secondary"), .text("Compare"))),
            .div(.class("side-by-side"), canvasGrid(older.canvas, title: "Version \(older.number)", changed: changed),
                 canvasGrid(newer.canvas, title: "Version \(newer.number)", changed: changed)),
            .if(changes.isEmpty, .p(.text("The two versions are the same."))),
            .ul(.class("log"), .forEach(changes) { change in
                .li(.strong(.text("\(change.block.title) \(change.kind.rawValue): ")),
                    .if(!change.removedLines.isEmpty, .span(.class("removed"), .text("out: \(change.removedLines.joined(separator: "; ")) "))),
                    .if(!change.addedLines.isEmpty, .span(.class("added"), .text("in: \(change.addedLines.joined(separator: "; "))"))))
            }),
            .if(!newer.note.isEmpty, .p(.class("muted"), .text("Note on version \(newer.number): \(newer.note)"))))
    }

    static func canvasForm(_ req: Request, venture: Venture, draft: [String: String]? = nil, note: String? = nil, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let id = try venture.requireID()
        let latest = try await req.tenant.query(CanvasVersion.self).filter(\.$venture.$id == id).sort(\.$number, .descending).first()
        return Layout.page("Canvas: \(venture.name)", viewer: viewer, current: .ventures, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .p(.class("muted"), .text(latest.map { "Starting from version \($0.number). Saving keeps it and adds version \($0.number + 1)." } ?? "Saving makes version 1.")),
            .form(.class("card"), .method(.post), .action(SiteRoute.ventureStep(id, step: "canvas").path), Layout.csrfField(viewer.csrfToken),
                .forEach(CanvasBlock.allCases) { block in
                    FormField.textarea("\(block.title) — \(block.prompt)", name: block.rawValue, value: draft?[block.rawValue] ?? latest?.canvas[block], rows: 3,
                                       error: errors.first { $0.field == "blocks.\(block.rawValue)" }?.message)
                },
                FormField.text("What changed, in a line (optional)", name: "note", value: note),
                .button(.type(.submit), .text("Save this version")), .text(" "),
                .a(.class("button secondary"), .href(SiteRoute.venture(id).path), .text("Cancel"))))
    }
}
