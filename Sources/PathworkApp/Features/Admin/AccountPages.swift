import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/account`: change one's own password; every other session ends.
enum AccountPages {
    struct Form: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.account.pattern) { req async throws -> Page in
            render(try req.viewer, notice: try? req.query.get(String.self, at: "notice"))
        }
        pages.post(SiteRoute.account.pattern) { req async throws -> Response in
            let viewer = try req.viewer
            let form = try req.input(Form.self)
            let person = try await req.tenant.find(Person.self, viewer.personID)
            var errors: [FieldError] = []
            if try await !PasswordHasher.verify(form.currentPassword ?? "", hash: person.passwordHash, on: req) {
                errors.append(FieldError(field: "currentPassword", message: "That is not your current password."))
            }
            if let problem = PasswordPolicy.check(form.newPassword ?? "", email: person.email) {
                errors.append(FieldError(field: "newPassword", message: problem.message))
            }
            guard errors.isEmpty else { return try await render(viewer, errors: errors).encodeResponse(for: req) }
            let hash = try await PasswordHasher.hash(form.newPassword ?? "", on: req)
            let personID = viewer.personID
            try await req.change { tenant, audit in
                let person = try await tenant.find(Person.self, personID)
                person.passwordHash = hash
                try await person.save(on: tenant.db)
                try await Sessions.endAll(for: personID, on: tenant.db)
                audit.record("passwordChange", "person", id: personID, before: Optional<String>.none, after: Optional<String>.none)
            }
            let response = req.redirect(to: SiteRoute.signIn.path(query: [("signedOut", "1")]))
            response.cookies[CookieName.session] = req.cookie("", maxAge: 0)
            return response
        }
    }

    static func render(_ viewer: Viewer, errors: [FieldError] = [], notice: String? = nil) -> Page {
        Layout.page("Your account", viewer: viewer, current: .account, status: errors.isEmpty ? .ok : .unprocessableEntity, notice: notice,
            .p(.text("Signed in as \(viewer.email).")),
            FormField.errorSummary(errors),
            .form(.method(.post), .action(SiteRoute.account.path), Layout.csrfField(viewer.csrfToken),
                .h2(.text("Change your password")),
                .p(.class("muted"), .text("At least 8 characters; common passwords are refused. You will be signed out everywhere.")),
                FormField.text("Current password", name: "currentPassword", value: nil, type: .password, required: true,
                               error: errors.first { $0.field == "currentPassword" }?.message, autocomplete: "current-password"),
                FormField.text("New password", name: "newPassword", value: nil, type: .password, required: true,
                               error: errors.first { $0.field == "newPassword" }?.message, autocomplete: "new-password"),
                .button(.type(.submit), .text("Change password"))))
    }
}
