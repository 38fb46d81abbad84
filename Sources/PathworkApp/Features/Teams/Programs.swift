import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

struct ProgramInput: Content {
    var name: String?
    var description: String?
}

struct ProgramJSON: Content {
    var id: UUID
    var name: String
    var description: String
    init(_ p: Program) throws { id = try p.requireID(); name = p.name; description = p.summary }
}

/// Programs group teams: "Innovation Center project teams", "Summer drone internship".
enum Programs {
    static func create(_ input: ProgramInput, on req: Request) async throws -> Program {
        let name = input.name?.nonEmpty ?? ""
        var errors: [FieldError] = []
        if name.isEmpty || name.count > 120 { errors.append(FieldError(field: "name", message: "Enter the program's name (up to 120 characters).")) }
        if !name.isEmpty, try await req.tenant.query(Program.self).filter(\.$name == name).first() != nil {
            errors.append(FieldError.duplicate(field: "name", message: "This district already has a program with that name."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let program = Program(districtID: tenant.districtID, name: name, summary: input.description?.trimmed ?? "")
            try await program.create(on: tenant.db)
            audit.created("program", id: program.id, try ProgramJSON(program))
            return program
        }
    }

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("Program", .object([("id", .string(format: "uuid")), ("name", .string()), ("description", .string())],
                                           required: ["id", "name", "description"]))
        api.endpoint(APIOperation(method: .GET, path: ["programs"], summary: "The district's programs", tag: "Teams",
                                  response: .array(.ref("Program"))), registry: registry) { req in
            try req.viewer.require(.viewTeams)
            return try await req.tenant.query(Program.self).sort(\.$name).all().map(ProgramJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["programs"], summary: "Create a program", tag: "Teams",
                                  body: .object([("name", .words(maxLength: 120)), ("description", .string())], required: ["name"]),
                                  response: .ref("Program"), success: .created), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let program = try await create(try req.input(ProgramInput.self), on: req)
            return try await ProgramJSON(program).encodeResponse(status: .created, for: req)
        }
        pages.post(SiteRoute.programs.pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            do {
                let program = try await create(try req.input(ProgramInput.self), on: req)
                return req.redirect(to: SiteRoute.teams.path(query: [("notice", "Program \(program.name) was created.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return req.redirect(to: SiteRoute.teams.path(query: [("notice", "Not created: \(error.reason)")]))
            }
        }
    }

    static func count(_ n: Int) -> String { n == 1 ? "1 team" : "\(n) teams" }

    static func section(_ programs: [Program], teams: [Team], viewer: Viewer) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text("Programs")),
            .ul(.forEach(programs) { program in
                .li(.strong(.text(program.name)), .text(program.summary.isEmpty ? "" : " — \(program.summary)"),
                    .span(.class("muted"), .text(" · " + count(teams.filter { $0.$program.id == program.id }.count))))
            }),
            .if(viewer.can(.manageTeams), .form(.method(.post), .action(SiteRoute.programs.path), Layout.csrfField(viewer.csrfToken),
                FormField.text("New program", name: "name", value: nil),
                FormField.text("Description", name: "description", value: nil),
                .button(.type(.submit), .class("secondary"), .text("Create program")))))
    }
}
