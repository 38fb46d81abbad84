import Crypto
import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The first answer to a POST sent with an `Idempotency-Key`, replayed to retries.
final class IdempotencyRecord: Model, @unchecked Sendable {
    static let schema = "idempotency_records"

    @ID(key: .id) var id: UUID?
    /// The caller's person id, or `anonymous` for the token route.
    @Field(key: "caller") var caller: String
    @Field(key: "key") var key: String
    @Field(key: "request_hash") var requestHash: String
    @Field(key: "status") var status: Int
    @Field(key: "content_type") var contentType: String
    @Field(key: "body") var body: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Makes API POSTs safe to retry: the same key and body replay the first answer; the same
/// key with a different body is refused with 422. Server errors are not kept, so a retry
/// after one runs again.
struct IdempotencyMiddleware: AsyncMiddleware {
    static let header = "Idempotency-Key"

    /// JSON bodies are compared by content, not bytes: a client that re-encodes the same
    /// object with its keys in another order is still retrying the same request.
    static func canonical(_ body: Data) -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) else { return body }
        return data
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, let key = request.headers.first(name: Self.header) else {
            return try await next.respond(to: request)
        }
        // Counted in code points, as the document's maxLength counts.
        guard (1...255).contains(key.unicodeScalars.count) else {
            throw PathworkError(status: .badRequest, code: "idempotency.key", reason: "Idempotency-Key must be 1 to 255 characters.")
        }
        let body = try await request.body.collect(max: request.bodyLimit).get()
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.url.path)\n".utf8))
        if let body { hasher.update(data: Self.canonical(Data(buffer: body))) }
        let requestHash = hasher.finalize().lowercaseHex
        let caller = request.auth.get(Viewer.self)?.personID.uuidString ?? "anonymous"
        // Two copies of one request racing (a double tap) run one after the other, so the
        // second finds the first's answer instead of running the handler again.
        return try await Self.inFlight.run(key: caller + "\n" + key) {
            try await respond(to: request, next: next, caller: caller, key: key, requestHash: requestHash)
        }
    }

    private static let inFlight = KeyedGate()

    private func respond(to request: Request, next: any AsyncResponder, caller: String, key: String, requestHash: String) async throws -> Response {

        if let first = try await IdempotencyRecord.query(on: request.db)
            .filter(\.$caller == caller).filter(\.$key == key).first() {
            guard first.requestHash == requestHash else {
                throw PathworkError(status: .unprocessableEntity, code: "idempotency.mismatch",
                                    reason: "This Idempotency-Key was used before with a different request.")
            }
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: first.contentType)
            headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            return Response(status: HTTPResponseStatus(statusCode: first.status), headers: headers, body: .init(data: first.body))
        }

        let response = try await next.respond(to: request)
        if response.status.code < 500, let data = response.body.data {
            let record = IdempotencyRecord()
            record.caller = caller
            record.key = key
            record.requestHash = requestHash
            record.status = Int(response.status.code)
            record.contentType = response.headers.first(name: .contentType) ?? "application/json"
            record.body = data
            record.createdAt = request.now
            // A concurrent first try with the same key may have stored its answer already.
            try? await record.create(on: request.db)
        }
        return response
    }
}

/// Runs work for one key at a time; different keys run freely.
actor KeyedGate {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func run<T: Sendable>(key: String, _ body: @Sendable () async throws -> T) async throws -> T {
        if waiting[key] != nil {
            await withCheckedContinuation { waiting[key, default: []].append($0) }
        } else {
            waiting[key] = []
        }
        defer {
            if var queue = waiting[key], !queue.isEmpty {
                queue.removeFirst().resume()
                waiting[key] = queue
            } else {
                waiting[key] = nil
            }
        }
        return try await body()
    }
}
