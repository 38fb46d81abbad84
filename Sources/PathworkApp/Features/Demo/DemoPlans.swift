import Fluent
import Foundation
import PathworkDomain

/// A course catalog, a cybersecurity plan-of-study template, completed courses for the
/// certification pathway's students and plans for the two demo students.
enum DemoPlans {
    static let courses: [(String, String, Int, String?, [String])] = [
        ("ENG9", "English 9", 10, nil, []), ("ENG10", "English 10", 10, nil, ["ENG9"]), ("ENG11", "English 11", 10, nil, ["ENG10"]),
        ("ENG12", "English 12", 10, nil, ["ENG11"]), ("ALG1", "Algebra I", 10, nil, []), ("GEO", "Geometry", 10, nil, ["ALG1"]),
        ("ALG2", "Algebra II", 10, nil, ["ALG1"]), ("BIO", "Biology", 10, nil, []), ("CHEM", "Chemistry", 10, nil, []),
        ("WH", "World History", 10, nil, []), ("USH", "U.S. History", 10, nil, []), ("GOV", "Government", 5, nil, []),
        ("HLTH", "Health", 5, nil, []), ("PE", "Physical Education", 10, nil, []),
        ("CS101", "Computer Science Principles", 10, "Cybersecurity", []),
        ("NET201", "Networking Fundamentals", 10, "Cybersecurity", ["CS101"]),
        ("SEC301", "Cybersecurity Operations", 10, "Cybersecurity", ["NET201"]),
        ("SEC401", "Security+ Exam Preparation (dual credit)", 10, "Cybersecurity", ["SEC301"]),
        ("AG101", "Introduction to Agriscience", 10, "Agriculture", []),
    ]
    static let template: [(String, Int)] = [
        ("ENG9", 9), ("ALG1", 9), ("BIO", 9), ("WH", 9), ("CS101", 9), ("PE", 9), ("HLTH", 9),
        ("ENG10", 10), ("GEO", 10), ("CHEM", 10), ("USH", 10), ("NET201", 10),
        ("ENG11", 11), ("ALG2", 11), ("GOV", 11), ("SEC301", 11), ("ENG12", 12), ("SEC401", 12),
    ]

    static func seed(tenant: Tenant, audit: AuditRecorder, planned: [UUID], now: Date, today: CalendarDate) async throws {
        let students = try await tenant.query(PathwayEnrollment.self).all().map(\.studentID)
        for (code, title, credits, program, prerequisites) in courses {
            let course = Course()
            course.districtID = tenant.districtID
            course.code = code
            course.title = title
            course.creditTenths = credits
            course.cteProgram = program
            course.dualCreditPartner = code == "SEC401" ? "Front Range Community College" : nil
            course.dualCreditKind = code == "SEC401" ? DualCreditKind.cteDualCredit.rawValue : nil
            course.pathwayCode = program == nil ? nil : program == "Cybersecurity" ? "IT.2" : "AG.1"
            course.prerequisites = prerequisites.joined(separator: ",")
            try await course.create(on: tenant.db)
            audit.created("course", id: course.id, ["code": code])
        }
        let plan = PlanTemplate()
        plan.districtID = tenant.districtID
        plan.title = "Cybersecurity (Network Systems)"
        plan.pathwayCode = "IT.2"
        plan.courses = PlanText.encode(template.map { PlannedCourse(code: $0.0, grade: $0.1) })
        plan.postsecondary = "Associate degree in cybersecurity at Front Range Community College (SEC401 carries dual credit), or a bachelor's in computer science."
        plan.milestones = "Year 1 networking lab; paid analyst hours on the Cybersecurity team; CompTIA Security+ in grade 12."
        try await plan.create(on: tenant.db)
        audit.created("planTemplate", id: plan.id, ["title": plan.title])
        // The pathway's students at different points: every one finished CS101, two in three NET201.
        for (index, student) in students.enumerated() {
            for code in index % 3 == 2 ? ["CS101"] : ["CS101", "NET201"] {
                let done = CompletedCourse()
                done.districtID = tenant.districtID
                done.studentID = student
                done.courseCode = code
                done.completedOn = today.adding(days: code == "CS101" ? -300 : -120).description
                try await done.create(on: tenant.db)
                audit.created("completedCourse", id: done.id, ["course": code])
            }
        }
        for student in planned {
            let own = StudyPlan()
            own.districtID = tenant.districtID
            own.studentID = student
            own.templateID = plan.id
            own.courses = plan.courses
            own.updatedAt = now
            try await own.create(on: tenant.db)
            audit.created("studyPlan", id: own.id, ["template": plan.title])
        }
    }
}
