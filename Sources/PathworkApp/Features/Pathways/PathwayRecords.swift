import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// Reads what the records say about a student on their credential pathways, and awards the
/// milestones they meet.
enum PathwayRecords {
    struct StudentPathway: Sendable {
        let pathway: CredentialPathway
        let enrollment: PathwayEnrollment
        let requirements: [PathwayRequirement]
        let progress: PathwayProgress
    }

    /// Time entries joined to the team role the student held on the entry's team on its date (a
    /// membership covers starts_on up to, not including, ends_on): one rule for both reads below.
    private static let entriesByRole = """
        FROM time_entries t
        JOIN memberships m ON m.district_id = t.district_id AND m.student_id = t.student_id AND m.team_id = t.team_id
          AND m.starts_on <= t.work_date AND (m.ends_on IS NULL OR m.ends_on > t.work_date)
        JOIN team_roles r ON r.id = m.team_role_id
        """

    /// Approved minutes, adjustments included, by student and team role: one grouped query.
    static func approvedMinutesByRole(students: Set<UUID>, tenant: Tenant) async throws -> [UUID: [String: Int]] {
        guard !students.isEmpty else { return [:] }
        let rows = try await tenant.db.sql().raw("""
            SELECT t.student_id AS student_id, r.name AS role, CAST(SUM(t.minutes) AS BIGINT) AS minutes
            \(unsafeRaw: entriesByRole)
            WHERE t.district_id = \(bind: tenant.districtID) AND t.student_id IN (\(binds: students.map { $0 as any Encodable & Sendable }))
              AND t.status = 'approved'
            GROUP BY t.student_id, r.name
            """).all()
        var result: [UUID: [String: Int]] = [:]
        for row in rows {
            result[try row.decode(column: "student_id", as: UUID.self), default: [:]][try row.decode(column: "role", as: String.self), default: 0]
                += try row.decode(column: "minutes", as: Int.self)
        }
        return result
    }

    /// The approved work behind an hours milestone, by team and engagement: the badge's evidence.
    static func approvedWork(student: UUID, roleName: String, tenant: Tenant) async throws -> [OpenBadge.Evidence] {
        let rows = try await tenant.db.sql().raw("""
            SELECT tm.name AS team, COALESCE(e.title, '') AS engagement, CAST(SUM(t.minutes) AS BIGINT) AS minutes,
                   MIN(t.work_date) AS first_day, MAX(t.work_date) AS last_day
            \(unsafeRaw: entriesByRole)
            JOIN teams tm ON tm.id = t.team_id
            LEFT JOIN engagements e ON e.id = t.engagement_id
            WHERE t.district_id = \(bind: tenant.districtID) AND t.student_id = \(bind: student) AND t.status = 'approved'
              AND LOWER(r.name) = \(bind: roleName.lowercased())
            GROUP BY tm.name, e.title
            ORDER BY tm.name, e.title
            """).all()
        return try rows.map { row in
            let engagement = try row.decode(column: "engagement", as: String.self)
            let minutes = try row.decode(column: "minutes", as: Int.self)
            return OpenBadge.Evidence(name: "Approved work: \(try row.decode(column: "team", as: String.self))" + (engagement.isEmpty ? "" : " — \(engagement)"),
                                      narrative: "\(ChildLabor.hours(minutes)) approved by the team's lead, "
                                        + "\(try row.decode(column: "first_day", as: String.self)) to \(try row.decode(column: "last_day", as: String.self)).")
        }
    }

    /// What the records say of each student: a query per kind of record, whatever the number of
    /// students, since an approval of hundreds of entries asks this inside the writer.
    static func facts(students: Set<UUID>, tenant: Tenant, today: CalendarDate) async throws -> [UUID: PathwayFacts] {
        guard !students.isEmpty else { return [:] }
        let ids = Array(students)
        let checkpoints = Dictionary(grouping: try await tenant.query(PathwayCheckpoint.self).filter(\.$studentID ~~ ids).all(), by: \.studentID)
        let courses = Dictionary(grouping: try await tenant.query(CompletedCourse.self).filter(\.$studentID ~~ ids).all(), by: \.studentID)
        let minutes = try await approvedMinutesByRole(students: students, tenant: tenant)
        let held = try await HeldCredentials.titles(of: students, on: today, tenant: tenant)
        return Dictionary(uniqueKeysWithValues: students.map { student in
            (student, PathwayFacts(approvedMinutesByRole: minutes[student] ?? [:], heldCredentials: held[student] ?? [],
                                   checkpoints: Set((checkpoints[student] ?? []).map(\.requirementID.uuidString)),
                                   completedCourses: Set((courses[student] ?? []).map(\.courseCode))))
        })
    }

    static func pathways(of student: UUID, tenant: Tenant, today: CalendarDate) async throws -> [StudentPathway] {
        try await pathways(of: [student], tenant: tenant, today: today)[student] ?? []
    }

    /// Each student's pathways with their progress, from the facts above and one query each for
    /// the enrollments, pathways and requirements.
    static func pathways(of students: Set<UUID>, tenant: Tenant, today: CalendarDate) async throws -> [UUID: [StudentPathway]] {
        guard !students.isEmpty else { return [:] }
        let enrollments = try await tenant.query(PathwayEnrollment.self).filter(\.$studentID ~~ Array(students)).all()
        guard !enrollments.isEmpty else { return [:] }
        let pathwayIDs = Array(Set(enrollments.map(\.pathwayID)))
        let pathways = Dictionary(try await tenant.query(CredentialPathway.self).filter(\.$id ~~ pathwayIDs).all().map { (try $0.requireID(), $0) },
                                  uniquingKeysWith: { first, _ in first })
        let requirements = Dictionary(grouping: try await tenant.query(PathwayRequirement.self).filter(\.$pathwayID ~~ pathwayIDs)
            .sort(\.$year).sort(\.$createdAt).all(), by: \.pathwayID)
        let facts = try await facts(students: Set(enrollments.map(\.studentID)), tenant: tenant, today: today)
        var result: [UUID: [StudentPathway]] = [:]
        for enrollment in enrollments {
            guard let pathway = pathways[enrollment.pathwayID], let studentFacts = facts[enrollment.studentID] else { continue }
            let rules = requirements[enrollment.pathwayID] ?? []
            result[enrollment.studentID, default: []].append(StudentPathway(
                pathway: pathway, enrollment: enrollment, requirements: rules,
                progress: PathwayProgress.compute(try rules.map { try $0.rule }, facts: studentFacts)))
        }
        return result.mapValues { $0.sorted { $0.pathway.title < $1.pathway.title } }
    }

    static func requirements(of pathway: UUID, tenant: Tenant) async throws -> [PathwayRequirement] {
        try await tenant.query(PathwayRequirement.self).filter(\.$pathwayID == pathway).sort(\.$year).sort(\.$createdAt).all()
    }

    /// Issues the signed credential of every milestone the students now meet and do not hold yet.
    static func awardMilestones(students: Set<UUID>, tenant: Tenant, audit: AuditRecorder, app: Application, now: Date) async throws {
        // Every approval runs this; most approve students on no pathway, so ask once for all.
        let enrolled = Set(try await tenant.query(PathwayEnrollment.self).filter(\.$studentID ~~ Array(students)).all().map(\.studentID))
        guard !enrolled.isEmpty else { return }
        guard let district = try await District.find(tenant.districtID, on: tenant.db) else { return }
        let today = CalendarDate.on(now, timeZone: district.timeZone)
        let progress = try await pathways(of: enrolled, tenant: tenant, today: today)
        let awarded = try await tenant.query(MilestoneAward.self).filter(\.$studentID ~~ Array(enrolled)).all()
            .reduce(into: [UUID: Set<UUID>]()) { $0[$1.studentID, default: []].insert($1.requirementID) }
        for (student, items) in progress {
            for item in items {
                for (requirement, progress) in zip(item.requirements, item.progress.requirements) where requirement.issuesBadge && progress.met {
                    guard !(awarded[student] ?? []).contains(try requirement.requireID()) else { continue }
                    try await award(requirement, pathway: item.pathway, student: student, tenant: tenant, audit: audit, app: app, now: now, today: today)
                }
            }
        }
    }

    private static func award(_ requirement: PathwayRequirement, pathway: CredentialPathway, student: UUID, tenant: Tenant,
                              audit: AuditRecorder, app: Application, now: Date, today: CalendarDate) async throws {
        let person = try await tenant.find(Person.self, student)
        var evidence: [OpenBadge.Evidence] = []
        var criteria = requirement.title
        if requirement.kind == .roleHours, let role = requirement.roleName, let minutes = requirement.minutes {
            evidence = try await approvedWork(student: student, roleName: role, tenant: tenant)
            criteria = "At least \(minutes / 60) approved hours as \(role) on the district's paid project teams, counted from timesheets the team lead approved."
        } else if requirement.kind == .course, let code = requirement.courseCode,
                  let done = try await tenant.query(CompletedCourse.self).filter(\.$studentID == student).filter(\.$courseCode == code).first() {
            let title = try await tenant.query(Course.self).filter(\.$code == code).first()?.title ?? code
            evidence = [.init(name: "\(code) \(title)", narrative: "Course completed \(done.completedOn), as recorded by the district.")]
            criteria = "Completed the course \(code) \(title)."
        } else if let checkpoint = try await tenant.query(PathwayCheckpoint.self).filter(\.$requirementID == requirement.requireID())
            .filter(\.$studentID == student).first() {
            evidence = [.init(name: requirement.title, narrative: "Completed \(checkpoint.completedOn). \(checkpoint.evidence)")]
            criteria = "Completed \(requirement.title), recorded by district staff with evidence."
        }
        let issued = try await BadgeIssuer.issue(
            BadgeIssuer.Award(title: requirement.title, description: "A milestone of the \(pathway.title) pathway (year \(requirement.year)).",
                              criteria: criteria, achievementType: "Achievement", achievementID: requirement.requireID(), validFrom: today,
                              validUntil: nil, evidence: evidence, attainmentID: nil),
            to: person, tenant: tenant, audit: audit, app: app, now: now)
        let award = MilestoneAward()
        award.districtID = tenant.districtID
        award.requirementID = try requirement.requireID()
        award.studentID = student
        award.issuedCredentialID = try issued.requireID()
        try await award.create(on: tenant.db)
        audit.created("milestoneAward", id: award.id, ["requirement": requirement.title, "studentID": student.uuidString])
    }
}
