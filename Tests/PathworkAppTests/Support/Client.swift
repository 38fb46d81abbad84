import Foundation
import NIOCore
@testable import PathworkApp
import Testing
import Vapor
import VaporTesting

/// A response with its body as text and JSON helpers.
struct Reply {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let text: String

    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(text.utf8))
    }

    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? [] }

    var location: String? { headers.first(name: .location) }
}

extension Application {
    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: (any Encodable)? = nil,
              headers extra: HTTPHeaders = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONEncoder().encode(json))
        }
        let response = try await testing().sendRequest(method, path, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// A bearer token for a fixture account.
    func token(_ email: String, password: String = Fixture.password) async throws -> String {
        let reply = try await send(.POST, "/api/v1/auth/token", json: ["email": email, "password": password])
        try #require(reply.status == .ok, "token for \(email): \(reply.status) \(reply.text)")
        return try reply.json(TokenResponse.self).token
    }

    /// Signs in through the sign-in form and returns a browser that carries the session.
    func browser(signedInAs email: String, password: String = Fixture.password) async throws -> Browser {
        let browser = Browser(app: self)
        let reply = try await browser.submit("/sign-in", form: ["email": email, "password": password], from: "/sign-in")
        try #require(reply.status == .seeOther, "sign-in as \(email): \(reply.status)")
        return browser
    }
}

/// Cookies and anti-forgery tokens, the way a browser carries them.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]

    init(app: Application) { self.app = app }

    func get(_ path: String) async throws -> Reply { try await send(.GET, path, body: nil) }

    /// Loads `from` to pick up its anti-forgery token, then posts the form with it.
    func submit(_ path: String, form: [String: String], from page: String, pairs: [(String, String)] = []) async throws -> Reply {
        let token = try await csrfToken(on: page)
        var fields = form.map { ($0.key, $0.value) } + pairs
        fields.append((CSRF.fieldName, token))
        return try await post(path, fields: fields)
    }

    func post(_ path: String, fields: [(String, String)]) async throws -> Reply {
        var components = URLComponents()
        components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
        let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await send(.POST, path, body: encoded)
    }

    func csrfToken(on page: String) async throws -> String {
        let reply = try await get(page)
        guard let range = reply.text.range(of: #"name="_csrf" value="([^"]*)""#, options: .regularExpression) else {
            Issue.record("no anti-forgery field on \(page) (\(reply.status))")
            return ""
        }
        return String(reply.text[range].split(separator: "\"")[3])
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> Reply {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .urlEncodedForm
            buffer = ByteBuffer(string: body)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            if value.string.isEmpty || value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = value.string }
        }
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }
}
