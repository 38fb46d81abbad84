import Crypto
import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The district's signing keys: created on first use, rotated on request. The private key is
/// a file (mode 0600, in a 0700 folder) under PATHWORK_DATA/keys/<district>/, written before
/// its row commits — a file without a row is harmless, a row without its file could not sign.
enum SigningKeys {
    enum Failure: Error, CustomStringConvertible {
        case missingPrivateKey(path: String)
        var description: String {
            switch self {
            case .missingPrivateKey(let path): "The signing key file \(path) is missing; rotate the district's key to make a new one."
            }
        }
    }

    static func folder(district: UUID, dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys").appendingPathComponent(district.uuidString.lowercased())
    }

    static func file(for key: SigningKey, dataDirectory: String) throws -> URL {
        folder(district: key.districtID, dataDirectory: dataDirectory).appendingPathComponent("\(try key.requireID().uuidString.lowercased()).ed25519")
    }

    /// The key that signs now, made inside the caller's change when the district has none yet.
    static func active(tenant: Tenant, audit: AuditRecorder, services: PathworkServices, now: Date) async throws -> (SigningKey, Curve25519.Signing.PrivateKey) {
        if let key = try await tenant.query(SigningKey.self).filter(\.$retiredAt == nil).sort(\.$createdAt, .descending).first() {
            let raw = try await services.signingKeys.privateKey(for: key, dataDirectory: services.config.dataDirectory)
            return (key, try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
        }
        return try await create(tenant: tenant, audit: audit, services: services, now: now)
    }

    /// Retires the signing key (it keeps verifying what it signed) and makes a new one.
    static func rotate(tenant: Tenant, audit: AuditRecorder, services: PathworkServices, now: Date) async throws -> SigningKey {
        for key in try await tenant.query(SigningKey.self).filter(\.$retiredAt == nil).all() {
            key.retiredAt = now
            try await key.update(on: tenant.db)
            audit.record("retire", "signingKey", id: key.id, before: nil as String?, after: ["publicKeyMultibase": key.publicKeyMultibase])
        }
        return try await create(tenant: tenant, audit: audit, services: services, now: now).0
    }

    private static func create(tenant: Tenant, audit: AuditRecorder, services: PathworkServices, now: Date) async throws -> (SigningKey, Curve25519.Signing.PrivateKey) {
        let privateKey = Curve25519.Signing.PrivateKey()
        let key = SigningKey()
        key.id = UUID()
        key.districtID = tenant.districtID
        key.publicKeyMultibase = Multibase.ed25519PublicKey(Array(privateKey.publicKey.rawRepresentation))
        key.createdAt = now
        let url = try file(for: key, dataDirectory: services.config.dataDirectory)
        let manager = FileManager.default
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard manager.createFile(atPath: url.path, contents: privateKey.rawRepresentation, attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "Could not write the signing key under \(services.config.dataDirectory)/keys.")
        }
        try await key.create(on: tenant.db)
        audit.created("signingKey", id: key.id, ["publicKeyMultibase": key.publicKeyMultibase])
        await services.signingKeys.remember(privateKey.rawRepresentation, for: try key.requireID())
        return (key, privateKey)
    }
}

/// Private keys (their raw 32 bytes) read once from their files and kept in memory.
actor SigningKeyCache {
    private var keys: [UUID: Data] = [:]

    func remember(_ raw: Data, for id: UUID) { keys[id] = raw }

    func privateKey(for key: SigningKey, dataDirectory: String) throws -> Data {
        if let known = keys[try key.requireID()] { return known }
        let url = try SigningKeys.file(for: key, dataDirectory: dataDirectory)
        guard let raw = FileManager.default.contents(atPath: url.path) else { throw SigningKeys.Failure.missingPrivateKey(path: url.path) }
        keys[try key.requireID()] = raw
        return raw
    }
}
