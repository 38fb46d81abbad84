import Foundation

/// Writes RFC 5545 iCalendar files: all-day events for visits and due dates, with text
/// escaped and lines folded at 75 octets so that calendar apps accept them.
public enum ICalendar {
    public struct Event: Equatable, Sendable {
        public var uid: String
        public var date: CalendarDate
        public var summary: String
        public var description: String

        public init(uid: String, date: CalendarDate, summary: String, description: String = "") {
            self.uid = uid
            self.date = date
            self.summary = summary
            self.description = description
        }
    }

    /// `stamp` is the UTC instant written as DTSTAMP, as `YYYYMMDDTHHMMSSZ`.
    public static func document(name: String, events: [Event], stamp: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pathwork//Career-connected learning//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name)]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + stamp,
                      "DTSTART;VALUE=DATE:" + compact(event.date), "DTEND;VALUE=DATE:" + compact(event.date.adding(days: 1)),
                      "SUMMARY:" + escape(event.summary)]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + escape(event.description)) }
            lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func compact(_ date: CalendarDate) -> String { date.description.replacingOccurrences(of: "-", with: "") }

    /// TEXT values escape backslash, semicolon, comma and newline (RFC 5545, 3.3.11).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(character)
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space, never splitting a
    /// UTF-8 sequence (RFC 5545, 3.1).
    static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if count + size > limit {
                result += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            result.unicodeScalars.append(scalar)
            count += size
        }
        return result
    }
}
