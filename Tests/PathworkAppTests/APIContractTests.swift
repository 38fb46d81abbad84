import Fluent
import Foundation
@testable import PathworkApp
import Testing
import Vapor

@Suite("API contract")
struct APIContractTests {
    @Test("healthz names the engine")
    func health() async throws {
        try await withPathwork { app, _, _ in
            let reply = try await app.send(.GET, "/healthz")
            #expect(reply.status == .ok)
            let engine = ProcessInfo.processInfo.environment["PATHWORK_TEST_DATABASE_URL"] == nil ? "sqlite" : "postgres"
            #expect(reply.object["status"] as? String == "ok")
            #expect(reply.object["database"] as? String == engine)
        }
    }

    @Test("every /api/v1 route is in the OpenAPI document, and all but the public ones need a token")
    func routesDocumentedAndProtected() async throws {
        try await withPathwork { app, fixture, _ in
            let document = try await app.send(.GET, "/api/openapi.json")
            #expect(document.status == .ok)
            #expect(document.object["openapi"] as? String == "3.1.0")
            let paths = try #require(document.object["paths"] as? [String: [String: Any]])
            let routes = app.routes.all.filter {
                $0.path.first?.description == "api" && $0.path.dropFirst().first?.description == "v1"
                    && $0.userInfo[APIRegistry.methodNotAllowedKey] == nil
            }
            #expect(routes.count >= 10)
            let publicOperations: Set<String> = ["POST /api/v1/auth/token", "GET /api/v1/public/credentials/{credentialID}",
                                                  "GET /api/v1/public/portfolios/{token}"]
            for route in routes {
                let path = "/" + route.path.map {
                    if case .parameter(let name) = $0 { return "{\(name)}" }
                    return $0.description
                }.joined(separator: "/")
                let operation = "\(route.method.rawValue) \(path)"
                #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(operation) is not documented")
                guard !publicOperations.contains(operation) else { continue }
                let concrete = path.replacingOccurrences(of: #"\{[^}]+\}"#, with: fixture.a.student.uuidString, options: .regularExpression)
                let reply = try await app.send(route.method, concrete)
                #expect(reply.status == .unauthorized, "\(operation) answered \(reply.status) without a token")
                #expect(reply.headers.first(name: .contentType) == "application/problem+json")
                #expect(reply.headers.first(name: .wwwAuthenticate) == "Bearer")
            }
            // And the document names nothing that is not served.
            let served = Set(routes.map { route in
                "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
            })
            #expect(Set(paths.keys) == served)
        }
    }

    @Test("a token, the caller, and wrong credentials as problem details")
    func tokenAndMe() async throws {
        try await withPathwork { app, fixture, _ in
            let reply = try await app.send(.POST, "/api/v1/auth/token", json: ["email": fixture.a.email("admin"), "password": Fixture.password])
            #expect(reply.status == .ok)
            let token = try reply.json(TokenResponse.self)
            #expect(token.token.count >= 43)  // 256 bits in base64url
            let me = try await app.send(.GET, "/api/v1/me", token: token.token)
            #expect(me.status == .ok)
            #expect(me.object["email"] as? String == fixture.a.email("admin"))
            #expect(me.object["districtId"] as? String == fixture.a.id.uuidString)
            #expect(me.object["roles"] as? [String] == ["admin"])

            let wrong = try await app.send(.POST, "/api/v1/auth/token", json: ["email": fixture.a.email("admin"), "password": "nope-nope-nope"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers.first(name: .contentType) == "application/problem+json")
            #expect(wrong.object["code"] as? String == "auth.credentials")
            #expect(wrong.object["status"] as? Int == 401)

            let missing = try await app.send(.POST, "/api/v1/auth/token", json: ["email": fixture.a.email("admin")])
            #expect(missing.status == .unprocessableEntity && missing.text.contains(#""field":"password""#))
            #expect((missing.object["detail"] as? String)?.contains("password") == true)
        }
    }

    @Test("tokens expire, are stored hashed, and can be revoked")
    func tokenLifetime() async throws {
        try await withPathwork { app, fixture, clock in
            let token = try await app.token(fixture.a.email("admin"))
            let stored = try await APIToken.query(on: app.db).all()
            #expect(stored.allSatisfy { $0.tokenHash != token && $0.tokenHash.count == 64 })
            clock.advance(minutes: 24 * 60 + 1)
            #expect(try await app.send(.GET, "/api/v1/me", token: token).status == .unauthorized)

            let second = try await app.token(fixture.a.email("admin"))
            #expect(try await app.send(.DELETE, "/api/v1/auth/token", token: second).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/me", token: second).status == .unauthorized)
        }
    }

    @Test("failed sign-ins are throttled per account with Retry-After")
    func throttling() async throws {
        try await withPathwork { app, fixture, clock in
            let email = fixture.a.email("coordinator")
            for _ in 0..<5 {
                let reply = try await app.send(.POST, "/api/v1/auth/token", json: ["email": email, "password": "wrong-password-x"])
                #expect(reply.status == .unauthorized)
            }
            let blocked = try await app.send(.POST, "/api/v1/auth/token", json: ["email": email, "password": Fixture.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
            #expect(blocked.object["code"] as? String == "auth.throttled")
            // Another account from elsewhere is not affected by this account's lock.
            #expect(try await app.send(.POST, "/api/v1/auth/token", json: ["email": fixture.a.email("admin"), "password": Fixture.password]).status == .ok)
            clock.advance(minutes: 16)
            #expect(try await app.send(.POST, "/api/v1/auth/token", json: ["email": email, "password": Fixture.password]).status == .ok)
        }
    }

    @Test("failed sign-ins are throttled per address across accounts")
    func addressThrottling() async throws {
        try await withPathwork { app, fixture, _ in
            for index in 0..<20 {
                let reply = try await app.send(.POST, "/api/v1/auth/token", json: ["email": "guess\(index)@alpha.test", "password": "wrong-password-x"])
                #expect(reply.status == .unauthorized)
            }
            let blocked = try await app.send(.POST, "/api/v1/auth/token", json: ["email": fixture.a.email("admin"), "password": Fixture.password])
            #expect(blocked.status == .tooManyRequests)
            let page = try await Browser(app: app).submit("/sign-in", form: ["email": fixture.a.email("admin"), "password": Fixture.password],
                                                          from: "/sign-in")
            #expect(page.status == .tooManyRequests)
            #expect(page.headers.first(name: .retryAfter) != nil)
            #expect(page.text.contains("Too many failed sign-ins"))
        }
    }

    @Test("an Idempotency-Key replays the first answer; a different body with it is refused")
    func idempotency() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("admin"))
            let body = ["givenName": "Ida", "familyName": "Empotent", "email": "ida@alpha.test", "roles": ["coordinator"]] as [String: any Sendable]
            let json = try JSONSerialization.data(withJSONObject: body)
            func post(_ data: Data) async throws -> Reply {
                var headers = HTTPHeaders()
                headers.add(name: "Idempotency-Key", value: "key-1")
                headers.contentType = .json
                headers.bearerAuthorization = BearerAuthorization(token: token)
                let response = try await app.testing().sendRequest(.POST, "/api/v1/people", headers: headers, body: ByteBuffer(data: data))
                return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
            }
            let first = try await post(json)
            let second = try await post(json)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(first.object["id"] as? String == second.object["id"] as? String)
            #expect(second.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await Person.query(on: app.db).filter(\.$email == "ida@alpha.test").count() == 1)

            var changed = body
            changed["givenName"] = "Other"
            let third = try await post(try JSONSerialization.data(withJSONObject: changed))
            #expect(third.status == .unprocessableEntity)
            #expect(third.object["code"] as? String == "idempotency.mismatch")
        }
    }

    @Test("a method a documented path does not serve answers 405 with Allow")
    func methodNotAllowed() async throws {
        try await withPathwork { app, _, _ in
            let reply = try await app.send(.PUT, "/api/v1/people")
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers.first(name: "Allow") == "GET, POST")
            #expect(reply.object["code"] as? String == "http.method")
            #expect(try await app.send(.TRACE, "/api/v1/me").status == .methodNotAllowed)
            #expect(try await app.send(.GET, "/api/v1/nothing-here").status == .notFound)
        }
    }

    @Test("security headers everywhere, no-store on personal data")
    func securityHeaders() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("admin"))
            for reply in [try await app.send(.GET, "/sign-in"), try await app.send(.GET, "/api/v1/people", token: token)] {
                #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
                #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("unsafe-inline") == false)
                #expect(reply.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(reply.headers.first(name: .cacheControl) == "no-store")
            }
        }
    }
}
