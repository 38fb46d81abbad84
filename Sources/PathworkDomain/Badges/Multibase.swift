/// Base58 with Bitcoin's alphabet, behind multibase's "z" prefix: how Data Integrity proofs
/// write their signatures and Multikey documents their public keys. Inputs are a few dozen
/// bytes, so the schoolbook conversion is plenty.
public enum Multibase {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    public static func base58btc(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits: [UInt8] = []   // base-58 digits, least significant first
        for byte in bytes.dropFirst(zeros) {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let text = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return "z" + String(decoding: text, as: UTF8.self)
    }

    /// Nil when the text is not "z" followed by base58btc digits.
    public static func decodeBase58btc(_ text: String) -> [UInt8]? {
        guard text.first == "z" else { return nil }
        let body = Array(text.utf8.dropFirst())
        let zeros = body.prefix { $0 == alphabet[0] }.count
        var bytes: [UInt8] = []   // least significant first
        for character in body.dropFirst(zeros) {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            var carry = digit
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    /// The multicodec prefix of an Ed25519 public key (0xed, as an unsigned varint).
    static let ed25519PublicKeyPrefix: [UInt8] = [0xED, 0x01]

    /// A Multikey's `publicKeyMultibase` for a raw 32-byte Ed25519 public key ("z6Mk…").
    public static func ed25519PublicKey(_ raw: [UInt8]) -> String {
        base58btc(ed25519PublicKeyPrefix + raw)
    }

    public static func decodeEd25519PublicKey(_ text: String) -> [UInt8]? {
        guard let bytes = decodeBase58btc(text), bytes.count == 34, Array(bytes.prefix(2)) == ed25519PublicKeyPrefix else { return nil }
        return Array(bytes.dropFirst(2))
    }
}
