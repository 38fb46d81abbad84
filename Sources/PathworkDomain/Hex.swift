/// Lowercase hexadecimal for digests and tokens. `String(format: "%02x")` per byte was a
/// measurable share of every signed-in request (a token hash per request, a chain hash per
/// audit row).
extension Sequence where Element == UInt8 {
    public var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
