import Foundation
@testable import PathworkDomain
import Testing

/// An independent reference: Foundation's Decimal, rounded half up (`.plain`) to whole cents.
func referenceCents(_ numerator: Int, over denominator: Int) -> Int {
    var exact = Decimal(numerator) / Decimal(denominator)
    var rounded = Decimal()
    NSDecimalRound(&rounded, &exact, 0, .plain)
    return NSDecimalNumber(decimal: rounded).intValue
}

@Suite("Pay and invoice arithmetic")
struct PayArithmeticTests {
    @Test("half up, once")
    func rounding() {
        #expect(PayArithmetic.divideRoundingHalfUp(29, by: 60) == 0)
        #expect(PayArithmetic.divideRoundingHalfUp(30, by: 60) == 1)
        #expect(PayArithmetic.divideRoundingHalfUp(89, by: 60) == 1)
        #expect(PayArithmetic.divideRoundingHalfUp(90, by: 60) == 2)
        // 7 minutes at $15.01/h is 175.1167 cents; three entries are summed before dividing:
        let entries = Array(repeating: PayArithmetic.PaidEntry(minutes: 7, hourlyWageCents: 1501), count: 3)
        #expect(PayArithmetic.grossPayCents(entries) == 525)  // 21 × 1501 / 60 = 525.35
        #expect(entries.map { PayArithmetic.grossPayCents([$0]) }.reduce(0, +) == 525)  // 175.11 × 3 rounds the same here
    }

    @Test("billing increments round each entry up")
    func increments() {
        #expect(PayArithmetic.billedMinutes(0, increment: 15) == 0)
        #expect(PayArithmetic.billedMinutes(1, increment: 15) == 15)
        #expect(PayArithmetic.billedMinutes(15, increment: 15) == 15)
        #expect(PayArithmetic.billedMinutes(16, increment: 15) == 30)
        let line = PayArithmetic.invoiceLine(entryMinutes: [50, 61, 7], increment: 15, hourlyRateCents: 4500)
        #expect(line == .init(actualMinutes: 118, billedMinutes: 150, amountCents: 11_250))
        #expect(PayArithmetic.invoiceLine(entryMinutes: [7], increment: 1, hourlyRateCents: 4501).amountCents == 525)  // 525.1167
    }

    @Test("over many random timesheets: gross pay is the exact per-entry sum, and line totals make the invoice total")
    func property() {
        var random = SeededRandom(seed: 570_35)
        for _ in 0..<2_000 {
            let entries = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                PayArithmetic.PaidEntry(minutes: Int.random(in: 1...480, using: &random), hourlyWageCents: Int.random(in: 725...3000, using: &random))
            }
            let exactSixtieths = entries.reduce(0) { $0 + $1.minutes * $1.hourlyWageCents }
            #expect(PayArithmetic.grossPayCents(entries) == referenceCents(exactSixtieths, over: 60))
            var invoiceTotal = 0, referenceTotal = 0
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let minutes = (0..<Int.random(in: 0...30, using: &random)).map { _ in Int.random(in: 1...600, using: &random) }
                let increment = [1, 6, 15, 30].randomElement(using: &random)!
                let rate = Int.random(in: 1000...9000, using: &random)
                let line = PayArithmetic.invoiceLine(entryMinutes: minutes, increment: increment, hourlyRateCents: rate)
                let billed = minutes.reduce(0) { $0 + ($1 % increment == 0 ? $1 : $1 + increment - $1 % increment) }
                #expect(line.actualMinutes == minutes.reduce(0, +))
                #expect(line.billedMinutes == billed)
                #expect(line.amountCents == referenceCents(billed * rate, over: 60))
                invoiceTotal += line.amountCents
                referenceTotal += referenceCents(billed * rate, over: 60)
            }
            #expect(invoiceTotal == referenceTotal)
        }
    }
}

@Suite("CSV export")
struct CSVWriterTests {
    @Test("formula cells are neutralised and quoting is RFC 4180")
    func escaping() {
        #expect(CSVWriter.cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVWriter.cell("+1") == "'+1")
        #expect(CSVWriter.cell("-2") == "'-2")
        #expect(CSVWriter.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.cell("Núñez, Ana") == "\"Núñez, Ana\"")
        #expect(CSVWriter.cell("plain") == "plain")
        #expect(CSVWriter.cell(-1500) == "-1500")
        #expect(CSVWriter.row(["S-1", "Ana", CSVWriter.cell(600)]) == "S-1,Ana,600\r\n")
        #expect(["-0.3", "52.6", "12", "-1-1", "-", "1.", "-=1", "$1,015.50"].map(CSVWriter.numberOrText)
                == ["-0.3", "52.6", "12", "'-1-1", "'-", "1.", "'-=1", "\"$1,015.50\""])
    }
}
