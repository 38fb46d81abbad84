import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CredentialPathwayInput: Content {
    var title: String?
    var description: String?
    var years: Int?
}

struct PathwayRequirementInput: Content {
    var year: Int?
    var title: String?
    var kind: PathwayRequirementKind?
    var roleName: String?
    var hours: Int?
    var credentialTitle: String?
    var courseCode: String?
    var issuesBadge: Bool?
}

struct PathwayEnrollmentInput: Content {
    var studentId: String?
    /// The page's form names the student by number instead.
    var studentNumber: String?
    var startedOn: String?
}

struct PathwayCheckpointInput: Content {
    var requirementId: String?
    var studentId: String?
    var completedOn: String?
    var evidence: String?
}

/// Writes credential pathways: the pathway, its requirements, who follows it, and the lab
/// modules and exams staff record. Every check names its field; nothing is half-written.
enum CredentialPathwayWriter {
    static func create(_ input: CredentialPathwayInput, on req: Request) async throws -> CredentialPathway {
        try req.viewer.require(.manageCredentials)
        let title = input.title?.nonEmpty ?? ""
        var errors: [FieldError] = []
        if title.isEmpty || title.count > 160 { errors.append(FieldError(field: "title", message: "Name the pathway.")) }
        if !(1...6).contains(input.years ?? 0) { errors.append(FieldError(field: "years", message: "A pathway runs 1 to 6 years.")) }
        if !title.isEmpty, try await req.tenant.query(CredentialPathway.self).filter(\.$title == title).first() != nil {
            errors.append(FieldError.duplicate(field: "title", message: "The district already has a pathway with this name."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let pathway = CredentialPathway()
            pathway.districtID = tenant.districtID
            pathway.title = title
            pathway.description = input.description?.nonEmpty ?? ""
            pathway.years = input.years!
            try await pathway.create(on: tenant.db)
            audit.created("credentialPathway", id: pathway.id, ["title": title, "years": String(pathway.years)])
            return pathway
        }
    }

    static func addRequirement(_ input: PathwayRequirementInput, to pathway: CredentialPathway, on req: Request) async throws -> PathwayRequirement {
        try req.viewer.require(.manageCredentials)
        var errors: [FieldError] = []
        let title = input.title?.nonEmpty ?? ""
        if title.isEmpty || title.count > 160 { errors.append(FieldError(field: "title", message: "Say what the student must do.")) }
        if !(1...pathway.years).contains(input.year ?? 0) { errors.append(.rule(field: "year", message: "Choose a year from 1 to \(pathway.years).")) }
        let role = input.roleName?.nonEmpty
        switch input.kind {
        case nil: errors.append(FieldError(field: "kind", message: "Choose the kind of requirement."))
        case .roleHours?:
            if role == nil { errors.append(.rule(field: "roleName", message: "Name the team role whose approved hours count.")) }
            if !(1...2000).contains(input.hours ?? 0) { errors.append(.rule(field: "hours", message: "Hours must be from 1 to 2,000.")) }
        case .credential?:
            let title = input.credentialTitle?.nonEmpty ?? ""
            let known = title.isEmpty ? nil : try await req.tenant.query(Credential.self).filter(\.$title == title).first()
            if known == nil {
                errors.append(title.isEmpty ? .rule(field: "credentialTitle", message: "Choose a credential from the catalog.")
                    : .reference(field: "credentialTitle", message: "Choose a credential from the catalog."))
            }
            if input.issuesBadge == true { errors.append(.rule(field: "issuesBadge", message: "The credential itself is issued when it is recorded.")) }
        case .course?:
            let code = input.courseCode?.trimmed.uppercased() ?? ""
            let known = code.isEmpty ? nil : try await req.tenant.query(Course.self).filter(\.$code == code).first()
            if known == nil {
                errors.append(code.isEmpty ? .rule(field: "courseCode", message: "Choose a course from the catalog.")
                    : .reference(field: "courseCode", message: "Choose a course from the catalog."))
            }
        case .checkpoint?: break
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let requirement = PathwayRequirement()
            requirement.districtID = tenant.districtID
            requirement.pathwayID = try pathway.requireID()
            requirement.year = input.year!
            requirement.title = title
            requirement.kind = input.kind!
            requirement.roleName = input.kind == .roleHours ? role : nil
            requirement.minutes = input.kind == .roleHours ? input.hours! * 60 : nil
            requirement.credentialTitle = input.kind == .credential ? input.credentialTitle?.nonEmpty : nil
            requirement.courseCode = input.kind == .course ? input.courseCode?.trimmed.uppercased() : nil
            requirement.issuesBadge = input.issuesBadge ?? false
            try await requirement.create(on: tenant.db)
            audit.created("pathwayRequirement", id: requirement.id, ["pathway": pathway.title, "title": title, "kind": input.kind!.rawValue])
            return requirement
        }
    }

    static func enroll(_ input: PathwayEnrollmentInput, in pathway: CredentialPathway, on req: Request) async throws -> PathwayEnrollment {
        try req.viewer.require(.manageCredentials)
        let tenant = try req.tenant
        var studentID = input.studentId.flatMap { UUID(uuidString: $0) }
        if studentID == nil, let number = input.studentNumber?.nonEmpty {
            studentID = try await tenant.query(StudentProfile.self).filter(\.$studentNumber == number).first()?.$person.id
        }
        var errors: [FieldError] = []
        let started = input.startedOn?.nonEmpty.map { CalendarDate(iso: $0) } ?? req.today
        if started == nil { errors.append(FieldError(field: "startedOn", message: "Enter the start date as YYYY-MM-DD.")) }
        guard let studentID, try await tenant.query(StudentProfile.self).filter(\.$person.$id == studentID).first() != nil else {
            throw PathworkError.invalid(errors + [.reference(field: input.studentNumber == nil ? "studentId" : "studentNumber", message: "No student with that number or id in this district.")])
        }
        if try await tenant.query(PathwayEnrollment.self).filter(\.$pathwayID == pathway.requireID()).filter(\.$studentID == studentID).first() != nil {
            errors.append(FieldError.duplicate(field: "studentNumber", message: "That student already follows this pathway."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let enrollment = PathwayEnrollment()
            enrollment.districtID = tenant.districtID
            enrollment.pathwayID = try pathway.requireID()
            enrollment.studentID = studentID
            enrollment.startedOn = started!.description
            try await enrollment.create(on: tenant.db)
            audit.created("pathwayEnrollment", id: enrollment.id, ["pathway": pathway.title, "studentID": studentID.uuidString])
            return enrollment
        }
    }

    /// Records a lab module or exam and awards its milestone in the same change.
    static func recordCheckpoint(_ input: PathwayCheckpointInput, on req: Request) async throws -> PathwayCheckpoint {
        let viewer = try req.viewer
        try viewer.require(.manageCredentials)
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let requirement = try await input.requirementId.flatMap(UUID.init(uuidString:)).asyncMap { try await tenant.query(PathwayRequirement.self).filter(\.$id == $0).first() } ?? nil
        if requirement?.kind != .checkpoint {
            errors.append(FieldError(field: "requirementId", message: "Choose a lab module or exam of the pathway.", kind: requirement == nil ? .reference : .rule))
        }
        let studentID = input.studentId.flatMap(UUID.init(uuidString:))
        var enrolled = false
        if let requirement, let studentID {
            enrolled = try await tenant.query(PathwayEnrollment.self).filter(\.$pathwayID == requirement.pathwayID).filter(\.$studentID == studentID).first() != nil
        }
        if !enrolled { errors.append(.rule(field: "studentId", message: "Choose a student who follows this pathway.")) }
        let completed = CalendarDate(iso: input.completedOn ?? "")
        if completed == nil || completed! > req.today { errors.append(.rule(field: "completedOn", message: "Enter the date it was completed (today or earlier).")) }
        let evidence = input.evidence?.nonEmpty ?? ""
        if evidence.isEmpty || evidence.count > 500 { errors.append(FieldError(field: "evidence", message: "Record the evidence: a score, a lab report, who checked it.")) }
        if errors.isEmpty, try await tenant.query(PathwayCheckpoint.self).filter(\.$requirementID == requirement!.requireID()).filter(\.$studentID == studentID!).first() != nil {
            errors.append(FieldError.duplicate(field: "requirementId", message: "This is already recorded for the student."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let (app, now) = (req.application, req.now)
        return try await req.change { tenant, audit in
            let checkpoint = PathwayCheckpoint()
            checkpoint.districtID = tenant.districtID
            checkpoint.requirementID = try requirement!.requireID()
            checkpoint.studentID = studentID!
            checkpoint.completedOn = completed!.description
            checkpoint.evidence = evidence
            checkpoint.recordedBy = viewer.personID
            try await checkpoint.create(on: tenant.db)
            audit.created("pathwayCheckpoint", id: checkpoint.id, ["requirement": requirement!.title, "studentID": studentID!.uuidString,
                                                                  "completedOn": checkpoint.completedOn, "evidence": evidence])
            try await PathwayRecords.awardMilestones(students: [studentID!], tenant: tenant, audit: audit, app: app, now: now)
            return checkpoint
        }
    }
}
