import Foundation
import Vapor

/// Every page Pathwork serves. Routes are registered from `pattern` and links are built from
/// `path`, so a page's address is written in exactly one place.
enum SiteRoute: Equatable, Sendable {
    case home
    case signIn
    case signOut
    case account
    case people
    case newPerson
    case person(UUID)
    case editPerson(UUID)
    case disablePerson(UUID)
    case enablePerson(UUID)
    case addConnection(UUID)
    case removeConnection(UUID, connection: UUID)
    case addGuardian(UUID)
    case removeGuardian(UUID, guardian: UUID)
    case disclosures(UUID)
    case schools
    case newSchool
    case editSchool(UUID)
    case district
    case audit
    case teams
    case newTeam
    case team(UUID)
    case addTeamRole(UUID)
    case placeOnTeam(UUID)
    case endMembership(UUID)
    case rotateMembership(UUID)
    /// Partner organizations (clients among them): the list, one, and its people.
    case clients
    case client(UUID)
    case linkClientContact(UUID)
    case removePartnerContact(UUID, contact: UUID)
    case editPartner(UUID)
    case partnerInteractions(UUID)
    case partnerPathways(UUID)
    case removePartnerPathway(UUID, link: UUID)
    case opportunities
    case newOpportunity
    case opportunity(UUID)
    /// An opportunity's "publish", "close" and a student's "apply".
    case opportunityStep(UUID, step: String)
    /// An application's moves ("offer", "waitlist", "pass", "accept", "decline", "withdraw") and
    /// its applicant's "portfolio" for reviewers.
    case applicationStep(UUID, step: String)
    case placements
    case placement(UUID)
    /// A placement's "edit", "signatures", "hours", "clock", "evaluations", "reflection", "complete" and "end".
    case placementStep(UUID, step: String)
    /// Worksite hours' "approve" and "reject" (their ids in the form), and one entry's "delete".
    case placementHours(step: String)
    case deletePlacementHours(UUID)
    case competencyRubric
    case problems
    case problem(UUID)
    /// A problem's "echo", "unecho", "comments", "curate", "merge" and its "photo".
    case problemStep(UUID, step: String)
    case ventures
    case newVenture
    case venture(UUID)
    /// A venture's "canvas", "interviews", "prototypes" and "mentors".
    case ventureStep(UUID, step: String)
    case prototypeFile(UUID)
    case ventureStages
    case pitchEvents
    case pitchEvent(UUID)
    /// An event's "lineup", "open", "close", "judges" and "votes".
    case pitchEventStep(UUID, step: String)
    /// A judge's scorecard for one venture at one event.
    case pitchScore(UUID, venture: UUID)
    case newAgreement(UUID)
    case agreement(UUID)
    /// An agreement's "edit", "objectives", "ratings" and the partner's "questionnaire".
    case agreementStep(UUID, step: String)
    /// An objective's "record" and "remove".
    case objectiveStep(UUID, step: String)
    /// A next step's "done" or "reopen".
    case nextStep(UUID, step: String)
    /// Where partners were listed before they were partners; kept so bookmarks still lead there.
    case formerClients
    case formerClient(UUID)
    case requests
    case newRequest
    case request(UUID)
    case acceptRequest(UUID)
    case declineRequest(UUID)
    case engagements
    case engagement(UUID)
    case engagementStatus(UUID)
    case addDeliverable(UUID)
    case deliverableStep(UUID, step: String)
    case visitRecord(UUID, outcome: String)
    case mentoring
    case mentoringSessions
    case referrals
    case mentorProfile(UUID)
    case assignMentor(UUID)
    case teamCalendar(UUID)
    case clientCalendar(UUID)
    case contract(UUID)
    case feedback(UUID)
    case attachFile(UUID)
    case attachment(UUID)
    case credentials
    case recordAttainment(UUID)
    case programs
    case editEngagement(UUID)
    case editTeam(UUID)
    case stylesheet
    case time
    case clock
    case submitWeek
    case timeEntryStep(UUID, step: String)
    case approvals
    case payroll
    case payPeriodStep(UUID, step: String)
    case invoices
    case invoice(UUID)
    case invoiceStep(UUID, step: String)
    case kiosk
    case kioskClock
    case kiosks
    case kioskStep(UUID, step: String)
    case kioskPIN
    case workRules
    case programWork(UUID)
    case workAuthorizations
    case revokeWorkAuthorization(UUID)
    /// A credential's public verify page, and its steps ("credential.json", "revoke").
    case verify(UUID)
    case verifyStep(UUID, step: String)
    case signingKeys
    case rosterImport
    /// Applying a set checked on the import page; a past import's report.
    case rosterImportApply
    case rosterImportRecord(UUID)
    case rosterRoleMapping
    case careerClusters
    case careerLinkRemove(UUID)
    case careerOccupations
    case explore
    case exploreTake
    case credentialPathways
    case credentialPathway(UUID)
    case credentialPathwayStep(UUID, step: String)
    case portfolio
    case studyPlan(UUID)
    case studyPlanStep(UUID, step: String)
    case portfolioLinkRevoke(UUID)
    case clientPortfolioConsent(UUID)
    case courses
    case outcomes
    case outcomesCSV
    case outcomesSettings
    case postsecondary
    case postsecondaryCSV
    case studentFiles
    case studentFilesApply
    case studentFileImport(UUID)
    case studentExit(UUID)
    case dualCredits(UUID)
    case surveys
    case survey(UUID)
    case surveyStep(UUID, step: String)
    case perkins
    case perkinsCSV
    case perkinsSettings
    case nontraditionalPathways
    case removeNontraditionalPathway(UUID)
    case exitActivities(UUID)
    case removeExitActivity(UUID)
    case removeDualCredit(UUID)
    case beyondPlans
    case beyondPlan(UUID)
    case beyondPlanStep(UUID, step: String)
    case withdrawBeyondPlanSignOff(UUID)
    case removeResumeEntry(UUID)
    case course(UUID)
    case planTemplates
    case planTemplate(UUID)
    case graduationRequirements
    case uncompleteCourse(UUID)
    case completeCourse(UUID)

    /// The page's address, part by part (see SiteRouteAddress.swift for what is built from it).
    var segments: [Segment] {
        switch self {
        case .home: []
        case .signIn: [.constant("sign-in")]
        case .signOut: [.constant("sign-out")]
        case .account: [.constant("account")]
        case .people: [.constant("people")]
        case .newPerson: [.constant("people"), .constant("new")]
        case .person(let id): [.constant("people"), .parameter("personID", id)]
        case .editPerson(let id): [.constant("people"), .parameter("personID", id), .constant("edit")]
        case .disablePerson(let id): [.constant("people"), .parameter("personID", id), .constant("disable")]
        case .enablePerson(let id): [.constant("people"), .parameter("personID", id), .constant("enable")]
        case .addConnection(let id): [.constant("people"), .parameter("personID", id), .constant("connections")]
        case .removeConnection(let id, let connection):
            [.constant("people"), .parameter("personID", id), .constant("connections"),
             .parameter("connectionID", connection), .constant("remove")]
        case .addGuardian(let id): [.constant("people"), .parameter("personID", id), .constant("guardians")]
        case .removeGuardian(let id, let guardian):
            [.constant("people"), .parameter("personID", id), .constant("guardians"), .parameter("guardianID", guardian), .constant("remove")]
        case .disclosures(let id): [.constant("people"), .parameter("personID", id), .constant("disclosures")]
        case .schools: [.constant("schools")]
        case .newSchool: [.constant("schools"), .constant("new")]
        case .editSchool(let id): [.constant("schools"), .parameter("schoolID", id), .constant("edit")]
        case .district: [.constant("district")]
        case .audit: [.constant("audit")]
        case .teams: [.constant("teams")]
        case .newTeam: [.constant("teams"), .constant("new")]
        case .team(let id): [.constant("teams"), .parameter("teamID", id)]
        case .addTeamRole(let id): [.constant("teams"), .parameter("teamID", id), .constant("roles")]
        case .placeOnTeam(let id): [.constant("teams"), .parameter("teamID", id), .constant("memberships")]
        case .endMembership(let id): [.constant("memberships"), .parameter("membershipID", id), .constant("end")]
        case .rotateMembership(let id): [.constant("memberships"), .parameter("membershipID", id), .constant("rotate")]
        case .clients: [.constant("partners")]
        case .client(let id): [.constant("partners"), .parameter("clientID", id)]
        case .linkClientContact(let id): [.constant("partners"), .parameter("clientID", id), .constant("contacts")]
        case .removePartnerContact(let id, let contact):
            [.constant("partners"), .parameter("clientID", id), .constant("contacts"), .parameter("contactID", contact), .constant("remove")]
        case .editPartner(let id): [.constant("partners"), .parameter("clientID", id), .constant("edit")]
        case .partnerInteractions(let id): [.constant("partners"), .parameter("clientID", id), .constant("interactions")]
        case .partnerPathways(let id): [.constant("partners"), .parameter("clientID", id), .constant("pathways")]
        case .removePartnerPathway(let id, let link):
            [.constant("partners"), .parameter("clientID", id), .constant("pathways"), .parameter("linkID", link), .constant("remove")]
        case .nextStep(let id, let step): [.constant("partner-interactions"), .parameter("interactionID", id), .constant(step)]
        case .opportunities: [.constant("opportunities")]
        case .newOpportunity: [.constant("opportunities"), .constant("new")]
        case .opportunity(let id): [.constant("opportunities"), .parameter("opportunityID", id)]
        case .opportunityStep(let id, let step): [.constant("opportunities"), .parameter("opportunityID", id), .constant(step)]
        case .applicationStep(let id, let step): [.constant("opportunity-applications"), .parameter("applicationID", id), .constant(step)]
        case .placements: [.constant("placements")]
        case .placement(let id): [.constant("placements"), .parameter("placementID", id)]
        case .placementStep(let id, let step): [.constant("placements"), .parameter("placementID", id), .constant(step)]
        case .placementHours(let step): [.constant("placement-hours"), .constant(step)]
        case .deletePlacementHours(let id): [.constant("placement-hours"), .parameter("hoursID", id), .constant("delete")]
        case .competencyRubric: [.constant("competency-rubric")]
        case .problems: [.constant("problems")]
        case .problem(let id): [.constant("problems"), .parameter("problemID", id)]
        case .problemStep(let id, let step): [.constant("problems"), .parameter("problemID", id), .constant(step)]
        case .ventures: [.constant("ventures")]
        case .newVenture: [.constant("ventures"), .constant("new")]
        case .venture(let id): [.constant("ventures"), .parameter("ventureID", id)]
        case .ventureStep(let id, let step): [.constant("ventures"), .parameter("ventureID", id), .constant(step)]
        case .prototypeFile(let id): [.constant("prototypes"), .parameter("prototypeID", id), .constant("file")]
        case .ventureStages: [.constant("venture-stages")]
        case .pitchEvents: [.constant("pitch-events")]
        case .pitchEvent(let id): [.constant("pitch-events"), .parameter("eventID", id)]
        case .pitchEventStep(let id, let step): [.constant("pitch-events"), .parameter("eventID", id), .constant(step)]
        case .pitchScore(let id, let venture): [.constant("pitch-events"), .parameter("eventID", id), .constant("ventures"), .parameter("ventureID", venture), .constant("score")]
        case .newAgreement(let id): [.constant("partners"), .parameter("clientID", id), .constant("agreements")]
        case .agreement(let id): [.constant("partnership-agreements"), .parameter("agreementID", id)]
        case .agreementStep(let id, let step): [.constant("partnership-agreements"), .parameter("agreementID", id), .constant(step)]
        case .objectiveStep(let id, let step): [.constant("partnership-objectives"), .parameter("objectiveID", id), .constant(step)]
        case .formerClients: [.constant("clients")]
        case .formerClient(let id): [.constant("clients"), .parameter("clientID", id)]
        case .requests: [.constant("requests")]
        case .newRequest: [.constant("requests"), .constant("new")]
        case .request(let id): [.constant("requests"), .parameter("requestID", id)]
        case .acceptRequest(let id): [.constant("requests"), .parameter("requestID", id), .constant("accept")]
        case .declineRequest(let id): [.constant("requests"), .parameter("requestID", id), .constant("decline")]
        case .engagements: [.constant("engagements")]
        case .engagement(let id): [.constant("engagements"), .parameter("engagementID", id)]
        case .engagementStatus(let id): [.constant("engagements"), .parameter("engagementID", id), .constant("status")]
        case .addDeliverable(let id): [.constant("engagements"), .parameter("engagementID", id), .constant("deliverables")]
        case .deliverableStep(let id, let step): [.constant("deliverables"), .parameter("deliverableID", id), .constant(step)]
        case .visitRecord(let id, let outcome): [.constant("visits"), .parameter("visitID", id), .constant(outcome)]
        case .mentoring: [.constant("mentoring")]
        case .mentoringSessions: [.constant("mentoring"), .constant("sessions")]
        case .referrals: [.constant("mentoring"), .constant("referrals")]
        case .mentorProfile(let id): [.constant("people"), .parameter("personID", id), .constant("mentor-profile")]
        case .assignMentor(let id): [.constant("teams"), .parameter("teamID", id), .constant("mentors")]
        case .teamCalendar(let id): [.constant("teams"), .parameter("teamID", id), .constant("calendar.ics")]
        case .clientCalendar(let id): [.constant("clients"), .parameter("clientID", id), .constant("calendar.ics")]
        case .contract(let id): [.constant("engagements"), .parameter("engagementID", id), .constant("contract")]
        case .feedback(let id): [.constant("engagements"), .parameter("engagementID", id), .constant("feedback")]
        case .attachFile(let id): [.constant("deliverables"), .parameter("deliverableID", id), .constant("attachments")]
        case .attachment(let id): [.constant("attachments"), .parameter("attachmentID", id)]
        case .credentials: [.constant("credentials")]
        case .recordAttainment(let id): [.constant("people"), .parameter("personID", id), .constant("credentials")]
        case .programs: [.constant("programs")]
        case .editEngagement(let id): [.constant("engagements"), .parameter("engagementID", id), .constant("edit")]
        case .editTeam(let id): [.constant("teams"), .parameter("teamID", id), .constant("edit")]
        case .stylesheet: [.constant("static"), .constant("pathwork.css")]
        case .time: [.constant("time")]
        case .clock: [.constant("time"), .constant("clock")]
        case .submitWeek: [.constant("time"), .constant("submit")]
        case .timeEntryStep(let id, let step): [.constant("time"), .parameter("entryID", id), .constant(step)]
        case .approvals: [.constant("approvals")]
        case .payroll: [.constant("payroll")]
        case .payPeriodStep(let id, let step): [.constant("payroll"), .parameter("periodID", id), .constant(step)]
        case .invoices: [.constant("invoices")]
        case .invoice(let id): [.constant("invoices"), .parameter("invoiceID", id)]
        case .invoiceStep(let id, let step): [.constant("invoices"), .parameter("invoiceID", id), .constant(step)]
        case .kiosk: [.constant("kiosk")]
        case .kioskClock: [.constant("kiosk"), .constant("clock")]
        case .kiosks: [.constant("kiosks")]
        case .kioskStep(let id, let step): [.constant("kiosks"), .parameter("kioskID", id), .constant(step)]
        case .kioskPIN: [.constant("time"), .constant("pin")]
        case .workRules: [.constant("district"), .constant("work-rules")]
        case .programWork(let id): [.constant("programs"), .parameter("programID", id), .constant("work-program")]
        case .workAuthorizations: [.constant("work-authorizations")]
        case .revokeWorkAuthorization(let id): [.constant("work-authorizations"), .parameter("authorizationID", id), .constant("revoke")]
        case .verify(let id): [.constant("verify"), .parameter("credentialID", id)]
        case .verifyStep(let id, let step): [.constant("verify"), .parameter("credentialID", id), .constant(step)]
        case .signingKeys: [.constant("district"), .constant("signing-keys")]
        case .rosterImport: [.constant("district"), .constant("import")]
        case .rosterImportApply: [.constant("district"), .constant("import"), .constant("apply")]
        case .rosterRoleMapping: [.constant("district"), .constant("import"), .constant("roles")]
        case .rosterImportRecord(let id): [.constant("district"), .constant("import"), .parameter("importID", id)]
        case .careerClusters: [.constant("career-clusters")]
        case .careerOccupations: [.constant("career-clusters"), .constant("occupations")]
        case .explore: [.constant("explore")]
        case .exploreTake: [.constant("explore"), .constant("take")]
        case .credentialPathways: [.constant("credential-pathways")]
        case .courses: [.constant("courses")]
        case .outcomes: [.constant("outcomes")]
        case .outcomesCSV: [.constant("outcomes.csv")]
        case .outcomesSettings: [.constant("outcomes"), .constant("settings")]
        case .postsecondary: [.constant("outcomes"), .constant("postsecondary")]
        case .postsecondaryCSV: [.constant("outcomes"), .constant("postsecondary.csv")]
        case .studentFiles: [.constant("district"), .constant("student-files")]
        case .studentFilesApply: [.constant("district"), .constant("student-files"), .constant("apply")]
        case .studentFileImport(let id): [.constant("district"), .constant("student-files"), .parameter("importID", id)]
        case .studentExit(let id): [.constant("people"), .parameter("personID", id), .constant("exit")]
        case .dualCredits(let id): [.constant("people"), .parameter("personID", id), .constant("dual-credit")]
        case .surveys: [.constant("surveys")]
        case .survey(let id): [.constant("surveys"), .parameter("surveyID", id)]
        case .surveyStep(let id, let step): [.constant("surveys"), .parameter("surveyID", id), .constant(step)]
        case .perkins: [.constant("outcomes"), .constant("perkins")]
        case .perkinsCSV: [.constant("outcomes"), .constant("perkins.csv")]
        case .perkinsSettings: [.constant("outcomes"), .constant("perkins"), .constant("settings")]
        case .nontraditionalPathways: [.constant("outcomes"), .constant("perkins"), .constant("nontraditional")]
        case .removeNontraditionalPathway(let id): [.constant("outcomes"), .constant("perkins"), .constant("nontraditional"), .parameter("pathwayID", id), .constant("remove")]
        case .exitActivities(let id): [.constant("people"), .parameter("personID", id), .constant("after-exit")]
        case .removeExitActivity(let id): [.constant("exit-activities"), .parameter("activityID", id), .constant("remove")]
        case .removeDualCredit(let id): [.constant("dual-credits"), .parameter("dualCreditID", id), .constant("remove")]
        case .beyondPlans: [.constant("beyond-plans")]
        case .beyondPlan(let id): [.constant("people"), .parameter("personID", id), .constant("beyond-plan")]
        case .beyondPlanStep(let id, let step): [.constant("people"), .parameter("personID", id), .constant("beyond-plan"), .constant(step)]
        case .withdrawBeyondPlanSignOff(let id): [.constant("beyond-plan-sign-offs"), .parameter("signOffID", id), .constant("withdraw")]
        case .removeResumeEntry(let id): [.constant("resume-entries"), .parameter("resumeEntryID", id), .constant("remove")]
        case .course(let id): [.constant("courses"), .parameter("courseID", id)]
        case .planTemplates: [.constant("plan-templates")]
        case .planTemplate(let id): [.constant("plan-templates"), .parameter("templateID", id)]
        case .graduationRequirements: [.constant("courses"), .constant("graduation")]
        case .completeCourse(let id): [.constant("people"), .parameter("personID", id), .constant("plan"), .constant("completions")]
        case .uncompleteCourse(let id): [.constant("completed-courses"), .parameter("completedCourseID", id), .constant("remove")]
        case .credentialPathway(let id): [.constant("credential-pathways"), .parameter("pathwayID", id)]
        case .credentialPathwayStep(let id, let step): [.constant("credential-pathways"), .parameter("pathwayID", id), .constant(step)]
        case .portfolio: [.constant("portfolio")]
        case .studyPlan(let id): [.constant("people"), .parameter("personID", id), .constant("plan")]
        case .studyPlanStep(let id, let step): [.constant("people"), .parameter("personID", id), .constant("plan"), .constant(step)]
        case .portfolioLinkRevoke(let id): [.constant("portfolio"), .constant("links"), .parameter("linkID", id), .constant("revoke")]
        case .clientPortfolioConsent(let id): [.constant("partners"), .parameter("clientID", id), .constant("portfolio-consent")]
        case .careerLinkRemove(let id): [.constant("career-clusters"), .constant("links"), .parameter("linkID", id), .constant("remove")]
        }
    }
}
