import Foundation
import PathworkDomain

/// A span of days a form or body gives as first and last day (a pay period, an invoice's
/// period): each must be a date, the last on or after the first, the span no longer than a limit.
struct DateSpan {
    let first: CalendarDate
    let last: CalendarDate

    /// The span, or the problems with it named by `fields`; `tooLong` says the limit in words.
    static func read(_ first: String?, _ last: String?, fields: (first: String, last: String), longestDays: Int,
                     tooLong: String) -> (span: DateSpan?, errors: [FieldError]) {
        let start = CalendarDate(iso: first ?? ""), end = CalendarDate(iso: last ?? "")
        var errors: [FieldError] = []
        if start == nil { errors.append(FieldError(field: fields.first, message: "Enter the first day as YYYY-MM-DD.")) }
        if end == nil {
            errors.append(FieldError(field: fields.last, message: "Enter the last day as YYYY-MM-DD."))
        } else if let start, end! < start {
            errors.append(.rule(field: fields.last, message: "Enter the last day, on or after the first."))
        } else if let start, let end, end.dayNumber - start.dayNumber > longestDays {
            errors.append(.rule(field: fields.last, message: tooLong))
        }
        guard errors.isEmpty, let start, let end else { return (nil, errors) }
        return (DateSpan(first: start, last: end), [])
    }
}
