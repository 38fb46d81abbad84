/// The hats a person can wear in one district. A person may hold several.
public enum Role: String, Codable, CaseIterable, ChoiceCodable, Sendable, Comparable {
    case admin
    case coordinator
    case lead
    case counselor
    case student
    /// A parent or guardian: sees their own children's records, and nobody else's.
    case guardian
    case mentor
    case clientContact
    case supervisor
    /// Judges a pitch event (a partner's person or someone from the community), signing in by
    /// a link; sees only the ventures of the events they judge.
    case judge
    case analyst

    public var title: String {
        switch self {
        case .admin: "District admin"
        case .coordinator: "Program coordinator"
        case .lead: "Team lead"
        case .counselor: "Counselor"
        case .student: "Student"
        case .guardian: "Parent or guardian"
        case .mentor: "Mentor"
        case .clientContact: "Client contact"
        case .supervisor: "Worksite supervisor"
        case .judge: "Pitch judge"
        case .analyst: "Network analyst"
        }
    }

    /// District staff see students' full records; everyone else is outside the district's
    /// duty of care and sees at most first name, last initial and the work.
    public var isDistrictStaff: Bool {
        switch self {
        case .admin, .coordinator, .lead, .counselor: true
        default: false
        }
    }

    /// People from outside the district whose every view of a student record is a disclosure.
    public var isExternal: Bool {
        switch self {
        case .mentor, .clientContact, .supervisor, .judge: true
        default: false
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
