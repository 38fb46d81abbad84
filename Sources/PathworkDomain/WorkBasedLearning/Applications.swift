/// Where a student's application to an opportunity stands. Reviewers (the coordinator, a
/// counselor, the partner's people) offer a seat, put it on the waitlist or pass; the student
/// accepts or declines an offer, and may withdraw until they are placed.
public enum ApplicationStatus: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case submitted, waitlisted, offered, accepted, declined, notSelected, withdrawn

    public var title: String {
        switch self {
        case .submitted: "Submitted"
        case .waitlisted: "On the waitlist"
        case .offered: "Offered a seat"
        case .accepted: "Accepted"
        case .declined: "Declined"
        case .notSelected: "Not selected"
        case .withdrawn: "Withdrawn"
        }
    }

    /// An offer out or accepted holds one of the opportunity's seats.
    public var holdsSeat: Bool { self == .offered || self == .accepted }
}

/// What someone does to an application.
public enum ApplicationAction: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case offer, waitlist, pass, accept, decline, withdraw

    /// Reviewers offer, waitlist and pass; the student accepts, declines and withdraws.
    public var byStudent: Bool { self == .accept || self == .decline || self == .withdraw }
}

/// The seats of one opportunity and the moves an application may make. An offer made when
/// every seat is held goes to the waitlist instead; a seat freed by a decline or withdrawal
/// goes to whoever has waited longest, so nobody fills a seat by hand while someone waits.
public enum ApplicationRules {
    public struct Refusal: Error, Equatable, Sendable {
        public let code: String
        public let message: String
    }

    /// The status after `action`, given how many seats are held by others. Refuses moves
    /// that make no sense from where the application stands.
    public static func next(from status: ApplicationStatus, _ action: ApplicationAction, seats: Int, heldByOthers: Int) -> Result<ApplicationStatus, Refusal> {
        switch (action, status) {
        case (.offer, .submitted), (.offer, .waitlisted):
            return .success(heldByOthers < seats ? .offered : .waitlisted)
        case (.waitlist, .submitted):
            return .success(.waitlisted)
        case (.pass, .submitted), (.pass, .waitlisted):
            return .success(.notSelected)
        case (.accept, .offered):
            return .success(.accepted)
        case (.decline, .offered):
            return .success(.declined)
        case (.withdraw, .submitted), (.withdraw, .waitlisted), (.withdraw, .offered), (.withdraw, .accepted):
            return .success(.withdrawn)
        case (.accept, _), (.decline, _):
            return .failure(Refusal(code: "application.no-offer", message: "There is no open offer on this application; it is \(status.title.lowercased())."))
        default:
            return .failure(Refusal(code: "application.decided", message: "This application is \(status.title.lowercased()); it cannot be \(action.pastTense) now."))
        }
    }

    /// Whether a move frees a seat for the waitlist.
    public static func freesSeat(from old: ApplicationStatus, to new: ApplicationStatus) -> Bool {
        old.holdsSeat && !new.holdsSeat
    }

    /// Which waitlisted applications get the seats now free, longest-waiting first.
    /// `waitlist` is in the order they joined it.
    public static func promoted<ID>(waitlist: [ID], seats: Int, held: Int) -> [ID] {
        Array(waitlist.prefix(max(0, seats - held)))
    }
}

extension ApplicationAction {
    var pastTense: String {
        switch self {
        case .offer: "offered"
        case .waitlist: "waitlisted"
        case .pass: "passed over"
        case .accept: "accepted"
        case .decline: "declined"
        case .withdraw: "withdrawn"
        }
    }
}
