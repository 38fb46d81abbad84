/// How the district was in touch with a partner organization. Strong school–industry
/// partnerships rest on "regular communication" (seed 001): the log is where it shows.
public enum InteractionKind: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case meeting, call, email, visit, event

    public var title: String {
        switch self {
        case .meeting: "Meeting"
        case .call: "Call"
        case .email: "Email"
        case .visit: "Site visit"
        case .event: "Event"
        }
    }
}

/// Where a next step agreed with a partner stands on a given day. Overdue steps come first on
/// their owner's home; nothing lapses silently.
public enum NextStepState: String, Codable, Sendable, Equatable {
    case done, overdue, dueToday, dueThisWeek, later

    public static func of(dueOn: CalendarDate, doneOn: CalendarDate?, today: CalendarDate) -> NextStepState {
        if doneOn != nil { return .done }
        let days = dueOn.dayNumber - today.dayNumber
        if days < 0 { return .overdue }
        if days == 0 { return .dueToday }
        return days <= 7 ? .dueThisWeek : .later
    }

    public var title: String {
        switch self {
        case .done: "Done"
        case .overdue: "Overdue"
        case .dueToday: "Due today"
        case .dueThisWeek: "Due this week"
        case .later: "Open"
        }
    }

    /// Whether the owner's home lists it: what is late or due within the week.
    public var isOnHome: Bool { self == .overdue || self == .dueToday || self == .dueThisWeek }
}

/// What an organization does with the district, read from its records rather than entered:
/// one organization may be a team's client, send mentors, host interns and supervise them.
public struct PartnerActivity: Sendable, Equatable {
    public var engagements = 0
    public var requests = 0
    public var clientContacts = 0
    public var mentors = 0
    public var supervisors = 0

    public init(engagements: Int = 0, requests: Int = 0, clientContacts: Int = 0, mentors: Int = 0, supervisors: Int = 0) {
        (self.engagements, self.requests, self.clientContacts, self.mentors, self.supervisors) =
            (engagements, requests, clientContacts, mentors, supervisors)
    }

    public enum Kind: String, CaseIterable, ChoiceCodable, Sendable {
        case client, mentors, hosts

        public var title: String {
            switch self {
            case .client: "Client of a team"
            case .mentors: "Source of mentors"
            case .hosts: "Worksite host"
            }
        }
    }

    /// The hats the organization wears with the district: a client once it has asked for work
    /// or been contracted, a source of mentors once one of its people mentors, a host once one
    /// supervises at its worksite.
    public var kinds: [Kind] {
        var kinds: [Kind] = []
        if engagements > 0 || requests > 0 { kinds.append(.client) }
        if mentors > 0 { kinds.append(.mentors) }
        if supervisors > 0 { kinds.append(.hosts) }
        return kinds
    }
}
