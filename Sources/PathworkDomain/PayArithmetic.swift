import Foundation

/// Pay and billing arithmetic, exact to the cent. Minutes times cents-per-hour is summed in
/// whole numbers and divided by 60 once, rounding half up, so no entry-level rounding drifts.
public enum PayArithmetic {
    /// `numerator / denominator` rounded half up, for non-negative numerators.
    public static func divideRoundingHalfUp(_ numerator: Int, by denominator: Int) -> Int {
        precondition(denominator > 0 && numerator >= 0)
        return (numerator + denominator / 2) / denominator
    }

    /// Cents from a sum of minutes × hourly cents, divided by 60 once. Corrections can make
    /// the sum negative; it rounds half away from zero so a correction and its reversal cancel.
    public static func cents(fromMinuteCents sum: Int) -> Int {
        sum >= 0 ? divideRoundingHalfUp(sum, by: 60) : -divideRoundingHalfUp(-sum, by: 60)
    }

    public struct PaidEntry: Equatable, Sendable {
        public var minutes: Int
        public var hourlyWageCents: Int
        public init(minutes: Int, hourlyWageCents: Int) {
            self.minutes = minutes
            self.hourlyWageCents = hourlyWageCents
        }
    }

    /// A student's gross pay for a period: each entry at the wage in force on its date.
    public static func grossPayCents(_ entries: [PaidEntry]) -> Int {
        divideRoundingHalfUp(entries.reduce(0) { $0 + $1.minutes * $1.hourlyWageCents }, by: 60)
    }

    /// Minutes billed for one entry: rounded up to the engagement's billing increment.
    public static func billedMinutes(_ minutes: Int, increment: Int) -> Int {
        precondition(increment >= 1 && minutes >= 0)
        return (minutes + increment - 1) / increment * increment
    }

    public struct InvoiceLine: Equatable, Sendable {
        public var actualMinutes: Int
        public var billedMinutes: Int
        public var amountCents: Int
    }

    /// One invoice line for one engagement's entries: each entry rounded up to the increment,
    /// then billed minutes × rate / 60 rounded half up once for the line.
    public static func invoiceLine(entryMinutes: [Int], increment: Int, hourlyRateCents: Int) -> InvoiceLine {
        let actual = entryMinutes.reduce(0, +)
        let billed = entryMinutes.reduce(0) { $0 + billedMinutes($1, increment: increment) }
        return InvoiceLine(actualMinutes: actual, billedMinutes: billed,
                           amountCents: divideRoundingHalfUp(billed * hourlyRateCents, by: 60))
    }
}

/// CSV for payroll offices and spreadsheets: quoted where needed, and cells a spreadsheet would
/// run as a formula (`=`, `+`, `-`, `@`, tab, carriage return) prefixed with an apostrophe, as
/// OWASP's CSV-injection guidance recommends.
public enum CSVWriter {
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// A number cell is written as digits and never escaped, so `-1500` stays a number.
    public static func cell(_ value: Int) -> String { String(value) }

    /// A cell that may be a plain decimal ("-0.3", "52.6"): written as the number it is, since
    /// digits cannot run as a formula; anything else goes through `cell(_:)`.
    public static func numberOrText(_ value: String) -> String {
        let body = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let numeric = (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
        return numeric ? value : cell(value)
    }

    public static func row(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}
