import Foundation

/// Money is whole cents. These read and write the dollars-and-cents people type and read,
/// without ever passing through floating point.
public enum Money {
    /// "15", "15.5", "15.50", "$1,015.50" → cents; nil for anything else (more than two decimals,
    /// negative amounts, letters).
    public static func cents(from text: String) -> Int? {
        var raw = text.trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("$") { raw.removeFirst() }
        raw = raw.replacingOccurrences(of: ",", with: "")
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 9,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let dollars = Int(parts[0]) else { return nil }
        guard parts.count == 2 else { return dollars * 100 }
        let fraction = parts[1]
        guard (1...2).contains(fraction.count), let value = Int(fraction) else { return nil }
        return dollars * 100 + (fraction.count == 1 ? value * 10 : value)
    }

    /// 150050 → "$1,500.50"
    public static func format(cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        var dollars = String(magnitude / 100)
        var grouped = ""
        while dollars.count > 3 {
            grouped = "," + dollars.suffix(3) + grouped
            dollars.removeLast(3)
        }
        let remainder = magnitude % 100
        return "\(sign)$\(dollars)\(grouped).\(remainder < 10 ? "0" : "")\(remainder)"
    }
}
