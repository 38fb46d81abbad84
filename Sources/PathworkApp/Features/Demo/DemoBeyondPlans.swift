import Fluent
import Foundation
import PathworkDomain

/// A High School and Beyond Plan for the grade-12 demo student, signed off last school year, so
/// a district that turns on Washington's rules sees one to review this year.
enum DemoBeyondPlans {
    static func seed(tenant: Tenant, audit: AuditRecorder, student: UUID, counselor: UUID, now: Date, today: CalendarDate) async throws {
        let answers = Dictionary(uniqueKeysWithValues: InterestInventory.items.map { item in
            (item.id, ["drone", "Build", "Wire", "engine"].contains { item.text.contains($0) } ? InterestInventory.Answer.soundsFun : .maybe)
        })
        let profile = InterestInventory.score(answers)
        let result = InterestResult()
        result.districtID = tenant.districtID
        result.studentID = student
        result.takenAt = now.addingTimeInterval(-400 * 86_400)
        result.answers = String(decoding: try JSONEncoder().encode(answers.mapValues(\.rawValue)), as: UTF8.self)
        result.code = profile.code
        result.scores = String(decoding: try JSONEncoder().encode(Dictionary(uniqueKeysWithValues: profile.scores.map { ($0.key.rawValue, $0.value) })), as: UTF8.self)
        try await result.create(on: tenant.db)
        audit.created("interestResult", id: result.id, ["code": profile.code])
        let plan = BeyondPlan()
        plan.districtID = tenant.districtID
        plan.studentID = student
        plan.careerGoals = "Commercial drone pilot doing site surveys; later, a network security analyst."
        plan.educationGoals = "Associate degree in cybersecurity at Front Range Community College, starting with the dual-credit SEC401."
        plan.graduationPathways = BeyondPlan.text([.cteSequence, .dualCredit])
        plan.updatedAt = now.addingTimeInterval(-200 * 86_400)
        plan.updatedBy = student
        try await plan.create(on: tenant.db)
        audit.created(BeyondPlan.schema, id: plan.id, plan.snapshot)
        let lastYear = SchoolCalendar.schoolYearStart(containing: today) - 1
        let signOff = BeyondPlanSignOff()
        signOff.districtID = tenant.districtID
        signOff.studentID = student
        signOff.schoolYear = lastYear
        signOff.grade = 11
        signOff.signedOn = "\(lastYear + 1)-03-12"
        signOff.counselorID = counselor
        signOff.note = "Reviewed with his mother; add Security+ prep to grade 12."
        try await signOff.create(on: tenant.db)
        audit.created(BeyondPlanSignOff.schema, id: signOff.id, signOff.snapshot)
    }
}
