import Fluent
import Foundation
import Vapor

/// Checking an email and password, shared by the sign-in page and the token API, with
/// failures throttled per account and per network address.
enum SignIn {
    enum Outcome {
        case signedIn(Person)
        case wrongCredentials
    }

    static func attempt(email rawEmail: String, password: String, on req: Request) async throws -> Outcome {
        let email = rawEmail.trimmed.lowercased()
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        let now = Int(req.now.timeIntervalSince1970)
        let throttles = req.pathwork.throttles
        if let wait = await throttles.retryAfter(account: email, address: address, now: now) {
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            throw PathworkError(status: .tooManyRequests, code: "auth.throttled",
                                reason: "Too many failed sign-ins. Try again in \(max(1, (wait + 59) / 60)) minute(s).",
                                headers: headers)
        }
        let person = try await Person.query(on: req.db).filter(\.$email == email).first()
        let matches = try await PasswordHasher.verify(password, hash: person?.passwordHash, on: req)
        guard let person, matches, !person.isDisabled else {
            await throttles.recordFailure(account: email, address: address, now: now)
            return .wrongCredentials
        }
        await throttles.recordSuccess(account: email)
        return .signedIn(person)
    }

    /// Starts a fresh server-side session (a new id every sign-in, against session fixation).
    static func startSession(for person: Person, on req: Request, response: Response) async throws {
        if let old = req.cookies[CookieName.session]?.string {
            try await WebSession.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(old)).delete()
        }
        let token = SecretToken.generate()
        let session = WebSession(tokenHash: SecretToken.hash(token), personID: try person.requireID(), districtID: person.districtID,
                                 csrfToken: SecretToken.generate(), now: req.now)
        try await session.create(on: req.db)
        response.cookies[CookieName.session] = req.cookie(token, maxAge: req.pathwork.config.sessionAbsoluteSeconds)
    }

    static func endSession(on req: Request, response: Response) async throws {
        if let token = req.cookies[CookieName.session]?.string {
            try await WebSession.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(token)).delete()
        }
        response.cookies[CookieName.session] = req.cookie("", maxAge: 0)
    }
}

struct TokenRequest: Content {
    var email: String
    var password: String
}

struct TokenResponse: Content {
    var token: String
    var expiresAt: Date
}

struct MeJSON: Content {
    var id: UUID
    var email: String
    var districtId: UUID
    var givenName: String
    var familyName: String
    var roles: [String]
}

enum AuthAPI {
    static func register(public api: any RoutesBuilder, protected: any RoutesBuilder, registry: APIRegistry) {
        registry.define("Problem", .object([
            ("type", .string()), ("title", .string()), ("status", .integer()), ("detail", .string()), ("code", .string()),
            ("errors", .array(.object([("field", .string()), ("message", .string())], required: ["field", "message"]))),
        ], required: ["type", "title", "status", "detail"]))
        api.endpoint(APIOperation(method: .POST, path: ["auth", "token"], summary: "Trade an email and password for a bearer token",
                                  tag: "Auth", body: .object([("email", .string(format: "email")), ("password", .string())],
                                                             required: ["email", "password"]),
                                  response: .object([("token", .string()), ("expiresAt", .string(format: "date-time"))],
                                                    required: ["token", "expiresAt"]),
                                  isPublic: true), registry: registry) { req in
            let body = try req.input(TokenRequest.self)
            guard case .signedIn(let person) = try await SignIn.attempt(email: body.email, password: body.password, on: req) else {
                throw PathworkError(status: .unauthorized, code: "auth.credentials", reason: "The email or password is not right.")
            }
            let token = SecretToken.generate()
            let expires = req.now.addingTimeInterval(TimeInterval(req.pathwork.config.apiTokenLifetimeSeconds))
            try await APIToken(tokenHash: SecretToken.hash(token), personID: person.requireID(), districtID: person.districtID,
                               createdAt: req.now, expiresAt: expires).create(on: req.db)
            return TokenResponse(token: token, expiresAt: expires)
        }
        protected.endpoint(APIOperation(method: .DELETE, path: ["auth", "token"], summary: "Revoke the token this request carries",
                                        tag: "Auth", success: .noContent), registry: registry) { req in
            if let token = req.headers.bearerAuthorization?.token {
                try await APIToken.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(token)).delete()
                // Outside the writer, so the cached viewer goes here.
                req.pathwork.viewers.invalidate()
            }
            return HTTPStatus.noContent
        }
        protected.endpoint(APIOperation(method: .GET, path: ["me"], summary: "The caller", tag: "Auth",
                                        response: .object([("id", .string(format: "uuid")), ("email", .string()),
                                                           ("districtId", .string(format: "uuid")), ("givenName", .string()),
                                                           ("familyName", .string()), ("roles", .array(.string()))],
                                                          required: ["id", "email", "districtId", "roles"])),
                           registry: registry) { req in
            let viewer = try req.viewer
            return MeJSON(id: viewer.personID, email: viewer.email, districtId: viewer.districtID, givenName: viewer.givenName,
                          familyName: viewer.familyName, roles: viewer.roles.sorted().map(\.rawValue))
        }
    }
}
