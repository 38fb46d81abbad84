import Foundation
import Vapor

/// A JSON Schema (2020-12, as OpenAPI 3.1 uses it), just the parts Pathwork's API needs.
indirect enum Schema: Sendable {
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
}

extension Schema {
    /// The same choices, or "" for none (a field a form may clear).
    var orBlank: Schema {
        if case .enumeration(let values) = self { return .enumeration(values + [""]) }
        return self
    }
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

    func add(_ operation: APIOperation) { lock.withLock { operations.append(operation) } }
    private var schemaByName: [String: Schema] = [:]

    func define(_ name: String, _ schema: Schema) { lock.withLock { schemaByName[name] = schema } }
    /// The named schemas, for `$ref`s.
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
