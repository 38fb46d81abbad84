import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A line of the résumé: one the student added (with its id, so it can be removed) or one drawn
/// from what Pathwork holds (teams, client work, placements, credentials, ventures).
struct ResumeLine: Content {
    var id: UUID?
    var kind: String
    var title: String
    var detail: String
    var startsOn: String?
    var endsOn: String?
    var fromPathwork: Bool
}

/// A student's High School and Beyond Plan as the page and the API show it.
struct BeyondPlanJSON: Content {
    struct SignOff: Content { var id: UUID; var schoolYear: String; var grade: Int; var signedOn: String; var counselor: String; var note: String }

    var studentId: UUID
    var grade: Int
    var schoolYear: String
    /// Signed off by a counselor in the school year under way.
    var current: Bool
    var missing: [String]
    var careerGoals: String
    var educationGoals: String
    var graduationPathways: [String]
    var interestCode: String?
    var interestTakenAt: Date?
    var plannedGrades: [Int]
    var resume: [ResumeLine]
    var signOffs: [SignOff]

    static func schoolYear(_ start: Int) -> String { "\(start)-\(start + 1)" }

    static func build(_ student: PersonRecord, on req: Request) async throws -> BeyondPlanJSON {
        let tenant = try req.tenant
        let grade = student.profile?.grade ?? 0
        let contents = try await BeyondPlanWriter.contents(student: student.id, tenant: tenant)
        let year = SchoolCalendar.schoolYearStart(containing: req.today)
        let signOffs = try await tenant.query(BeyondPlanSignOff.self).filter(\.$studentID == student.id).sort(\.$schoolYear, .descending).all()
        let counselors = Dictionary(uniqueKeysWithValues: try await tenant.query(Person.self).filter(\.$id ~~ Set(signOffs.map(\.counselorID))).all()
            .map { (try $0.requireID(), $0.fullName) })
        let latest = try await tenant.query(InterestResult.self).filter(\.$studentID == student.id).sort(\.$takenAt, .descending).first()
        return BeyondPlanJSON(
            studentId: student.id, grade: grade, schoolYear: schoolYear(year),
            current: BeyondPlanRules.isCurrent(signedOffIn: Set(signOffs.map(\.schoolYear)), year: year),
            missing: BeyondPlanRules.missing(contents, grade: grade).map(\.rawValue),
            careerGoals: contents.careerGoals, educationGoals: contents.educationGoals,
            graduationPathways: GraduationPathwayOption.allCases.filter(contents.graduationPathways.contains).map(\.rawValue),
            interestCode: latest?.code, interestTakenAt: latest?.takenAt, plannedGrades: contents.plannedGrades.sorted(),
            resume: try await resume(student.id, on: req),
            signOffs: try signOffs.map { SignOff(id: try $0.requireID(), schoolYear: schoolYear($0.schoolYear), grade: $0.grade, signedOn: $0.signedOn,
                                                 counselor: counselors[$0.counselorID] ?? "a counselor", note: $0.note) })
    }

    /// The résumé: the student's own entries and the portfolio's record, newest first.
    static func resume(_ student: UUID, on req: Request) async throws -> [ResumeLine] {
        let tenant = try req.tenant
        let portfolio = try await PortfolioJSON.build(student: student, tenant: tenant, app: req.application, today: req.today, expiresAt: req.now)
        var lines = try await tenant.query(ResumeEntry.self).filter(\.$studentID == student).all().map { entry in
            ResumeLine(id: try entry.requireID(), kind: entry.kind, title: entry.title,
                       detail: [entry.organization, entry.recognition].filter { !$0.isEmpty }.joined(separator: " · "),
                       startsOn: entry.startsOn, endsOn: entry.endsOn, fromPathwork: false)
        }
        let work = ResumeEntryKind.work.rawValue
        lines += portfolio.seats.map { ResumeLine(kind: work, title: "\($0.role), \($0.team)", detail: "Pathwork team", startsOn: $0.startsOn, endsOn: $0.endsOn, fromPathwork: true) }
        lines += portfolio.work.map {
            ResumeLine(kind: work, title: $0.engagement, detail: (["\($0.team) for \($0.client), \($0.approvedMinutes / 60) hours"] + $0.acceptedDeliverables.map { "delivered \($0)" })
                .joined(separator: " · "), fromPathwork: true)
        }
        lines += portfolio.placements.map {
            ResumeLine(kind: work, title: $0.title, detail: "\($0.kind) at \($0.partner), \($0.approvedMinutes / 60) hours", startsOn: $0.startsOn, endsOn: $0.endsOn, fromPathwork: true)
        }
        lines += portfolio.credentials.map {
            ResumeLine(kind: ResumeEntryKind.education.rawValue, title: $0.title, detail: "Credential", startsOn: $0.validFrom, endsOn: $0.validUntil, fromPathwork: true)
        }
        lines += portfolio.ventures.map {
            ResumeLine(kind: ResumeEntryKind.activity.rawValue, title: $0.name, detail: (["Venture"] + $0.stagesCompleted).joined(separator: " · "), fromPathwork: true)
        }
        return lines.sorted { ($0.startsOn ?? "") > ($1.startsOn ?? "") }
    }

    static let schema = Schema.object([
        ("studentId", .string(format: "uuid")), ("grade", .integer()), ("schoolYear", .string()), ("current", .boolean),
        ("missing", .array(.enumeration(BeyondPlanPart.allCases.map(\.rawValue)))), ("careerGoals", .string()), ("educationGoals", .string()),
        ("graduationPathways", .array(.enumeration(GraduationPathwayOption.allCases.map(\.rawValue)))),
        ("interestCode", .nullable(.string())), ("interestTakenAt", .nullable(.string(format: "date-time"))), ("plannedGrades", .array(.integer())),
        ("resume", .array(.ref("ResumeLine"))),
        ("signOffs", .array(.object([("id", .string(format: "uuid")), ("schoolYear", .string()), ("grade", .integer()), ("signedOn", .string(format: "date")),
                                     ("counselor", .string()), ("note", .string())], required: ["id", "schoolYear", "grade", "signedOn", "counselor", "note"]))),
    ], required: ["studentId", "grade", "schoolYear", "current", "missing", "careerGoals", "educationGoals", "graduationPathways", "plannedGrades", "resume", "signOffs"])

    static let lineSchema = Schema.object([
        ("id", .nullable(.string(format: "uuid"))), ("kind", .enumeration(ResumeEntryKind.allCases.map(\.rawValue))), ("title", .string()), ("detail", .string()),
        ("startsOn", .nullable(.string())), ("endsOn", .nullable(.string())), ("fromPathwork", .boolean),
    ], required: ["kind", "title", "detail", "fromPathwork"])
}
