import Foundation

/// Instants as RFC 3339 writes them (section 5.6): the form the API documents as `date-time`,
/// with any fraction of a second and any offset, so every instant the document allows is read
/// and nothing it refuses (a 30th of February, an hour 24) slips through by normalizing.
public enum RFC3339 {
    public static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, range.allSatisfy({ (48...57).contains(bytes[$0]) }) else { return nil }
            return range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
        }
        func byte(_ index: Int, _ allowed: String) -> Bool { index < bytes.count && allowed.utf8.contains(bytes[index]) }
        guard let year = number(0..<4), byte(4, "-"), let month = number(5..<7), byte(7, "-"), let day = number(8..<10),
              byte(10, "Tt"), let hour = number(11..<13), byte(13, ":"), let minute = number(14..<16), byte(16, ":"),
              let second = number(17..<19) else { return nil }
        var index = 19
        var nanoseconds = 0
        if byte(index, ".") {
            var end = index + 1
            while end < bytes.count, (48...57).contains(bytes[end]) { end += 1 }
            let digits = (index + 1)..<end
            guard !digits.isEmpty else { return nil }
            nanoseconds = digits.prefix(9).reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
            for _ in digits.count..<9 { nanoseconds *= 10 }
            index = digits.upperBound
        }
        var offsetSeconds = 0
        if byte(index, "Zz"), index + 1 == bytes.count {
            offsetSeconds = 0
        } else if byte(index, "+-"), index + 6 == bytes.count, let hours = number((index + 1)..<(index + 3)), byte(index + 3, ":"),
                  let minutes = number((index + 4)..<(index + 6)), hours < 24, minutes < 60 {
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second <= 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let midnight = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
        // A leap second (60) is read as the first instant of the next minute.
        let seconds = hour * 3600 + minute * 60 + second - offsetSeconds
        return midnight.addingTimeInterval(TimeInterval(seconds) + TimeInterval(nanoseconds) / 1_000_000_000)
    }
}
