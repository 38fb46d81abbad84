import Fluent
import PathworkDomain
import Plot
import Vapor

struct SchoolJSON: Content {
    var id: UUID
    var name: String
    var locale: SchoolLocale

    init(_ school: School) throws {
        id = try school.requireID()
        name = school.name
        locale = school.locale
    }

    static let schema = Schema.object([("id", .string(format: "uuid")), ("name", .string()),
                                       ("locale", .enumeration(SchoolLocale.allCases.map(\.rawValue)))],
                                      required: ["id", "name", "locale"])
}

struct SchoolInput: Content {
    var name: String?
    var locale: String?
}

struct SchoolSnapshot: Codable {
    var name: String
    var locale: SchoolLocale
    init(_ school: School) { name = school.name; locale = school.locale }
}

/// Creating and renaming schools, shared by the pages and the API.
enum SchoolWriter {
    static func save(_ input: SchoolInput, existing: School?, on req: Request) async throws -> School {
        var errors: [FieldError] = []
        let name = input.name?.nonEmpty ?? ""
        if name.isEmpty || name.count > 120 { errors.append(FieldError(field: "name", message: "Enter the school's name (up to 120 characters).")) }
        let locale = input.locale.flatMap(SchoolLocale.init(rawValue:))
        if locale == nil { errors.append(FieldError(field: "locale", message: "Choose city, suburb, town or rural.")) }
        if !name.isEmpty, let other = try await req.tenant.query(School.self).filter(\.$name == name).first(), other.id != existing?.id {
            errors.append(FieldError.duplicate(field: "name", message: "This district already has a school with that name."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let existingID = existing?.id
        return try await req.change { tenant, audit in
            if let existingID {
                let school = try await tenant.find(School.self, existingID)
                let before = SchoolSnapshot(school)
                school.name = name
                school.locale = locale!
                try await school.save(on: tenant.db)
                audit.updated("school", id: school.id, from: before, to: SchoolSnapshot(school))
                return school
            }
            let school = School(districtID: tenant.districtID, name: name, locale: locale!)
            try await school.create(on: tenant.db)
            audit.created("school", id: school.id, SchoolSnapshot(school))
            return school
        }
    }
}

enum SchoolsAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("School", SchoolJSON.schema)
        api.endpoint(APIOperation(method: .GET, path: ["schools"], summary: "The district's schools", tag: "Directory",
                                  response: .array(.ref("School"))), registry: registry) { req in
            try req.viewer.require(.viewDirectory)
            return try await req.tenant.query(School.self).sort(\.$name).all().map(SchoolJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["schools"], summary: "Add a school", tag: "Directory",
                                  body: .object([("name", .words(maxLength: 120)), ("locale", .enumeration(SchoolLocale.allCases.map(\.rawValue)))],
                                                required: ["name", "locale"]),
                                  response: .ref("School"), success: .created), registry: registry) { req in
            try req.viewer.require(.createPerson)
            let school = try await SchoolWriter.save(try req.input(SchoolInput.self), existing: nil, on: req)
            return try await SchoolJSON(school).encodeResponse(status: .created, for: req)
        }
    }
}

enum SchoolPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.schools.pattern) { req async throws -> Page in
            let viewer = try req.viewer
            try viewer.require(.createPerson)
            let schools = try await req.tenant.query(School.self).sort(\.$name).all()
            let profiles = try await req.tenant.query(StudentProfile.self).all()
            let notice = try? req.query.get(String.self, at: "notice")
            return Layout.page("Schools", viewer: viewer, current: .schools, notice: notice,
                .p(.a(.class("button"), .href(SiteRoute.newSchool.path), .text("Add a school"))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("School")), .th(.text("Locale")), .th(.text("Students")), .th(.text("")))),
                    .tbody(.forEach(try schools.saved()) { school in
                        .tr(.td(.a(.href(SiteRoute.people.path(query: [("school", school.id.uuidString)])), .text(school.name))),
                            .td(.text(school.locale.title)),
                            .td(.text(String(profiles.filter { $0.$school.id == school.id }.count))),
                            .td(.a(.href(SiteRoute.editSchool(school.id).path), .text("Edit"), .ariaLabel("Edit \(school.name)"))))
                    }))))
        }
        pages.get(SiteRoute.newSchool.pattern) { req async throws -> Page in
            try req.viewer.require(.createPerson)
            return try form(req, input: SchoolInput(), editing: nil)
        }
        pages.get(SiteRoute.editSchool(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.createPerson)
            let school = try await req.tenant.find(School.self, req.parameters.get("schoolID"))
            return try form(req, input: SchoolInput(name: school.name, locale: school.locale.rawValue), editing: school)
        }
        for route in [SiteRoute.newSchool, .editSchool(.pattern)] {
            pages.post(route.pattern) { req async throws -> Response in
                try req.viewer.require(.createPerson)
                let existing: School? = route == .newSchool ? nil : try await req.tenant.find(School.self, req.parameters.get("schoolID"))
                let input = try req.input(SchoolInput.self)
                do {
                    let school = try await SchoolWriter.save(input, existing: existing, on: req)
                    return req.redirect(to: SiteRoute.schools.path(query: [("notice", "\(school.name) saved.")]))
                } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                    return try await form(req, input: input, editing: existing, errors: error.fieldErrors).encodeResponse(for: req)
                }
            }
        }
    }

    static func form(_ req: Request, input: SchoolInput, editing: School?, errors: [FieldError] = []) throws -> Page {
        let viewer = try req.viewer
        let action = try editing.map { SiteRoute.editSchool(try $0.requireID()).path } ?? SiteRoute.newSchool.path
        return Layout.page(editing == nil ? "Add a school" : "Edit \(editing!.name)", viewer: viewer, current: .schools,
                           status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.method(.post), .action(action), Layout.csrfField(viewer.csrfToken),
                FormField.text("Name", name: "name", value: input.name, required: true,
                               error: errors.first { $0.field == "name" }?.message),
                FormField.select("Locale (NCES)", name: "locale",
                                 options: [(value: "", title: "Choose")] + SchoolLocale.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: input.locale, error: errors.first { $0.field == "locale" }?.message),
                .div(.class("actions"), .button(.type(.submit), .text("Save")),
                     .a(.class("button secondary"), .href(SiteRoute.schools.path), .text("Cancel")))))
    }
}
