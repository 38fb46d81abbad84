import Fluent
import Plot
import Vapor

/// The sign-in and sign-out pages.
enum SignInPages {
    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    static func register(_ web: any RoutesBuilder) {
        web.get(SiteRoute.signIn.pattern) { req async throws -> Response in
            if req.auth.has(Viewer.self) { return req.redirect(to: SiteRoute.home.path) }
            return try await render(req, email: nil, next: try? req.query.get(String.self, at: "next"), error: nil)
        }
        web.post(SiteRoute.signIn.pattern) { req async throws -> Response in
            let form = try req.input(SignInForm.self)
            let email = form.email ?? ""
            let outcome: SignIn.Outcome
            do {
                outcome = try await SignIn.attempt(email: email, password: form.password ?? "", on: req)
            } catch let error as PathworkError where error.status == .tooManyRequests {
                let response = try await render(req, email: email, next: form.next, error: error.reason, status: .tooManyRequests)
                response.headers.add(contentsOf: error.headers)
                return response
            }
            guard case .signedIn(let person) = outcome else {
                return try await render(req, email: email, next: form.next, error: "The email or password is not right.",
                                        status: .unauthorized)
            }
            let response = req.redirect(to: safeNext(form.next))
            try await SignIn.startSession(for: person, on: req, response: response)
            return response
        }
        web.post(SiteRoute.signOut.pattern) { req async throws -> Response in
            let response = req.redirect(to: SiteRoute.signIn.path(query: [("signedOut", "1")]))
            try await SignIn.endSession(on: req, response: response)
            return response
        }
    }

    /// Only same-site paths, so the sign-in page cannot be used to bounce people elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\") else { return SiteRoute.home.path }
        return next
    }

    static func render(_ req: Request, email: String?, next: String?, error: String?,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let signedOut = (try? req.query.get(String.self, at: "signedOut")) == "1"
        return Layout.signedOutPage(req, title: "Sign in", status: status, notice: signedOut ? "You have signed out." : nil) { token in
            .group(
                .div(.class("card"),
                    .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                    .form(.method(.post), .action(SiteRoute.signIn.path),
                        Layout.csrfField(token),
                        .input(.type(.hidden), .name("next"), .value(next ?? "")),
                        FormField.text("Email", name: "email", value: email, type: .email, required: true, autocomplete: "username"),
                        FormField.text("Password", name: "password", value: nil, type: .password, required: true,
                                       autocomplete: "current-password"),
                        .button(.type(.submit), .text("Sign in"))
                    )
                ),
                .p(.class("muted"), .text("Pathwork runs career-connected learning for your district: paid project teams, internships, mentors, credentials and plans of study."))
            )
        }
    }
}
