import PathworkDomain
import Testing

@Suite struct KioskPINPolicyTests {
    @Test(arguments: ["4817", "90213", "50817263"])
    func acceptsUnpatternedDigits(_ pin: String) {
        #expect(KioskPINPolicy.problem(with: pin) == nil)
    }

    @Test(arguments: ["123", "123456789", "12a4", " 4817", "４８１７"])
    func refusesWrongLengthOrNonDigits(_ pin: String) {
        #expect(KioskPINPolicy.problem(with: pin) == "Use 4 to 8 digits.")
    }

    @Test(arguments: ["0000", "777777"])
    func refusesRepeatedDigit(_ pin: String) {
        #expect(KioskPINPolicy.problem(with: pin) == "Do not use one digit repeated.")
    }

    @Test(arguments: ["1234", "4321", "890123", "3210"])
    func refusesRuns(_ pin: String) {
        #expect(KioskPINPolicy.problem(with: pin)?.contains("run of digits") == true)
    }

    @Test func refusesYears() {
        #expect(KioskPINPolicy.problem(with: "2011") == "Do not use a year.")
        #expect(KioskPINPolicy.problem(with: "1899") == nil)
    }
}
