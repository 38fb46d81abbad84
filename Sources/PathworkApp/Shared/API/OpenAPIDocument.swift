import Foundation
import OpenAPIKit
import Vapor

/// The OpenAPI 3.1 document, built with OpenAPIKit's types from the registered operations.
/// `Schema` stays the vocabulary the operations are written in, because the server enforces it
/// too (BodyValidation); here each one becomes OpenAPIKit's `JSONSchema`, so the document's
/// shape, ordering and references are the library's, and a test runs its validation.
extension APIRegistry {
    static let version = OpenAPI.Document.Version.v3_1_0

    /// Rules no schema can state that hold for every operation: they span records or requests.
    static let rulesOfEveryOperation = [
        OperationRule(code: "reference.missing", says: "an id in the body names a record of the caller's district, of the kind the field wants"),
        OperationRule(code: "idempotency.mismatch", says: "an Idempotency-Key is sent again only with the same request"),
    ]

    func openAPIDocument() -> OpenAPI.Document {
        var paths: OpenAPI.PathItem.Map = [:]
        for op in all {
            let path = OpenAPI.Path(rawValue: op.openAPIPath)
            var item = paths[path]?.pathItemValue ?? OpenAPI.PathItem()
            item.set(operation: op.openAPIOperation, for: OpenAPI.HttpMethod(rawValue: op.method.rawValue) ?? .get)
            paths[path] = .init(item)
        }
        var schemas: OpenAPI.ComponentDictionary<JSONSchema> = [:]
        for (name, schema) in components.sorted(by: { $0.0 < $1.0 }) { schemas[.init(stringLiteral: name)] = schema.jsonSchema() }
        let bearer = OpenAPI.ComponentKey(stringLiteral: "bearer")
        return OpenAPI.Document(
            openAPIVersion: Self.version,
            info: .init(title: "Pathwork API", version: "1"),
            servers: [],
            paths: paths,
            components: .init(schemas: schemas, securitySchemes: [bearer: .b(.http(scheme: "bearer"))]),
            security: [[.component(named: "bearer"): []]],
            vendorExtensions: ["x-pathwork-rules": AnyCodable(Self.rulesOfEveryOperation.map(\.extensionValue))]
        )
    }
}

private extension APIOperation {
    var openAPIOperation: OpenAPI.Operation {
        let problem = Schema.ref("Problem")
        var responses: OpenAPI.Response.Map = [
            .status(code: Int(success.code)): .b(Self.response(success.reasonPhrase, response, type: produces, also: alsoProduces)),
        ]
        if !rules.isEmpty {
            responses[.status(code: 422)] = .b(Self.response("Refused by a rule the schema cannot state: "
                + rules.map(\.says).joined(separator: "; "), problem, type: "application/problem+json"))
        }
        if !isPublic { responses[.status(code: 401)] = .b(Self.response("No valid token", problem, type: "application/problem+json")) }
        responses[.default] = .b(Self.response("Problem", problem, type: "application/problem+json"))

        var parameters: OpenAPI.Parameter.Array = path.compactMap {
            guard case .parameter(let name) = $0 else { return nil }
            return .b(.path(name: name, schema: Schema.string(format: "uuid").jsonSchema()))
        }
        parameters += query.map { .b(.query(name: $0.name, required: false, schema: $0.schema.jsonSchema(), description: $0.description)) }
        if method == .POST {
            parameters.append(.b(.header(name: "Idempotency-Key", required: false, schema: Schema.text(minLength: 1, maxLength: 255).jsonSchema())))
        }
        let requestBody = body.map {
            OpenAPI.Request(content: [Self.contentType(consumes): .b(.init(schema: $0.jsonSchema()))], required: bodyRequired)
        }
        return OpenAPI.Operation(
            tags: [tag], summary: summary,
            operationId: method.rawValue.lowercased() + openAPIPath.replacingOccurrences(of: "/", with: "_"),
            parameters: parameters, requestBody: requestBody, responses: responses,
            security: isPublic ? [] : nil,
            vendorExtensions: rules.isEmpty ? [:] : ["x-pathwork-rules": AnyCodable(rules.map(\.extensionValue))]
        )
    }

    static func response(_ description: String, _ schema: Schema?, type: String,
                         also: [(type: String, schema: Schema)] = []) -> OpenAPI.Response {
        guard let schema else { return OpenAPI.Response(description: description) }
        var content: OpenAPI.Content.Map = [contentType(type): .b(.init(schema: schema.jsonSchema()))]
        for other in also { content[contentType(other.type)] = .b(.init(schema: other.schema.jsonSchema())) }
        return OpenAPI.Response(description: description, content: content)
    }

    static func contentType(_ name: String) -> OpenAPI.ContentType {
        OpenAPI.ContentType(rawValue: name) ?? .other(name)
    }
}

extension OperationRule {
    var extensionValue: [String: String] { ["code": code, "says": says] }
}

extension Schema {
    /// This schema in OpenAPIKit's terms. `required` says whether it must be present where it
    /// is an object's property: OpenAPIKit keeps requiredness on the property's schema.
    func jsonSchema(required: Bool = true) -> JSONSchema {
        switch self {
        case .string(let format, let description):
            return .string(format: format.map { JSONTypeFormat.StringFormat(rawValue: $0) } ?? .unspecified,
                           required: required, description: description)
        case .integer(let description):
            return .integer(required: required, description: description)
        case .boolean:
            return .boolean(required: required)
        case .enumeration(let values):
            return .string(required: required, allowedValues: values.map { AnyCodable($0) })
        case .array(let items):
            return .array(required: required, items: items.jsonSchema())
        case .object(let properties, let requiredNames):
            var members: OrderedDictionary<String, JSONSchema> = [:]
            for (name, schema) in properties { members[name] = schema.jsonSchema(required: requiredNames.contains(name)) }
            return .object(required: required, properties: members)
        case .nullable(let schema):
            // anyOf with null rather than a type list: `enum`s and `$ref`s then take null too.
            return .any(of: [schema.jsonSchema(), .null()], core: .init(required: required))
        case .null:
            return .null(.init(required: required, nullable: true))
        case .text(let minLength, let maxLength):
            return .string(required: required, minLength: minLength, maxLength: maxLength)
        case .bounded(let minimum, let maximum):
            return .integer(required: required, maximum: (maximum, exclusive: false), minimum: (minimum, exclusive: false))
        case .pattern(let pattern):
            return .string(required: required, pattern: pattern)
        case .words(let maxLength):
            return .string(required: required, minLength: 1, maxLength: maxLength, pattern: "\\S")
        case .list(let items, let minItems, let maxItems):
            return .array(required: required, minItems: minItems, maxItems: maxItems, items: items.jsonSchema())
        case .integerChoice(let values):
            return .integer(required: required, allowedValues: values.map { AnyCodable($0) })
        case .dictionary(let values):
            return .object(required: required, additionalProperties: .b(values.jsonSchema()))
        case .ref(let name):
            return .reference(.component(named: name), required: required)
        }
    }
}
