import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The demo's surveys (seed 003: Washington STEM asks students and staff): last spring's
/// anonymous student experience survey, answered by most students, with results by group; and
/// this fall's partner survey, open, sent to partners' contacts and mentors.
enum DemoSurveys {
    static func seed(tenant: Tenant, audit: AuditRecorder, coordinator: UUID, students: [UUID], today: CalendarDate) async throws {
        let year = SchoolCalendar.schoolYearStart(containing: today)
        var random = SeededRandom(seed: 2_003)
        let spring = Self.spring(year, districtID: tenant.districtID, anonymous: true, createdBy: coordinator)
        try await spring.create(on: tenant.db)
        audit.created(Survey.schema, id: spring.id, spring.snapshot)
        let sql = try tenant.db.sql()
        for (index, student) in students.enumerated() {
            let invitation = SurveyInvitation()
            invitation.districtID = tenant.districtID
            invitation.surveyID = try spring.requireID()
            invitation.personID = student
            guard random.chance(82) else { try await invitation.create(on: tenant.db); continue }
            invitation.completedOn = "\(year)-05-0\(1 + index % 9)"
            try await invitation.create(on: tenant.db)
            let groups = try await SurveyWriter.respondentGroups(student, tenant: tenant)
            let answers = Self.studentExperience(barrier: groups.contains { $0.token == "flag.economicallyDisadvantaged:yes" || $0.token == "flag.englishLearner:yes" },
                                                 index: index, random: &random)
            try await sql.raw("""
                INSERT INTO survey_responses (id, district_id, survey_id, person_id, submitted_at, answers)
                VALUES (\(bind: UUID()), \(bind: tenant.districtID), \(bind: spring.requireID()), NULL, NULL, \(bind: try StoredJSON.string(answers)))
                """).run()
            try await SurveyCells.add(answers, groups: groups, surveyID: try spring.requireID(), districtID: tenant.districtID, db: tenant.db)
        }
        let partner = Self.survey(.partner, title: "Partner survey, fall \(year)", districtID: tenant.districtID, anonymous: false,
                                  audience: SurveyAudience(kind: .partnerContacts), status: .open,
                                  closesOn: max(today.adding(days: 21), CalendarDate(year: year, month: 12, day: 18)!), sentOn: today.adding(days: -3),
                                  createdBy: coordinator)
        try await partner.create(on: tenant.db)
        audit.created(Survey.schema, id: partner.id, partner.snapshot)
        for person in try await partner.audience.recipients(tenant: tenant, today: today) {
            let invitation = SurveyInvitation()
            invitation.districtID = tenant.districtID
            invitation.surveyID = try partner.requireID()
            invitation.personID = person
            try await invitation.create(on: tenant.db)
        }
    }

    /// One student's answers to the student experience template: students who face more
    /// barriers say a little less often that an adult is there for them.
    static func studentExperience(barrier: Bool, index: Int, random: inout SeededRandom) -> [String: SurveyAnswer] {
        var answers: [String: SurveyAnswer] = [
            "belong": .level(random.weighted([(5, 4), (4, 6), (3, 3), (2, 1), (1, 1)])),
            "adult": .level(random.weighted(barrier ? [(5, 2), (4, 5), (3, 4), (2, 2), (1, 1)] : [(5, 5), (4, 6), (3, 2), (2, 1), (1, 1)])),
            "skills": .level(random.weighted([(5, 5), (4, 6), (3, 2), (2, 1), (1, 1)])),
            "plan": .choice(Int.random(in: 0..<6, using: &random)),
        ]
        if random.chance(70) { answers["experiences"] = .choices(Set((0..<4).filter { _ in random.chance(35) })) }
        if random.chance(60) { answers["hours"] = .number(Int.random(in: 2...15, using: &random)) }
        if random.chance(25) { answers["better"] = .text(["More hours after school.", "Rides to the worksite.", "Meet the client earlier.",
                                                          "More teams for freshmen."][index % 4]) }
        return answers
    }

    /// A student experience survey of the spring of `year`, closed: sent April 20, closed May 15.
    static func spring(_ year: Int, districtID: UUID, anonymous: Bool, createdBy: UUID) -> Survey {
        survey(.studentExperience, title: "Student experience, spring \(year)", districtID: districtID, anonymous: anonymous,
               audience: SurveyAudience(kind: .students), status: .closed, closesOn: CalendarDate(year: year, month: 5, day: 15)!,
               sentOn: CalendarDate(year: year, month: 4, day: 20)!, createdBy: createdBy)
    }

    /// A survey made from one of the templates, sent at midnight UTC of `sentOn`.
    private static func survey(_ template: SurveyTemplate, title: String, districtID: UUID, anonymous: Bool, audience: SurveyAudience,
                               status: Survey.Status, closesOn: CalendarDate, sentOn: CalendarDate, createdBy: UUID) -> Survey {
        let survey = Survey()
        survey.districtID = districtID
        survey.title = title
        survey.intro = template.intro
        survey.template = template.rawValue
        survey.definition = template.definition
        survey.anonymous = anonymous
        survey.audience = audience
        survey.status = status
        survey.closesOn = closesOn.description
        survey.sentAt = Date(timeIntervalSince1970: TimeInterval(sentOn.dayNumber) * 86_400)
        survey.createdBy = createdBy
        return survey
    }
}
