import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

struct BeyondPlanInput: Content {
    var careerGoals: String?
    var educationGoals: String?
    var graduationPathways: [String]?
}

struct BeyondPlanSignOffInput: Content {
    var note: String?
}

struct ResumeEntryInput: Content {
    var kind: String?
    var title: String?
    var organization: String?
    var startsOn: String?
    var endsOn: String?
    var recognition: String?
}

/// Changes to a student's High School and Beyond Plan. The student writes it (and staff who
/// manage plans of study help); a counselor signs it off once a school year, and only a plan
/// with every part the student's grade requires — checked inside the change that signs.
enum BeyondPlanWriter {
    static let longest = 2000

    /// The plan is Washington's: other districts do not keep one.
    static func requireWashington(_ tenant: Tenant) async throws {
        guard try await LaborCheck.settings(tenant).overlay == .washington else {
            throw Abort(.notFound, reason: "The High School and Beyond Plan is Washington's; this district does not follow Washington's rules.")
        }
    }

    /// The student the request names, when the viewer may see their plan (the student, their
    /// guardians, district staff).
    static func student(_ req: Request) async throws -> PersonRecord {
        try await requireWashington(try req.tenant)
        return try await StudyPlans.student(req)
    }

    static func canEdit(_ viewer: Viewer, student: UUID) -> Bool { viewer.personID == student || viewer.can(.manageCredentials) }

    static func requireEditor(_ req: Request, student: UUID) throws {
        guard canEdit(try req.viewer, student: student) else { throw Abort(.forbidden, reason: "The student and the staff who keep plans of study change the plan.") }
    }

    /// What the plan holds today, read on `tenant` (inside a change when signing).
    static func contents(student: UUID, tenant: Tenant) async throws -> BeyondPlanContents {
        let plan = try await tenant.query(BeyondPlan.self).filter(\.$studentID == student).first()
        let inventory = try await tenant.query(InterestResult.self).filter(\.$studentID == student).first() != nil
        let courses = PlanText.decode(try await tenant.query(StudyPlan.self).filter(\.$studentID == student).first()?.courses ?? "")
        return BeyondPlanContents(careerGoals: plan?.careerGoals ?? "", educationGoals: plan?.educationGoals ?? "", graduationPathways: plan?.pathways ?? [],
                                  inventoryTaken: inventory, plannedGrades: Set(courses.map(\.grade)),
                                  resumeEntries: try await resumeCount(student: student, tenant: tenant))
    }

    /// What a résumé line is: the student's own entries and what Pathwork holds (team seats,
    /// completed placements, credentials not revoked, ventures) — each a table and its filter,
    /// counted for one student here and for a whole district in `BeyondPlanRoster`.
    static let resumeSources: [(table: String, only: String)] = [
        ("resume_entries", ""), ("memberships", ""), ("venture_members", ""),
        ("placements", " AND status = 'completed'"), ("issued_credentials", " AND revoked_at IS NULL"),
    ]

    static func resumeCount(student: UUID, tenant: Tenant) async throws -> Int {
        var lines = 0
        for source in resumeSources {
            lines += try await tenant.db.sql().raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: source.table) WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: student)"
                + SQLQueryString(source.only)).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return lines
    }

    static func save(_ input: BeyondPlanInput, student: UUID, on req: Request) async throws {
        try requireEditor(req, student: student)
        var errors: [FieldError] = []
        let career = (input.careerGoals ?? "").trimmed, education = (input.educationGoals ?? "").trimmed
        if career.count > longest { errors.append(FieldError(field: "careerGoals", message: "Keep career goals under \(longest) characters.")) }
        if education.count > longest { errors.append(FieldError(field: "educationGoals", message: "Keep education goals under \(longest) characters.")) }
        var options: Set<GraduationPathwayOption> = []
        for raw in input.graduationPathways ?? [] {
            guard let option = GraduationPathwayOption(rawValue: raw) else {
                errors.append(FieldError(field: "graduationPathways", message: "“\(raw)” is not a graduation pathway option.")); continue
            }
            options.insert(option)
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let (now, by, pathways) = (req.now, try req.viewer.personID, BeyondPlan.text(options))
        try await req.change { tenant, audit in
            let existing = try await tenant.query(BeyondPlan.self).filter(\.$studentID == student).first()
            let plan = existing ?? BeyondPlan()
            let before = existing?.snapshot
            plan.districtID = tenant.districtID
            plan.studentID = student
            plan.careerGoals = career
            plan.educationGoals = education
            plan.graduationPathways = pathways
            plan.updatedAt = now
            plan.updatedBy = by
            try await plan.save(on: tenant.db)
            audit.record(before == nil ? "create" : "update", BeyondPlan.schema, id: plan.id, before: before, after: plan.snapshot)
        }
    }

    /// The counselor's sign-off for the school year under way.
    static func signOff(_ input: BeyondPlanSignOffInput, student: PersonRecord, on req: Request) async throws -> BeyondPlanSignOff {
        let viewer = try req.viewer
        try viewer.require(.signOffBeyondPlans)
        let note = (input.note ?? "").trimmed
        if note.count > longest { throw PathworkError.invalid([FieldError(field: "note", message: "Keep the note under \(longest) characters.")]) }
        guard let grade = student.profile?.grade else { throw Abort(.badRequest, reason: "Only students have a plan.") }
        guard grade >= BeyondPlanRules.firstGrade else {
            throw PathworkError.invalid([.rule(field: "plan", message: "Plans start in grade \(BeyondPlanRules.firstGrade), with the interest inventory.")])
        }
        let (today, id) = (req.today, student.id)
        let year = SchoolCalendar.schoolYearStart(containing: today)
        return try await req.change { tenant, audit in
            if try await tenant.query(BeyondPlanSignOff.self).filter(\.$studentID == id).filter(\.$schoolYear == year).first() != nil {
                throw PathworkError.conflict("beyondPlan.signedOff", "The plan is already signed off for \(year)–\(String(year + 1).suffix(2)).")
            }
            let missing = BeyondPlanRules.missing(try await contents(student: id, tenant: tenant), grade: grade)
            if !missing.isEmpty {
                throw PathworkError.invalid([.rule(field: "plan", message: "Before signing off, the plan needs: \(missing.map(\.title).joined(separator: ", ")).")])
            }
            let signOff = BeyondPlanSignOff()
            signOff.districtID = tenant.districtID
            signOff.studentID = id
            signOff.schoolYear = year
            signOff.grade = grade
            signOff.signedOn = today.description
            signOff.counselorID = viewer.personID
            signOff.note = note
            try await signOff.create(on: tenant.db)
            audit.created(BeyondPlanSignOff.schema, id: signOff.id, signOff.snapshot)
            audit.emit(.students([id]))
            return signOff
        }
    }

    /// Takes back a sign-off given in error; the plan is no longer current for that year.
    static func withdraw(_ id: UUID?, on req: Request) async throws -> UUID {
        try req.viewer.require(.signOffBeyondPlans)
        try await requireWashington(try req.tenant)
        let signOff = try await req.tenant.find(BeyondPlanSignOff.self, id)
        try await req.change { tenant, audit in
            guard let current = try await tenant.query(BeyondPlanSignOff.self).filter(\.$id == signOff.id!).first() else { return }
            try await current.delete(on: tenant.db)
            audit.deleted(BeyondPlanSignOff.schema, id: current.id, current.snapshot)
            audit.emit(.students([current.studentID]))
        }
        return signOff.studentID
    }

    static func addEntry(_ input: ResumeEntryInput, student: UUID, on req: Request) async throws -> ResumeEntry {
        try requireEditor(req, student: student)
        var errors: [FieldError] = []
        let kind = ResumeEntryKind(rawValue: input.kind ?? "")
        if kind == nil { errors.append(FieldError(field: "kind", message: "Choose what kind of entry this is.")) }
        let title = (input.title ?? "").trimmed
        if title.isEmpty || title.count > 200 { errors.append(FieldError(field: "title", message: "Say what it was, in under 200 characters.")) }
        let starts = CalendarDate(iso: (input.startsOn ?? "").trimmed)
        if starts == nil || starts! > req.today { errors.append(.rule(field: "startsOn", message: "Enter when it started (today or earlier), as YYYY-MM-DD.")) }
        let endsText = (input.endsOn ?? "").trimmed
        let ends = CalendarDate(iso: endsText)
        if !endsText.isEmpty && ends == nil { errors.append(FieldError(field: "endsOn", message: "Enter when it ended as YYYY-MM-DD, or leave it empty.")) }
        if let starts, let ends, ends < starts { errors.append(.rule(field: "endsOn", message: "It cannot end before it started.")) }
        let organization = (input.organization ?? "").trimmed, recognition = (input.recognition ?? "").trimmed
        if organization.count > 200 { errors.append(FieldError(field: "organization", message: "Keep the organization under 200 characters.")) }
        if recognition.count > 500 { errors.append(FieldError(field: "recognition", message: "Keep this under 500 characters.")) }
        guard let kind, let starts, errors.isEmpty else { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let entry = ResumeEntry()
            entry.districtID = tenant.districtID
            entry.studentID = student
            entry.kind = kind.rawValue
            entry.title = title
            entry.organization = organization
            entry.startsOn = starts.description
            entry.endsOn = ends?.description
            entry.recognition = recognition
            try await entry.create(on: tenant.db)
            audit.created(ResumeEntry.schema, id: entry.id, entry.snapshot)
            return entry
        }
    }

    static func removeEntry(_ id: UUID?, on req: Request) async throws -> UUID {
        let entry = try await req.tenant.find(ResumeEntry.self, id)
        try requireEditor(req, student: entry.studentID)
        try await req.change { tenant, audit in
            guard let current = try await tenant.query(ResumeEntry.self).filter(\.$id == entry.id!).first() else { return }
            try await current.delete(on: tenant.db)
            audit.deleted(ResumeEntry.schema, id: current.id, current.snapshot)
        }
        return entry.studentID
    }
}
