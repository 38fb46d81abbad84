import Crypto
import Foundation
import PathworkDomain

/// Random bearer secrets (session cookies, API tokens) and the hashes they are stored as:
/// a database leak must not hand out live sessions.
enum SecretToken {
    /// 256 random bits, URL-safe base64 without padding.
    static func generate() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { Data($0) }.base64URL
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }

    /// Compares without leaking through timing where the mismatch is.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Data {
    /// URL-safe base64 without padding (RFC 7515), as tokens and JWKs write bytes.
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
