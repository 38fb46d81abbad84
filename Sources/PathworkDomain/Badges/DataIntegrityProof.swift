import Crypto
import Foundation

/// W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (VC Data Integrity EdDSA
/// Cryptosuites v1.0, section 3.3): the credential and the proof's options are each
/// canonicalized with JCS and hashed with SHA-256; Ed25519 signs proof hash ‖ document hash.
/// Chosen over VC-JOSE so the signed credential stays one JSON document a verifier can read.
public enum DataIntegrityProof {
    public static let cryptosuite = "eddsa-jcs-2022"

    public enum Failure: Error, Equatable, Sendable {
        case notAnObject, missingProof, unsupportedProof, contextMismatch, badProofValue, badSignature
    }

    /// The bytes Ed25519 signs: SHA-256 of the canonical proof options (carrying the
    /// document's `@context`), then SHA-256 of the canonical document without its proof.
    public static func hashData(document: [String: JSONValue], proofOptions: [String: JSONValue]) -> [UInt8] {
        Array(SHA256.hash(data: Array(JSONValue.object(proofOptions).canonical.utf8)))
            + Array(SHA256.hash(data: Array(JSONValue.object(document).canonical.utf8)))
    }

    /// The document with a `proof` added, made by `verificationMethod`'s private key at `created`
    /// (an XML Schema dateTime, e.g. "2026-11-23T15:04:05Z").
    public static func sign(_ document: [String: JSONValue], verificationMethod: String, created: String,
                            key: Curve25519.Signing.PrivateKey) throws -> [String: JSONValue] {
        var options: [String: JSONValue] = [
            "type": "DataIntegrityProof", "cryptosuite": .string(cryptosuite), "created": .string(created),
            "verificationMethod": .string(verificationMethod), "proofPurpose": "assertionMethod",
        ]
        if let context = document["@context"] { options["@context"] = context }
        var unsecured = document
        unsecured["proof"] = nil
        let signature = try key.signature(for: hashData(document: unsecured, proofOptions: options))
        options["proofValue"] = .string(Multibase.base58btc(Array(signature)))
        var secured = unsecured
        secured["proof"] = .object(options)
        return secured
    }

    /// The proof's verification method, for finding the key before `verify`.
    public static func verificationMethod(of secured: JSONValue) -> String? {
        secured["proof"]?["verificationMethod"]?.stringValue
    }

    /// Throws unless `secured` carries one eddsa-jcs-2022 proof that `publicKey` made over exactly
    /// this content. Any changed byte of the credential, or of the proof's options, fails.
    public static func verify(_ secured: JSONValue, publicKey: Curve25519.Signing.PublicKey) throws {
        guard var document = secured.objectValue else { throw Failure.notAnObject }
        guard var options = document["proof"]?.objectValue else { throw Failure.missingProof }
        guard options["type"] == "DataIntegrityProof", options["cryptosuite"] == .string(cryptosuite) else { throw Failure.unsupportedProof }
        guard let proofValue = options["proofValue"]?.stringValue, let signature = Multibase.decodeBase58btc(proofValue), signature.count == 64
        else { throw Failure.badProofValue }
        document["proof"] = nil
        options["proofValue"] = nil
        // The proof's @context must be the document's, so a verifier cannot be shown one
        // vocabulary while the signer meant another.
        if let context = options["@context"] {
            guard document["@context"] == context else { throw Failure.contextMismatch }
        }
        guard publicKey.isValidSignature(signature, for: hashData(document: document, proofOptions: options)) else {
            throw Failure.badSignature
        }
    }
}
