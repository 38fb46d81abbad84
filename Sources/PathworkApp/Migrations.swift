import Fluent

/// Every migration, in the one order they run. Append only: a shipped migration never changes.
enum Migrations {
    static let all: [any Migration] = [
        CreateDirectory(),
        CreateSessions(),
        CreateAuditLog(),
        CreateIdempotencyRecords(),
        CreateTeams(),
        CreateClients(),
        CreateMentoring(),
        CreateEngagementFeedback(),
        CreateDeliverableAttachments(),
        CreateCredentials(),
        CreateCalendarSubscriptions(),
        CreateTimeEntries(),
        CreateBilling(),
        IndexTimeByStudent(),
        CreateIssuedCredentials(),
        CreatePathwayLinks(),
        CreateInterestResults(),
        CreateCredentialPathways(),
        CreatePortfolios(),
        CreateOccupations(),
        CreateCourses(),
        CreateGraduationRequirements(),
        CreateReportingSettings(),
        CreateOutcomeRollups(),
        CreateNetworks(),
        CreateWorkAuthorizations(),
        GuardEngagementRequests(),
        GuardMentorAssignments(),
        GenerationalRollups(),
        OutcomeDirtyMarks(),
        CreateGuardianLinks(),
        CreateRostering(),
    ]
}
