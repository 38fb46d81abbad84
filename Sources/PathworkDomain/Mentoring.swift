/// A mentor's background check. Volunteers who work with minors must have a cleared check that
/// has not expired; districts set the renewal period, so the expiry is recorded, not computed.
public struct BackgroundCheck: Equatable, Codable, Sendable {
    public enum Status: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case notStarted, pending, cleared, failed

        public var title: String {
            switch self {
            case .notStarted: "Not started"
            case .pending: "Pending"
            case .cleared: "Cleared"
            case .failed: "Not cleared"
            }
        }
    }

    public var status: Status
    public var checkedOn: CalendarDate?
    public var expiresOn: CalendarDate?

    public init(status: Status, checkedOn: CalendarDate? = nil, expiresOn: CalendarDate? = nil) {
        self.status = status
        self.checkedOn = checkedOn
        self.expiresOn = expiresOn
    }

    /// Cleared and not past its expiry on `date`. A cleared check with no expiry recorded does
    /// not count: nobody can tell whether it still holds.
    public func isCurrent(on date: CalendarDate) -> Bool {
        guard status == .cleared, let expiresOn else { return false }
        return date <= expiresOn
    }

    /// Why this mentor may not be assigned to a team, or nil when they may. Only teams with
    /// students under 18 require the check.
    public func assignmentRefusal(teamHasMinors: Bool, on date: CalendarDate) -> String? {
        guard teamHasMinors, !isCurrent(on: date) else { return nil }
        switch status {
        case .cleared where expiresOn == nil:
            return "The mentor's background check has no expiry date recorded; record it before assigning them to students under 18."
        case .cleared:
            return "The mentor's background check expired on \(expiresOn!); renew it before assigning them to students under 18."
        default:
            return "The mentor's background check is \(status.title.lowercased()); a cleared check is required to work with students under 18."
        }
    }
}
