import Fluent
import Foundation
import PathworkDomain

/// The demo's mentors: a senior adviser with a cleared check mentoring the cyber team (as in the
/// seeds, on a fusion-center architecture), and one whose check is still pending.
enum DemoMentoring {
    static func seed(tenant: Tenant, audit: AuditRecorder, named: [String: UUID], today: CalendarDate) async throws {
        let teams = Dictionary(try await tenant.query(Team.self).all().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func profile(_ email: String, _ expertise: String, _ check: BackgroundCheck) async throws {
            guard let person = named[email] else { return }
            let profile = MentorProfile(districtID: tenant.districtID, personID: person)
            profile.expertise = expertise
            profile.checkStatus = check.status
            profile.checkedOn = check.checkedOn?.description
            profile.checkExpiresOn = check.expiresOn?.description
            try await profile.create(on: tenant.db)
            audit.created("mentorProfile", id: profile.id, MentorProfileJSON(profile, today: today))
        }
        try await profile("mentor@demo.test", "Cyber intelligence; fusion-center architecture with open-source tools",
                          BackgroundCheck(status: .cleared, checkedOn: today.adding(days: -200), expiresOn: today.adding(days: 530)))
        try await profile("priya.raman@partners.demo.test", "Machine learning", BackgroundCheck(status: .pending))
        try await profile("tom.becker@partners.demo.test", "Incident response",
                          BackgroundCheck(status: .cleared, checkedOn: today.adding(days: -900), expiresOn: today.adding(days: -170)))
        let mentor = named["mentor@demo.test"]!
        let cyber = teams["Cybersecurity"]!
        let assignment = MentorAssignment(districtID: tenant.districtID, mentorID: mentor, teamID: cyber.id!, startsOn: today.adding(days: -60))
        try await assignment.create(on: tenant.db)
        audit.created("mentorAssignment", id: assignment.id, ["mentorID": mentor.uuidString, "teamID": cyber.id!.uuidString])
        for (days, minutes, topic) in [(-45, 90, "Fusion-center architecture: data sources and open-source tools"),
                                       (-31, 60, "Threat intelligence feeds and triage"), (-10, 75, "Presenting the architecture to the client")] {
            let session = MentoringSession()
            session.districtID = tenant.districtID
            session.mentorID = mentor
            session.teamID = cyber.id
            session.heldOn = today.adding(days: days).description
            session.minutes = minutes
            session.topic = topic
            try await session.create(on: tenant.db)
        }
    }
}
