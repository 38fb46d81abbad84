import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

struct CredentialInput: Content {
    var title: String?
    var issuer: String?
    var kind: Credential.Kind?
    var minimumAge: Int?
    var validityMonths: Int?
}

struct CredentialJSON: Content {
    var id: UUID
    var title: String
    var issuer: String
    var kind: Credential.Kind
    var minimumAge: Int?
    var validityMonths: Int?
    init(_ c: Credential) throws { id = try c.requireID(); title = c.title; issuer = c.issuer; kind = c.kind; minimumAge = c.minimumAge; validityMonths = c.validityMonths }
}

struct AttainmentForm: Content {
    var studentId: String?
    var credentialId: String?
    var earnedOn: String?
    var evidence: String?
}

/// The credential catalog and recording what a student has earned. Signed, verifiable
/// credentials and multi-year credential pathways build on these records.
enum CredentialsWriter {
    static func create(_ input: CredentialInput, on req: Request) async throws -> Credential {
        var errors: [FieldError] = []
        let title = input.title?.nonEmpty ?? "", issuer = input.issuer?.nonEmpty ?? ""
        if title.isEmpty || title.count > 160 { errors.append(FieldError(field: "title", message: "Enter the credential's title.")) }
        if issuer.isEmpty { errors.append(FieldError(field: "issuer", message: "Enter who issues it, e.g. FAA or CompTIA.")) }
        if input.kind == nil { errors.append(FieldError(field: "kind", message: "Choose the kind: industry certification, license, dual credit or micro-credential.")) }
        if let age = input.minimumAge, !(10...21).contains(age) { errors.append(FieldError(field: "minimumAge", message: "A minimum age must be from 10 to 21.")) }
        if let months = input.validityMonths, !(1...240).contains(months) { errors.append(FieldError(field: "validityMonths", message: "Validity must be 1 to 240 months.")) }
        if !title.isEmpty, try await req.tenant.query(Credential.self).filter(\.$title == title).first() != nil {
            errors.append(FieldError.duplicate(field: "title", message: "The catalog already has this credential."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let credential = Credential()
            credential.districtID = tenant.districtID
            credential.title = title
            credential.issuer = issuer
            credential.kind = input.kind!
            credential.minimumAge = input.minimumAge
            credential.validityMonths = input.validityMonths
            try await credential.create(on: tenant.db)
            audit.created("credential", id: credential.id, try CredentialJSON(credential))
            return credential
        }
    }

    /// Records the attainment and issues its signed credential in one change.
    static func record(_ form: AttainmentForm, for student: PersonRecord, on req: Request) async throws -> (CredentialAttainment, IssuedCredential) {
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let credential = try await form.credentialId.flatMap(UUID.init(uuidString:)).asyncMap { try await tenant.query(Credential.self).filter(\.$id == $0).first() } ?? nil
        if credential == nil { errors.append(.reference(field: "credentialId", message: "Choose a credential from the catalog.")) }
        let earned = CalendarDate(iso: form.earnedOn ?? "")
        if earned == nil || earned! > req.today { errors.append(.rule(field: "earnedOn", message: "Enter the date it was earned (today or earlier).")) }
        let evidence = form.evidence?.nonEmpty ?? ""
        if evidence.isEmpty { errors.append(FieldError(field: "evidence", message: "Record the evidence: a certificate number or who verified it.")) }
        if let credential, let minimum = credential.minimumAge, let earned,
           let birth = student.profile.flatMap({ CalendarDate(iso: $0.birthDate) }), birth.age(on: earned) < minimum {
            errors.append(.rule(field: "earnedOn", message: "\(credential.title) requires age \(minimum); the student was \(birth.age(on: earned)) then."))
        }
        if student.profile == nil { errors.append(.rule(field: "studentId", message: "Only students earn credentials here.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let viewer = try req.viewer
        let expires = credential!.validityMonths.map { earned!.adding(months: $0).description }
        let (app, now) = (req.application, req.now)
        return try await req.change { tenant, audit in
            let attainment = CredentialAttainment()
            attainment.districtID = tenant.districtID
            attainment.studentID = student.id
            attainment.$credential.id = try credential!.requireID()
            attainment.earnedOn = earned!.description
            attainment.expiresOn = expires
            attainment.evidence = evidence
            attainment.verifiedBy = viewer.personID
            try await attainment.create(on: tenant.db)
            audit.created("credentialAttainment", id: attainment.id, ["studentID": student.id.uuidString, "credential": credential!.title,
                                                                     "earnedOn": attainment.earnedOn, "evidence": evidence])
            audit.emit(.students([student.id]))
            let award = try BadgeIssuer.award(for: attainment, credential: credential!, verifierName: "\(viewer.givenName) \(viewer.familyName)")
            let issued = try await BadgeIssuer.issue(award, to: student.person, tenant: tenant, audit: audit, app: app, now: now)
            return (attainment, issued)
        }
    }

    static func revoke(_ issued: IssuedCredential, reason: String?, on req: Request) async throws {
        let reason = reason?.nonEmpty ?? ""
        guard !reason.isEmpty, reason.count <= 500 else {
            throw PathworkError.invalid([FieldError(field: "reason", message: "Say why the credential is revoked (up to 500 characters).")])
        }
        let revoked = PathworkError.invalid([FieldError.duplicate(field: "reason", message: "This credential was already revoked.")])
        guard issued.revokedAt == nil else { throw revoked }
        let (person, now) = (try req.viewer.personID, req.now)
        try await req.change { tenant, audit in
            let current = try await tenant.fresh(issued)
            guard current.revokedAt == nil else { throw revoked }
            try await BadgeIssuer.revoke(current, reason: reason, by: person, tenant: tenant, audit: audit, now: now)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

enum CredentialPages {
    static func register(_ app: Application, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("Credential", .object([
            ("id", .string(format: "uuid")), ("title", .string()), ("issuer", .string()),
            ("kind", .enumeration(Credential.Kind.allCases.map(\.rawValue))), ("minimumAge", .integer()), ("validityMonths", .integer()),
        ], required: ["id", "title", "issuer", "kind"]))
        api.endpoint(APIOperation(method: .GET, path: ["credentials"], summary: "The credential catalog", tag: "Credentials",
                                  response: .array(.ref("Credential"))), registry: registry) { req in
            try req.viewer.require(.viewTeams)
            return try await req.tenant.query(Credential.self).sort(\.$title).all().map(CredentialJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["credentials"], summary: "Add a credential to the catalog", tag: "Credentials",
                                  body: .object([("title", .words(maxLength: 160)), ("issuer", .words(maxLength: 160)),
                                                 ("kind", .enumeration(Credential.Kind.allCases.map(\.rawValue))), ("minimumAge", .bounded(minimum: 10, maximum: 21)),
                                                 ("validityMonths", .bounded(minimum: 1, maximum: 240))], required: ["title", "issuer", "kind"]),
                                  response: .ref("Credential"), success: .created), registry: registry) { req in
            try req.viewer.require(.manageCredentials)
            let credential = try await CredentialsWriter.create(try req.input(CredentialInput.self), on: req)
            return try await CredentialJSON(credential).encodeResponse(status: .created, for: req)
        }
        pages.get(SiteRoute.credentials.pattern) { req async throws -> Page in
            try req.viewer.require(.manageCredentials)
            return try await catalog(req, input: CredentialInput())
        }
        pages.post(SiteRoute.credentials.pattern) { req async throws -> Response in
            try req.viewer.require(.manageCredentials)
            let input = try req.input(CredentialInput.self)
            do {
                let credential = try await CredentialsWriter.create(input, on: req)
                return req.redirect(to: SiteRoute.credentials.path(query: [("notice", "\(credential.title) was added to the catalog.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await catalog(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.recordAttainment(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageCredentials)
            let student = try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: req.viewer, tenant: req.tenant)
            do {
                _ = try await CredentialsWriter.record(try req.input(AttainmentForm.self), for: student, on: req)
                return req.redirect(to: SiteRoute.person(student.id).path(query: [("notice", "The credential was recorded.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                let message = error.fieldErrors.map(\.message).joined(separator: " ")
                return req.redirect(to: SiteRoute.person(student.id).path(query: [("notice", "Not recorded: \(message)")]))
            }
        }
        app.personSections.add { req, record in try await studentSection(req, record: record) }
    }

    static func catalog(_ req: Request, input: CredentialInput, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let credentials = try await req.tenant.query(Credential.self).sort(\.$title).all()
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Credentials", viewer: viewer, current: .credentials, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            .p(.a(.href(SiteRoute.credentialPathways.path), .text("Credential pathways")), .text(": multi-year sequences with each student's progress. "),
               .a(.href(SiteRoute.courses.path), .text("Courses and plan templates")), .text(": the catalog plans of study are built from.")),
            FormField.errorSummary(errors),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Credential")), .th(.text("Issuer")), .th(.text("Kind")), .th(.text("Minimum age")), .th(.text("Valid for")))),
                .tbody(.forEach(credentials) { c in
                    .tr(.td(.text(c.title)), .td(.text(c.issuer)), .td(.text(c.kind.title)), .td(.text(c.minimumAge.map(String.init) ?? "—")),
                        .td(.text(c.validityMonths.map { "\($0) months" } ?? "no expiry")))
                }))),
            .section(.class("card"), .h2(.text("Add a credential")),
                .form(.method(.post), .action(SiteRoute.credentials.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Title", name: "title", value: input.title, error: error("title")),
                    FormField.text("Issuer", name: "issuer", value: input.issuer, error: error("issuer")),
                    FormField.select("Kind", name: "kind", options: [(value: "", title: "Choose")] + Credential.Kind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: input.kind?.rawValue, error: error("kind")),
                    FormField.text("Minimum age (optional)", name: "minimumAge", value: input.minimumAge.map(String.init), type: .number, error: error("minimumAge")),
                    FormField.text("Valid for, months (optional)", name: "validityMonths", value: input.validityMonths.map(String.init), type: .number,
                                   error: error("validityMonths")),
                    .button(.type(.submit), .text("Add credential")))))
    }

    /// On a student's page, for staff and the student: credentials held, and a form to record one.
    static func studentSection(_ req: Request, record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard record.roles.contains(.student),
              Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID) else { return .empty }
        let tenant = try req.tenant
        let held = try await tenant.query(CredentialAttainment.self).filter(\.$studentID == record.id).with(\.$credential).sort(\.$earnedOn).all()
        let catalog = viewer.can(.manageCredentials) ? try await tenant.query(Credential.self).sort(\.$title).all() : []
        let issued = try await tenant.query(IssuedCredential.self).filter(\.$studentID == record.id).all()
        let byAttainment = Dictionary(try issued.saved().compactMap { i in i.attainmentID.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        let today = req.today
        return .section(.class("card"), .h2(.text("Credentials")),
            .if(held.isEmpty, .p(.text("No credentials recorded yet."))),
            .ul(.forEach(try held.saved()) { a in
                .li(.strong(.text(a.credential.title)), .text(" — earned \(a.earnedOn)\(a.expiresOn.map { ", \(a.model.isHeld(on: today) ? "valid until" : "lapsed") \($0)" } ?? "")"),
                    .span(.class("muted"), .text(" · \(a.evidence)")),
                    .unwrap(byAttainment[a.id]) { badge in
                        .group(.text(" · signed credential "), .strong(.text(badge.model.status(on: today).rawValue)), .text(": "),
                               .a(.href(SiteRoute.verify(badge.id).path), .text("verify page")), .text(" · "),
                               .a(.href(SiteRoute.verifyStep(badge.id, step: "credential.json").path), .text("download")))
                    })
            }),
            .if(!catalog.isEmpty, .form(.method(.post), .action(SiteRoute.recordAttainment(record.id).path), Layout.csrfField(viewer.csrfToken),
                FormField.select("Record a credential", name: "credentialId", options: [(value: "", title: "Choose")] + (try catalog.saved().map { (value: $0.id.uuidString, title: $0.title) }),
                                 selected: nil),
                FormField.text("Earned on", name: "earnedOn", value: today.description, type: .date),
                FormField.text("Evidence (certificate number, who verified)", name: "evidence", value: nil),
                .button(.type(.submit), .class("secondary"), .text("Record credential")))))
    }
}
