import Foundation
import OpenAPIKit
@testable import PathworkApp
import Testing
import Vapor

/// The document served at /api/openapi.json is OpenAPI 3.1 as OpenAPIKit reads it, and passes
/// the library's validation: its defaults (unique operation ids and parameters, every `$ref`
/// found) and the checks a generated document can get wrong (path parameters declared, bounds
/// that admit a value, a response on every operation), with warnings counted as errors.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static func validator() -> OpenAPIKit.Validator {
        OpenAPIKit.Validator().validating(\.pathParametersAreDefined, \.operationsContainResponses,
                                          \.jsonSchemaNumericBoundIsValid, \.jsonSchemaStringLengthBoundIsValid,
                                          \.jsonSchemaArrayLengthBoundIsValid)
    }

    @Test("the served document reads back and validates")
    func servedDocumentValidates() async throws {
        try await withPathwork { app, _, _ in
            let reply = try await app.send(.GET, "/api/openapi.json")
            #expect(reply.status == .ok)
            let document = try JSONDecoder().decode(OpenAPI.Document.self, from: Data(reply.text.utf8))
            #expect(document.openAPIVersion == .v3_1_0)
            let warnings = try document.validate(using: Self.validator(), strict: true)
            #expect(warnings.isEmpty, "\(warnings)")
            let operations = document.paths.values.compactMap(\.pathItemValue).flatMap(\.endpoints)
            #expect(operations.count == app.api.all.count)
            // The document-wide rules the fuzzing hooks read.
            let rules = try JSONDecoder().decode([[String: String]].self, from: JSONEncoder().encode(document.vendorExtensions["x-pathwork-rules"]))
            #expect(Set(rules.compactMap { $0["code"] }) == ["reference.missing", "idempotency.mismatch"])
        }
    }

    @Test("validation catches a reference to no schema and a path parameter left undeclared")
    func validationCatchesMistakes() throws {
        let registry = APIRegistry()
        registry.define("Problem", .object([("code", .string())], required: ["code"]))
        registry.add(APIOperation(method: .POST, path: ["api", "v1", "things"], summary: "Make a thing", tag: "things",
                                  body: .ref("Thing")))
        #expect(throws: (any Error).self) { try registry.openAPIDocument().validate(using: Self.validator()) }
        registry.define("Thing", .object([("name", .words(maxLength: 80))], required: ["name"]))
        #expect(throws: Never.self) { try registry.openAPIDocument().validate(using: Self.validator()) }

        var document = registry.openAPIDocument()
        document.paths["/api/v1/things/{thingID}"] = .init(OpenAPI.PathItem(get: OpenAPI.Operation(responses: [.status(code: 200): .b(.init(description: "OK"))])))
        #expect(throws: (any Error).self) { try document.validate(using: Self.validator()) }
    }

    @Test("a query parameter's documented pattern admits exactly the values its operation accepts (the outcome reports' scopes)")
    func patternsAgreeWithTheirChecks() async throws {
        try await withPathwork { app, _, _ in
            let id = UUID().uuidString
            let candidates = ["district", "school:\(id)", "program:\(id)", "team:\(id)", "network:\(id)", "state:\(id)", "school:1", "District", ""]
            var checked = 0
            for operation in app.api.all {
                for parameter in operation.query {
                    guard case .pattern(let pattern) = parameter.schema else { continue }
                    let regex = try Regex(pattern)
                    for value in candidates {
                        let documented = (try? regex.wholeMatch(in: value)) != nil
                        #expect(documented == (parameter.problem(value) == nil), "\(operation.path) \(parameter.name)=\(value)")
                    }
                    checked += 1
                }
            }
            #expect(checked >= 4)
        }
    }
}
