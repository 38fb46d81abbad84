import Foundation
import PathworkDomain

/// Times, dates and durations as pages and forms show them, in the viewer's district zone.
enum TimeFormat {
    static func clock(_ date: Date, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// "09:05", as a time field holds it.
    static func field(_ date: Date, zone: String) -> String {
        let clock = clock(date, zone: zone)
        return clock.count == 4 ? "0" + clock : clock
    }

    /// "09:05" from minutes after midnight, as a time field holds it.
    static func field(minuteOfDay minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    /// Minutes after midnight from a time field's "HH:MM", or nil.
    static func minuteOfDay(_ text: String?) -> Int? {
        let parts = (text ?? "").split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else { return nil }
        return parts[0] * 60 + parts[1]
    }

    static func dateTime(_ date: Date, zone: String) -> String {
        "\(TimeRules.localDate(of: date, in: TimeZone(identifier: zone) ?? .gmt)) \(clock(date, zone: zone))"
    }

    static func hours(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "−" : ""
        let m = abs(minutes)
        return "\(sign)\(m / 60) h \(String(format: "%02d", m % 60)) min"
    }
}
