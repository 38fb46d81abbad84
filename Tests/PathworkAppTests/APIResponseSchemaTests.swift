import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// What the server answers is what its OpenAPI document says: every GET without a path
/// parameter, and the GETs of the records the fixture holds, answered to each role and checked
/// against the registered schema of its success.
@Suite("API answers match their schemas")
struct APIResponseSchemaTests {
    @Test("each role's GET answers validate against the document", arguments: ["admin", "coordinator", "student", "mentor", "client", "analyst"])
    func answers(who: String) async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            _ = try await BillingAPITests().approvedWork(app, s, fixture)
            let document = try await app.send(.GET, "/api/openapi.json").object
            let check = SchemaCheck(document: document)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let ids: [String: String] = ["personID": fixture.a.student.uuidString, "teamID": s.team.id.uuidString,
                                         "engagementID": s.engagement.id.uuidString, "clientID": s.plant.id.uuidString]
            let token = try await app.token(fixture.a.email(who))
            var checked = 0
            var problems: [String] = []
            for (path, operations) in paths.sorted(by: { $0.key < $1.key }) {
                guard let get = operations["get"] as? [String: Any],
                      let success = (get["responses"] as? [String: Any])?["200"] as? [String: Any],
                      let schema = ((success["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
                else { continue }
                var concrete = path
                for (name, value) in ids { concrete = concrete.replacingOccurrences(of: "{\(name)}", with: value) }
                guard !concrete.contains("{") else { continue }
                let reply = try await app.send(.GET, concrete, token: token, headers: ["Accept": "application/json"])
                guard reply.status == .ok, reply.headers.contentType?.subType == "json" else { continue }
                guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(reply.text.utf8)) else {
                    problems.append("GET \(concrete): not JSON of whole numbers, text, true/false and null")
                    continue
                }
                problems += check.problems(value, against: schema).map { "GET \(concrete): \($0)" }
                checked += 1
            }
            #expect(problems.isEmpty, "\(problems.prefix(40).joined(separator: "\n"))")
            #expect(checked >= (who == "analyst" ? 2 : 5), "only \(checked) answers checked")
        }
    }

    @Test("the check itself refuses a missing, an undeclared and a wrongly typed property, and an unknown enum value")
    func checkRefuses() throws {
        let document: [String: Any] = ["components": ["schemas": ["Entry": [
            "type": "object", "required": ["id", "status"],
            "properties": ["id": ["type": "string", "format": "uuid"], "status": ["type": "string", "enum": ["draft", "approved"]],
                           "minutes": ["type": "integer", "minimum": 0], "note": ["anyOf": [["type": "string"], ["type": "null"]]]],
        ]]]]
        let check = SchemaCheck(document: document)
        let ref: [String: Any] = ["$ref": "#/components/schemas/Entry"]
        func value(_ json: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) }
        #expect(check.problems(try value(#"{"id":"6F9619FF-8B86-D011-B42D-00C04FC964FF","status":"draft","minutes":0,"note":null}"#), against: ref).isEmpty)
        #expect(check.problems(try value(#"{"id":"x","status":"lost","minutes":-1,"extra":1,"note":3}"#), against: ref).count == 5)
        #expect(check.problems(try value(#"{"status":"draft"}"#), against: ref) == ["$.id: required but missing"])
        #expect(check.problems(try value(#"[{"status":true}]"#), against: ["type": "array", "items": ref]).count == 2)
    }
}
