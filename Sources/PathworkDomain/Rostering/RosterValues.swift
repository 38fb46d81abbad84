import Foundation

/// Reading one OneRoster value: what the binding allows, and what real exports send instead
/// that can be read without guessing (case variants, `inactive`, grades that lost their
/// leading zero in a spreadsheet), each such reading reported as a warning.
public enum RosterValues {
    public struct Problem: Sendable, Equatable {
        public var severity: RosterIssue.Severity
        public var kind: String
        public var message: String
    }

    /// The grade codes of the CEDS list the binding points to.
    public static let gradeCodes = Set(["IT", "PR", "PK", "TK", "KG", "PS", "UG", "Other"] + (1...13).map { $0 < 10 ? "0\($0)" : "\($0)" })

    /// The value as Pathwork keeps it ("" for none), and what was wrong with it.
    public static func normalize(_ text: String, as kind: RosterValue) -> (String, [Problem]) {
        if text.isEmpty { return ("", []) }
        switch kind {
        case .id, .text:
            return (text, [])
        case .date:
            guard CalendarDate(iso: text) != nil else {
                return ("", [.init(severity: .error, kind: "date-invalid", message: "Not a date: write it as YYYY-MM-DD.")])
            }
            return (text, [])
        case .dateTime:
            if RFC3339.date(from: text) != nil { return (text, []) }
            if CalendarDate(iso: text) != nil {
                return (text + "T00:00:00Z", [.init(severity: .warning, kind: "datetime-date-only",
                                                    message: "A date without a time; read as midnight UTC.")])
            }
            return ("", [.init(severity: .error, kind: "datetime-invalid", message: "Not a date and time: write it as YYYY-MM-DDTHH:MM:SS.sssZ.")])
        case .boolean:
            switch text {
            case "true", "false": return (text, [])
            default:
                let folded = text.lowercased()
                guard folded == "true" || folded == "false" else {
                    return ("", [.init(severity: .error, kind: "boolean-invalid", message: "Write true or false.")])
                }
                return (folded, [.init(severity: .warning, kind: "value-case", message: "The binding writes \(folded); read as that.")])
            }
        case .year:
            guard text.count == 4, text.allSatisfy(\.isASCII), Int(text) != nil else {
                return ("", [.init(severity: .error, kind: "year-invalid", message: "Write the year the school year ends, as four digits.")])
            }
            return (text, [])
        case .vocabulary(let words):
            return vocabulary(text, words)
        case .ids, .list:
            return (items(text).joined(separator: ","), [])
        case .grades:
            var problems: [Problem] = []
            let grades = items(text).map { grade -> String in
                let (read, problem) = self.grade(grade)
                if let problem { problems.append(problem) }
                return read
            }
            return (grades.joined(separator: ","), problems)
        }
    }

    /// The items of a list field: comma-separated, spaces after the commas dropped.
    public static func items(_ text: String) -> [String] {
        text.split(separator: ",").map(\.trimmingWhitespace).filter { !$0.isEmpty }
    }

    static func vocabulary(_ text: String, _ words: [String]) -> (String, [Problem]) {
        if words.contains(text) || text.hasPrefix("ext:") { return (text, []) }
        if let match = words.first(where: { $0.lowercased() == text.lowercased() }) {
            return (match, [.init(severity: .warning, kind: "value-case", message: "The binding writes \(match); read as that.")])
        }
        if text.lowercased() == "inactive", words.contains("tobedeleted") {
            return ("tobedeleted", [.init(severity: .warning, kind: "status-inactive",
                                          message: "inactive is not a status of OneRoster 1.1 or 1.2; read as tobedeleted (the record ends).")])
        }
        return ("", [.init(severity: .error, kind: "value-unknown", message: "Not one of: \(words.joined(separator: ", ")).")])
    }

    /// A grade as the CEDS code, and how a damaged or older spelling was read.
    static func grade(_ text: String) -> (String, Problem?) {
        if gradeCodes.contains(text) || text.hasPrefix("ext:") { return (text, nil) }
        if let number = Int(text), text.count == 1, (1...9).contains(number) {
            return ("0\(text)", .init(severity: .warning, kind: "grade-leading-zero",
                                      message: "Read as 0\(text): a spreadsheet drops a grade's leading zero."))
        }
        let aliases = ["K": "KG", "k": "KG", "kg": "KG", "pk": "PK", "PreK": "PK", "pre-k": "PK"]
        if let code = aliases[text] {
            return (code, .init(severity: .warning, kind: "grade-spelling", message: "Read as \(code), the CEDS code."))
        }
        return (text, .init(severity: .warning, kind: "grade-unknown", message: "Not a CEDS grade code; kept as sent."))
    }
}
