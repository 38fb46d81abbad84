import Fluent
import Vapor

enum CookieName {
    static let session = "pathwork_session"
    static let csrf = "pathwork_csrf"
}

extension Request {
    /// Whether cookies set on this response should carry `Secure`.
    var arrivedOverHTTPS: Bool {
        pathwork.config.alwaysSecureCookies || url.scheme == "https"
            || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    func cookie(_ value: String, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, maxAge: maxAge, path: "/", isSecure: arrivedOverHTTPS,
                          isHTTPOnly: true, sameSite: .lax)
    }
}

/// Signs in the browser session named by the session cookie, ending it when it has been idle
/// too long or has reached its absolute lifetime.
struct SessionAuthenticator: AsyncMiddleware {
    /// Touching the session on every request would make every page view a write.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[CookieName.session]?.string, !token.isEmpty,
           let session = try await WebSession.query(on: request.db)
               .filter(\.$tokenHash == SecretToken.hash(token)).first() {
            let now = request.now
            let config = request.pathwork.config
            let idle = now.timeIntervalSince(session.lastSeenAt) > TimeInterval(config.sessionIdleSeconds)
            let expired = now.timeIntervalSince(session.createdAt) > TimeInterval(config.sessionAbsoluteSeconds)
            if !idle, !expired,
               let viewer = try await Viewer.load(personID: session.personID, csrfToken: session.csrfToken, on: request.db) {
                request.auth.login(viewer)
                if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
                    session.lastSeenAt = now
                    try await session.save(on: request.db)
                }
            } else {
                try await session.delete(on: request.db)
            }
        }
        return try await next.respond(to: request)
    }
}

/// Signs in API callers by their bearer token, the viewer it names kept in memory (`ViewerCache`).
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.headers.bearerAuthorization?.token {
            let hash = SecretToken.hash(token)
            if let found = try await request.pathwork.viewers.viewer(tokenHash: hash, load: { try await Viewer.load(tokenHash: hash, on: request.db) }),
               found.expiresAt > request.now {
                request.auth.login(found.viewer)
            }
        }
        return try await next.respond(to: request)
    }
}

/// Pages behind sign-in send a signed-out visitor to the sign-in page and back afterwards.
struct RequireSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(Viewer.self) else {
            let back = request.method == .GET ? request.url.string : SiteRoute.home.path
            return request.redirect(to: SiteRoute.signIn.path(query: [("next", back)]))
        }
        return try await next.respond(to: request)
    }
}

/// API routes answer 401 without a valid token.
struct RequireToken: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(Viewer.self) else {
            throw PathworkError(status: .unauthorized, code: "auth.required",
                                reason: "Send a valid token as 'Authorization: Bearer <token>'.")
        }
        return try await next.respond(to: request)
    }
}
