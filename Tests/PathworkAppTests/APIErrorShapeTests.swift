import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// Every 4xx under /api/ is problem+json with a stable code, and names the field or parameter
/// at fault: bodies that do not decode, enums with their allowed values, conflicts as 409.
@Suite("API error shape")
struct APIErrorShapeTests {
    func errors(_ reply: Reply) -> [(field: String, message: String)] {
        (reply.object["errors"] as? [[String: Any]] ?? []).map { ($0["field"] as? String ?? "", $0["message"] as? String ?? "") }
    }

    @Test("a body that does not decode is a 422 naming the field; an unknown enum value lists the allowed ones")
    func decoding() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let enumValue = try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "napping"])
            #expect(enumValue.status == .unprocessableEntity && enumValue.object["code"] as? String == "validation", "\(enumValue.text)")
            #expect(enumValue.headers.contentType?.description == "application/problem+json")
            #expect(errors(enumValue).first?.field == "activity" && errors(enumValue).first?.message.contains("training") == true)
            let admin = try await app.token(fixture.a.email("admin"))
            let role = try await app.send(.POST, "/api/v1/people", token: admin,
                                          json: ["givenName": "A", "familyName": "B", "email": "ab@alpha.test", "roles": ["coordinator", "wizard"]] as [String: AnyCodable])
            #expect(role.status == .unprocessableEntity && errors(role).first?.field == "roles[1]" && errors(role).first?.message.contains("counselor") == true)
            let wrongType = try await app.send(.POST, "/api/v1/time-entries", token: s.coordinator,
                                               json: ["studentId": AnyCodable(fixture.a.student.uuidString), "startsAt": AnyCodable(12)])
            #expect(wrongType.status == .unprocessableEntity && errors(wrongType).first?.field == "startsAt")
            let badID = try await app.send(.POST, "/api/v1/time-entries", token: s.coordinator, json: ["studentId": "nobody"])
            #expect(badID.status == .unprocessableEntity && errors(badID).first?.field == "studentId" && errors(badID).first?.message.contains("UUID") == true)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: admin)
            headers.contentType = .json
            let notJSON = try await app.testing().sendRequest(.POST, "/api/v1/clients", headers: headers, body: ByteBuffer(string: "{name:"))
            let notJSONReply = Reply(status: notJSON.status, headers: notJSON.headers, text: String(buffer: notJSON.body))
            #expect(notJSONReply.status == .unprocessableEntity && errors(notJSONReply).first?.field == "body")
        }
    }

    @Test("every other 4xx has a code too: unknown address, wrong method with Allow, wrong media type, and a taken name is 409")
    func codes() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.token(fixture.a.email("admin"))
            let missing = try await app.send(.GET, "/api/v1/no-such-thing", token: admin)
            #expect(missing.status == .notFound && missing.object["code"] as? String == "not-found")
            let method = try await app.send(.DELETE, "/api/v1/me", token: admin)
            #expect(method.status == .methodNotAllowed && method.headers.first(name: .allow) == "GET" && method.object["code"] as? String == "http.method")
            let query = try await app.send(.RAW(value: "QUERY"), "/api/v1/me", token: admin)
            #expect(query.status == .methodNotAllowed && query.headers.first(name: .allow) == "GET")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: admin)
            headers.contentType = .plainText
            let media = try await app.testing().sendRequest(.POST, "/api/v1/clients", headers: headers, body: ByteBuffer(string: "name=x"))
            #expect(media.status == .unsupportedMediaType && String(buffer: media.body).contains(#""code":"request.media-type""#), "\(media.status) \(String(buffer: media.body))")
            #expect(try await app.send(.POST, "/api/v1/clients", token: admin, json: ["name": "Valley Water"]).status == .created)
            let taken = try await app.send(.POST, "/api/v1/clients", token: admin, json: ["name": "Valley Water"])
            #expect(taken.status == .conflict && taken.object["code"] as? String == "conflict.duplicate" && errors(taken).first?.field == "name")
            let unauthenticated = try await app.send(.GET, "/api/v1/me")
            #expect(unauthenticated.status == .unauthorized && unauthenticated.object["code"] as? String != nil)
        }
    }
    @Test("the document is what the server enforces: a body it refuses is 422 before any handler, after the caller's rights; rules it cannot state are listed and answer validation.rule; unknown records 404")
    func bodyAgainstDocument() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let tooMany = try await app.send(.POST, "/api/v1/teams", token: coordinator, json: ["name": AnyCodable("Big"), "discipline": AnyCodable("x"), "capacity": AnyCodable(501)])
            #expect(tooMany.status == .unprocessableEntity && errors(tooMany).first?.field == "capacity", "\(tooMany.text)")
            #expect((tooMany.object["detail"] as? String)?.hasPrefix("capacity:") == true)
            let nulled = try await app.send(.POST, "/api/v1/teams", token: coordinator, json: ["name": AnyCodable("Nulls"), "discipline": AnyCodable("x"), "capacity": AnyCodable(nil as Int?)])
            #expect(nulled.status == .unprocessableEntity && errors(nulled).first?.field == "capacity")
            let blank = try await app.send(.POST, "/api/v1/teams", token: coordinator, json: ["name": "\u{1C} \n", "discipline": "x"])
            #expect(blank.status == .unprocessableEntity && errors(blank).first?.field == "name")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: coordinator)
            headers.contentType = .json
            let raw = try await app.testing().sendRequest(.POST, "/api/v1/engagements", headers: headers, body: ByteBuffer(string: " \u{18}"))
            let notJSON = Reply(status: raw.status, headers: raw.headers, text: String(buffer: raw.body))
            #expect(notJSON.status == .unprocessableEntity && errors(notJSON).first?.field == "body", "\(notJSON.text)")
            // A student may not create teams: the refusal of the role comes before the body's.
            let student = try await app.token(fixture.a.email("student"))
            #expect(try await app.send(.POST, "/api/v1/teams", token: student, json: ["capacity": 0]).status == .forbidden)
            let period = try await app.send(.POST, "/api/v1/pay-periods", token: try await app.token(fixture.a.email("admin")),
                                            json: ["startsOn": "2026-11-10", "endsOn": "2026-11-01"])
            #expect(period.status == .unprocessableEntity && period.object["code"] as? String == "validation.rule" && errors(period).first?.field == "endsOn")
            let missing = try await app.send(.POST, "/api/v1/teams/\(UUID())/roles", token: coordinator, json: ["name": "Pilot"])
            #expect(missing.status == .notFound)
            let document = try await app.send(.GET, "/api/openapi.json").object
            let payPeriods = ((document["paths"] as? [String: Any])?["/api/v1/pay-periods"] as? [String: Any])?["post"] as? [String: Any]
            let rules = payPeriods?["x-pathwork-rules"] as? [[String: String]] ?? []
            #expect(rules.first?["code"] == "validation.rule" && (payPeriods?["responses"] as? [String: Any])?["422"] != nil)
        }
    }

}

/// A JSON value of any shape, for bodies whose fields differ in type.
struct AnyCodable: Encodable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    let encodeValue: @Sendable (any Encoder) throws -> Void
    init<T: Encodable & Sendable>(_ value: T) { encodeValue = { try value.encode(to: $0) } }
    init(stringLiteral value: String) { self.init(value) }
    init(arrayLiteral elements: String...) { self.init(elements) }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}
