import Vapor

/// Every form carries an anti-forgery token. Signed-in forms echo the token kept with the
/// server-side session; the sign-in form echoes a random cookie (double submit), since there
/// is no session yet. Pages are same-origin only and cookies are SameSite=Lax besides.
struct CSRF: AsyncMiddleware {
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD, !request.url.path.hasPrefix("/api/") else {
            return try await next.respond(to: request)
        }
        let sent: String
        if request.headers.contentType?.type == "multipart", let inAddress = request.query[String.self, at: Self.fieldName] {
            // A large upload (a OneRoster set) names its token in the form's address, so the body
            // can stream to disk instead of being collected here to find the token in it.
            sent = inAddress
        } else {
            _ = try await request.body.collect(max: request.bodyLimit).get()
            sent = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
        }
        let expected = request.auth.get(Viewer.self)?.csrfToken ?? request.cookies[CookieName.csrf]?.string ?? ""
        guard !expected.isEmpty, SecretToken.constantTimeEquals(sent, expected) else {
            throw Abort(.forbidden, reason: "This form has expired or did not come from Pathwork. Go back, reload the page and try again.")
        }
        return try await next.respond(to: request)
    }

    /// The token for an anonymous form, setting the cookie when the visitor has none yet.
    static func anonymousToken(for request: Request, response: Response) -> String {
        if let existing = request.cookies[CookieName.csrf]?.string, !existing.isEmpty { return existing }
        let token = SecretToken.generate()
        response.cookies[CookieName.csrf] = request.cookie(token, maxAge: nil)
        return token
    }
}

extension Request {
    /// Multipart bodies carry attachments (up to 10 MB and the form around them); everything
    /// else is a small form or JSON document.
    var bodyLimit: Int {
        headers.contentType?.type == "multipart" ? 12 << 20 : 1 << 20
    }
}

/// Security headers on everything; `no-store` on everything but the stylesheet, since pages
/// and API answers hold personal data.
struct SecurityHeaders: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if !request.url.path.hasPrefix("/static/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
