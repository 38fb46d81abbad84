/// What a kiosk PIN must be: four to eight digits that are not a pattern anyone would try
/// first. The PIN is one of two factors (with the student number) and wrong tries are
/// throttled, so a short PIN is enough; an obvious one is not.
public enum KioskPINPolicy {
    public static let lengths = 4...8

    /// Why the PIN is refused, or nil when it is acceptable.
    public static func problem(with pin: String) -> String? {
        guard pin.allSatisfy({ ("0"..."9").contains($0) }), lengths.contains(pin.count) else {
            return "Use \(lengths.lowerBound) to \(lengths.upperBound) digits."
        }
        let digits = pin.compactMap(\.wholeNumberValue)
        if Set(digits).count == 1 { return "Do not use one digit repeated." }
        let steps = Set(zip(digits, digits.dropFirst()).map { ($1 - $0 + 10) % 10 })
        if steps == [1] || steps == [9] { return "Do not use a run of digits such as 1234 or 4321." }
        if digits.count == 4, let year = Int(pin), (1900...2099).contains(year) { return "Do not use a year." }
        return nil
    }
}
