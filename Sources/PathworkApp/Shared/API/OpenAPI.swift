import Foundation
import Vapor

/// A JSON Schema (2020-12, as OpenAPI 3.1 uses it), just the parts Pathwork's API needs.
indirect enum Schema: Encodable, Sendable {
    case string(format: String? = nil, description: String? = nil)
    case integer(description: String? = nil)
    case boolean
    case enumeration([String])
    case array(Schema)
    case object([(String, Schema)], required: [String])
    case nullable(Schema)
    case ref(String)
    case null
    /// A string with length bounds, for what validation would refuse when empty or huge.
    case text(minLength: Int, maxLength: Int)
    /// An integer with the range the server accepts.
    case bounded(minimum: Int, maximum: Int)
    /// A string the server reads by a pattern (ECMA 262, as JSON Schema uses).
    case pattern(String)
    /// Text a person writes: at least one visible character (the server trims), at most `maxLength`.
    case words(maxLength: Int)
    /// An array with bounds on its length.
    case list(Schema, minItems: Int, maxItems: Int)
    /// One of a few whole numbers.
    case integerChoice([Int])
    /// An object whose keys the client chooses, each value of one schema.
    case dictionary(Schema)

    private enum Key: String, CodingKey {
        case type, format, description, items, properties, required, `enum`, additionalProperties, anyOf, minLength, maxLength
        case minimum, maximum, pattern, minItems, maxItems
        case ref = "$ref"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .string(let format, let description):
            try c.encode("string", forKey: .type)
            try c.encodeIfPresent(format, forKey: .format)
            try c.encodeIfPresent(description, forKey: .description)
        case .integer(let description):
            try c.encode("integer", forKey: .type)
            try c.encodeIfPresent(description, forKey: .description)
        case .boolean:
            try c.encode("boolean", forKey: .type)
        case .enumeration(let values):
            try c.encode("string", forKey: .type)
            try c.encode(values, forKey: .enum)
        case .array(let items):
            try c.encode("array", forKey: .type)
            try c.encode(items, forKey: .items)
        case .object(let properties, let required):
            try c.encode("object", forKey: .type)
            var props = c.nestedContainer(keyedBy: AnyKey.self, forKey: .properties)
            for (name, schema) in properties { try props.encode(schema, forKey: AnyKey(name)) }
            if !required.isEmpty { try c.encode(required, forKey: .required) }
        case .nullable(let schema):
            try c.encode([schema, Schema.null], forKey: .anyOf)
        case .null:
            try c.encode("null", forKey: .type)
        case .text(let minLength, let maxLength):
            try c.encode("string", forKey: .type)
            try c.encode(minLength, forKey: .minLength)
            try c.encode(maxLength, forKey: .maxLength)
        case .bounded(let minimum, let maximum):
            try c.encode("integer", forKey: .type)
            try c.encode(minimum, forKey: .minimum)
            try c.encode(maximum, forKey: .maximum)
        case .pattern(let pattern):
            try c.encode("string", forKey: .type)
            try c.encode(pattern, forKey: .pattern)
        case .words(let maxLength):
            try c.encode("string", forKey: .type)
            try c.encode(1, forKey: .minLength)
            try c.encode(maxLength, forKey: .maxLength)
            try c.encode("\\S", forKey: .pattern)
        case .list(let items, let minItems, let maxItems):
            try c.encode("array", forKey: .type)
            try c.encode(items, forKey: .items)
            try c.encode(minItems, forKey: .minItems)
            try c.encode(maxItems, forKey: .maxItems)
        case .integerChoice(let values):
            try c.encode("integer", forKey: .type)
            try c.encode(values, forKey: .enum)
        case .dictionary(let values):
            try c.encode("object", forKey: .type)
            try c.encode(values, forKey: .additionalProperties)
        case .ref(let name):
            try c.encode("#/components/schemas/\(name)", forKey: .ref)
        }
    }
}

extension Schema {
    /// The same choices, or "" for none (a field a form may clear).
    var orBlank: Schema {
        if case .enumeration(let values) = self { return .enumeration(values + [""]) }
        return self
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One documented API operation. Handlers are registered together with their description,
/// so the document cannot forget a route (a test compares the two).
struct APIOperation: Sendable {
    var method: HTTPMethod
    var path: [PathComponent]
    var summary: String
    var tag: String
    var query: [QueryParameter] = []
    var body: Schema?
    var response: Schema?
    var success: HTTPResponseStatus = .ok
    var isPublic = false
    var produces = "application/json"
    /// Other media types the success answers in, chosen by the request's Accept header.
    var alsoProduces: [(type: String, schema: Schema)] = []
    var consumes = "application/json"
    /// Rules the body must keep that JSON Schema cannot state, each with the problem `code` of
    /// its 422 (a `*` suffix covers a family, such as `labor.*`). Documented as the operation's
    /// 422 answer and in `x-pathwork-rules`, which the API fuzzing reads (scripts/fuzz).
    var rules: [OperationRule] = []

    var openAPIPath: String {
        "/" + path.map {
            switch $0 {
            case .parameter(let name): "{\(name)}"
            default: $0.description
            }
        }.joined(separator: "/")
    }
}

struct OperationRule: Sendable {
    var code = "validation.rule"
    var says: String

    static func rule(_ says: String) -> OperationRule { OperationRule(says: says) }
}

final class APIRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var operations: [APIOperation] = []
    private var schemas: [(String, Schema)] = []

    func add(_ operation: APIOperation) { lock.withLock { operations.append(operation) } }
    private var schemaByName: [String: Schema] = [:]

    func define(_ name: String, _ schema: Schema) { lock.withLock { schemas.append((name, schema)); schemaByName[name] = schema } }
    /// The named schemas, for `$ref`s in request bodies.
    var components: [String: Schema] { lock.withLock { schemaByName } }
    var all: [APIOperation] { lock.withLock { operations } }

    /// Answers 405 with an `Allow` header, rather than 404, for a method a documented path
    /// does not serve. These routes are marked so the contract test can tell them apart.
    func registerMethodNotAllowed(on routes: any RoutesBuilder) {
        let byPath = Dictionary(grouping: all, by: \.openAPIPath)
        // QUERY (the safe method with a body, draft-ietf-httpbis-safe-method-w-body) too: fuzzers try it.
        let methods: [HTTPMethod] = [.GET, .POST, .PUT, .PATCH, .DELETE, .OPTIONS, .TRACE, .RAW(value: "QUERY")]
        for operations in byPath.values {
            let allowed = operations.map(\.method)
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in methods where !allowed.contains(method) {
                let route = routes.on(method, operations[0].path) { _ -> Response in
                    throw PathworkError(status: .methodNotAllowed, code: "http.method",
                                        reason: "This address answers \(allow).", headers: ["Allow": allow])
                }
                route.userInfo[Self.methodNotAllowedKey] = true
            }
        }
    }

    static let methodNotAllowedKey = AnySendableHashable("pathwork.methodNotAllowed")

    /// The OpenAPI 3.1 document.
    func document() -> [String: AnyEncodable] {
        let (operations, schemas) = lock.withLock { (self.operations, self.schemas) }
        var paths: [String: [String: AnyEncodable]] = [:]
        for op in operations {
            var responses: [String: AnyEncodable] = [
                String(op.success.code): AnyEncodable(response(op.success.reasonPhrase, op.response, type: op.produces, also: op.alsoProduces)),
                "default": AnyEncodable(response("Problem", .ref("Problem"), type: "application/problem+json")),
            ]
            if !op.rules.isEmpty {
                responses["422"] = AnyEncodable(response("Refused by a rule the schema cannot state: "
                    + op.rules.map(\.says).joined(separator: "; "), .ref("Problem"), type: "application/problem+json"))
            }
            if !op.isPublic { responses["401"] = AnyEncodable(response("No valid token", .ref("Problem"), type: "application/problem+json")) }
            var operation: [String: AnyEncodable] = [
                "summary": AnyEncodable(op.summary), "tags": AnyEncodable([op.tag]),
                "operationId": AnyEncodable(op.method.rawValue.lowercased() + op.openAPIPath.replacingOccurrences(of: "/", with: "_")),
                "responses": AnyEncodable(responses),
            ]
            var parameters: [[String: AnyEncodable]] = op.path.compactMap {
                guard case .parameter(let name) = $0 else { return nil }
                return ["name": AnyEncodable(name), "in": AnyEncodable("path"), "required": AnyEncodable(true),
                        "schema": AnyEncodable(Schema.string(format: "uuid"))]
            }
            parameters += op.query.map {
                ["name": AnyEncodable($0.name), "in": AnyEncodable("query"), "required": AnyEncodable(false),
                 "description": AnyEncodable($0.description), "schema": AnyEncodable($0.schema)]
            }
            if op.method == .POST {
                parameters.append(["name": AnyEncodable("Idempotency-Key"), "in": AnyEncodable("header"),
                                   "required": AnyEncodable(false),
                                   "schema": AnyEncodable(Schema.text(minLength: 1, maxLength: 255))])
            }
            if !parameters.isEmpty { operation["parameters"] = AnyEncodable(parameters) }
            if let body = op.body {
                operation["requestBody"] = AnyEncodable([
                    "required": AnyEncodable(op.bodyRequired),
                    "content": AnyEncodable([op.consumes: ["schema": body]]),
                ])
            }
            if !op.rules.isEmpty {
                operation["x-pathwork-rules"] = AnyEncodable(op.rules.map { ["code": $0.code, "says": $0.says] })
            }
            if op.isPublic { operation["security"] = AnyEncodable([[String: [String]]]()) }
            paths[op.openAPIPath, default: [:]][op.method.rawValue.lowercased()] = AnyEncodable(operation)
        }
        var components: [String: Schema] = [:]
        for (name, schema) in schemas { components[name] = schema }
        return [
            "openapi": AnyEncodable("3.1.0"),
            "info": AnyEncodable(["title": "Pathwork API", "version": "1"]),
            "paths": AnyEncodable(paths),
            "components": AnyEncodable([
                "schemas": AnyEncodable(components),
                "securitySchemes": AnyEncodable(["bearer": ["type": "http", "scheme": "bearer"]]),
            ]),
            "security": AnyEncodable([["bearer": [String]()]]),
            // Rules of every operation: an id in a body must name a record of the caller's district.
            "x-pathwork-rules": AnyEncodable([["code": "reference.missing",
                                               "says": "an id in the body names a record of the caller's district, of the kind the field wants"]]),
        ]
    }

    private func response(_ description: String, _ schema: Schema?, type: String,
                          also: [(type: String, schema: Schema)] = []) -> [String: AnyEncodable] {
        var result: [String: AnyEncodable] = ["description": AnyEncodable(description)]
        if let schema {
            var content = [type: ["schema": schema]]
            for other in also { content[other.type] = ["schema": other.schema] }
            result["content"] = AnyEncodable(content)
        }
        return result
    }
}

struct AnyEncodable: Encodable, @unchecked Sendable {
    private let encodeValue: (any Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode(to:) }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

extension Application {
    private struct RegistryKey: StorageKey { typealias Value = APIRegistry }

    var api: APIRegistry {
        if let registry = storage[RegistryKey.self] { return registry }
        let registry = APIRegistry()
        storage[RegistryKey.self] = registry
        return registry
    }
}

extension RoutesBuilder {
    /// Registers an API handler and its OpenAPI description in one step. Paths are relative to
    /// `/api/v1`, where this builder must be grouped.
    @discardableResult
    func endpoint<R: AsyncResponseEncodable>(_ operation: APIOperation, registry: APIRegistry,
                                             use handler: @escaping @Sendable (Request) async throws -> R) -> Route {
        var documented = operation
        documented.path = ["api", "v1"] + operation.path
        registry.add(documented)
        let checked = documented
        let declared = operation.query
        let consumes = operation.body == nil ? nil : operation.consumes
        return on(operation.method, operation.path) { req async throws -> R in
            if let consumes, let sent = req.headers.contentType, req.body.data?.readableBytes ?? 0 > 0,
               "\(sent.type)/\(sent.subType)".lowercased() != consumes {
                throw PathworkError(status: .unsupportedMediaType, code: "request.media-type", reason: "Send the body as \(consumes).")
            }
            let problems = QueryParameter.problems(in: req.url, declared: declared)
            if !problems.isEmpty {
                throw PathworkError(status: .badRequest, code: "query.invalid",
                                    reason: problems.map { "\($0.field): \($0.message)" }.joined(separator: " "), fieldErrors: problems)
            }
            req.checkedBody = checked.checkBody(req, components: registry.components)
            return try await handler(req)
        }
    }
}
