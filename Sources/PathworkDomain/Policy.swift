/// What someone may try to do. Record-level reach (which students a mentor is connected to)
/// is decided with `Reach`; this is the coarse, role-level half of the decision.
public enum Action: String, Sendable, CaseIterable {
    case viewDirectory
    case viewPerson
    case viewStudentDetails
    case createPerson
    case editPerson
    case disablePerson
    case manageConnections
    case viewAuditLog
    case viewDisclosures
    case viewAggregates
    case viewTeams
    case manageTeams
    case viewClientWork
    case manageClients
    case submitServiceRequest
    case deliverWork
    case reviewDeliverable
    case mentorStudents
    case manageCredentials
    /// Clock in and out and keep one's own timesheet.
    case keepOwnTime
    /// Type or fix entries for students, approve and reject them, open a kiosk.
    case superviseTime
    case runPayroll
    case billClients
    case configureLabor
    /// Record or revoke the papers a state requires before a minor works (a Parent/School
    /// Authorization, a school release permit); the employer's own endorsement needs
    /// `configureLabor`.
    case recordWorkAuthorizations
    /// Rotate the district's credential-signing key.
    case manageSigningKeys
    /// Check (and, later, apply) a set exported by the student information system.
    case importRoster
    /// Set the district's own standards: graduation credits and the yearly credit limit for plans
    /// of study, and the smallest count its outcome tables show.
    case setDistrictStandards
    /// Check and apply files of student records from outside (the Clearinghouse's, the state's
    /// financial-aid completions, graduations and exits).
    case importStudentFiles
    /// Record how a student left (graduated, transferred, …) and their grade-9 cohort.
    case recordExits
    /// Sign off a student's High School and Beyond Plan for the year (Washington): counselors.
    case signOffBeyondPlans
    /// Browse the Career Clusters framework and what in the district leads to each pathway.
    case exploreCareers
}

/// How far into the people of a district a viewer reaches.
public enum Reach: Equatable, Sendable {
    /// Everyone in the district, with full student records.
    case wholeDistrict
    /// Only the students connected to the viewer (mentor, client contact, supervisor), shown
    /// in the limited form, plus the viewer themself.
    case connectedStudents
    /// The viewer and their own children, in full (a parent's right to their child's records).
    case ownChildren
    /// Only the viewer's own record.
    case selfOnly
    /// No individual records at all (network analysts see aggregates only).
    case none
}

/// The single place that decides who may do what. Controllers ask it; they do not reason
/// about roles themselves, so a change of rule is a change here and in its tests.
public enum Policy {
    public static func allows(_ roles: Set<Role>, _ action: Action) -> Bool {
        roles.contains { allows(role: $0, action) }
    }

    static func allows(role: Role, _ action: Action) -> Bool {
        switch action {
        case .viewDirectory:
            return role.isDistrictStaff || role.isExternal
        case .viewPerson:
            return role != .analyst
        case .viewStudentDetails:
            return role.isDistrictStaff
        case .createPerson, .editPerson, .disablePerson:
            return role == .admin
        case .manageConnections:
            return role == .admin || role == .coordinator
        case .viewAuditLog:
            return role == .admin
        case .viewDisclosures:
            return role.isDistrictStaff
        case .viewAggregates:
            return role == .admin || role == .coordinator || role == .analyst || role == .counselor
        case .viewTeams:
            return role.isDistrictStaff
        case .manageTeams, .manageClients:
            return role == .admin || role == .coordinator
        case .viewClientWork:
            return role.isDistrictStaff || role == .clientContact
        case .submitServiceRequest:
            return role == .admin || role == .coordinator || role == .clientContact
        case .deliverWork:
            return role == .admin || role == .coordinator || role == .lead
        case .reviewDeliverable:
            return role == .clientContact
        case .mentorStudents:
            return role == .mentor
        case .manageCredentials:
            return role == .admin || role == .coordinator || role == .counselor
        case .keepOwnTime:
            return role == .student
        case .superviseTime:
            return role == .admin || role == .coordinator || role == .lead
        case .runPayroll, .billClients, .recordWorkAuthorizations:
            return role == .admin || role == .coordinator
        case .configureLabor, .manageSigningKeys, .setDistrictStandards, .importRoster, .importStudentFiles:
            return role == .admin
        case .recordExits:
            return role == .admin || role == .coordinator || role == .counselor
        case .signOffBeyondPlans:
            return role == .counselor
        case .exploreCareers:
            return role.isDistrictStaff || role == .student
        }
    }

    /// The widest reach any of the roles grants.
    public static func reach(_ roles: Set<Role>) -> Reach {
        if roles.contains(where: \.isDistrictStaff) { return .wholeDistrict }
        if roles.contains(where: \.isExternal) { return .connectedStudents }
        if roles.contains(.guardian) { return .ownChildren }
        if roles.contains(.student) { return .selfOnly }
        return .none
    }

    /// Whether the viewer receives demographics, birth date and student number for a student.
    /// A student sees their own record in full, and a guardian their children's (the only
    /// students a guardian reaches); external people and analysts never do.
    public static func seesStudentDetails(viewerRoles: Set<Role>, isSelf: Bool) -> Bool {
        isSelf || allows(viewerRoles, .viewStudentDetails) || reach(viewerRoles) == .ownChildren
    }
}
