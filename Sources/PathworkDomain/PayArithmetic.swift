import Foundation

/// Pay and billing arithmetic, exact to the cent. Minutes times cents-per-hour is summed in
/// whole numbers and divided by 60 once, rounding half up, so no entry-level rounding drifts.
public enum PayArithmetic {
    /// `numerator / denominator` rounded half away from zero (half up for the non-negative
    /// sums pay and billing produce). A denominator below 1 counts as 1: nothing here traps.
    public static func divideRoundingHalfUp(_ numerator: Int, by denominator: Int) -> Int {
        let divisor = max(denominator, 1)
        let magnitude = (abs(numerator) + divisor / 2) / divisor
        return numerator < 0 ? -magnitude : magnitude
    }

    /// Cents from a sum of minutes × hourly cents, divided by 60 once: the one rounding every
    /// figure of pay, invoices and budgets goes through. Corrections can make the sum negative;
    /// it rounds half away from zero so a correction and its reversal cancel.
    public static func cents(fromMinuteCents sum: Int) -> Int {
        divideRoundingHalfUp(sum, by: 60)
    }

    public struct PaidEntry: Equatable, Sendable {
        public var minutes: Int
        public var hourlyWageCents: Int
        public init(minutes: Int, hourlyWageCents: Int) {
            self.minutes = minutes
            self.hourlyWageCents = hourlyWageCents
        }
    }

    /// A student's gross pay for a period: each entry (or each wage's summed minutes, which is
    /// the same sum) at the wage in force on its date.
    public static func grossPayCents(_ entries: [PaidEntry]) -> Int {
        cents(fromMinuteCents: entries.reduce(0) { $0 + $1.minutes * $1.hourlyWageCents })
    }

    /// Minutes billed for one entry of work: rounded up to the engagement's billing increment.
    /// A correction's minutes (zero or less) bill as they are.
    public static func billedMinutes(_ minutes: Int, increment: Int) -> Int {
        let step = max(increment, 1)
        guard minutes > 0 else { return minutes }
        return (minutes + step - 1) / step * step
    }

    /// What billed minutes at an hourly rate come to, in cents.
    public static func amountCents(billedMinutes: Int, hourlyRateCents: Int) -> Int {
        cents(fromMinuteCents: billedMinutes * hourlyRateCents)
    }

    public struct InvoiceLine: Equatable, Sendable {
        public var actualMinutes: Int
        public var billedMinutes: Int
        public var amountCents: Int
    }

    /// One invoice line from its entries' minutes as worked and as billed (each entry already
    /// rounded to the increment when it was approved): billed minutes × rate / 60, rounded once.
    public static func invoiceLine(actualMinutes: Int, billedMinutes: Int, hourlyRateCents: Int) -> InvoiceLine {
        InvoiceLine(actualMinutes: actualMinutes, billedMinutes: billedMinutes,
                    amountCents: amountCents(billedMinutes: billedMinutes, hourlyRateCents: hourlyRateCents))
    }

    /// The same from raw entry minutes, each rounded up to the increment first.
    public static func invoiceLine(entryMinutes: [Int], increment: Int, hourlyRateCents: Int) -> InvoiceLine {
        invoiceLine(actualMinutes: entryMinutes.reduce(0, +),
                    billedMinutes: entryMinutes.reduce(0) { $0 + billedMinutes($1, increment: increment) },
                    hourlyRateCents: hourlyRateCents)
    }
}

/// CSV for payroll offices and spreadsheets: quoted where needed, and cells a spreadsheet would
/// run as a formula (`=`, `+`, `-`, `@`, tab, carriage return) prefixed with an apostrophe, as
/// OWASP's CSV-injection guidance recommends.
public enum CSVWriter {
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        return quoted(text)
    }

    /// RFC 4180 quoting only, for files read by programs (a OneRoster export), where the
    /// apostrophe that guards spreadsheets would change the value.
    public static func quoted(_ text: String) -> String {
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
