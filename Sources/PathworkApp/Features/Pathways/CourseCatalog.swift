import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CourseInput: Content {
    var code: String?
    var title: String?
    var creditTenths: Int?
    var cteProgram: String?
    var dualCreditPartner: String?
    var dualCreditKind: String?
    var pathwayCode: String?
    var prerequisites: [String]?
}

struct PlanTemplateInput: Content {
    struct Item: Content { var code: String; var grade: Int }
    var title: String?
    var pathwayCode: String?
    var courses: [Item]?
    var postsecondary: String?
    var milestones: String?
}

struct GraduationRequirementsInput: Content {
    var graduationCreditTenths: Int?
    var maxCreditTenthsPerYear: Int?
}

struct CourseJSON: Content {
    var id: UUID
    var code: String
    var title: String
    var creditTenths: Int
    var cteProgram: String?
    var dualCreditPartner: String?
    var dualCreditKind: String?
    var pathwayCode: String?
    var prerequisites: [String]

    init(_ course: Course) throws {
        id = try course.requireID(); code = course.code; title = course.title; creditTenths = course.creditTenths; cteProgram = course.cteProgram
        dualCreditPartner = course.dualCreditPartner; dualCreditKind = course.dualCreditKind; pathwayCode = course.pathwayCode; prerequisites = course.rule.prerequisites
    }
}

struct PlanTemplateJSON: Content {
    var id: UUID
    var title: String
    var pathwayCode: String
    var courses: [PlanTemplateInput.Item]
    var postsecondary: String
    var milestones: String

    init(_ template: PlanTemplate) throws {
        id = try template.requireID(); title = template.title; pathwayCode = template.pathwayCode; postsecondary = template.postsecondary
        milestones = template.milestones; courses = PlanText.decode(template.courses).map { .init(code: $0.code, grade: $0.grade) }
    }
}

/// The course catalog, the plan-of-study templates built from it, and the district's graduation
/// requirements. Course codes never change once added: plans and completions refer to them.
enum CourseCatalog {
    /// What a course code is made of; codes name courses in plans, transcripts and CSV files.
    static let codeCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
    static let codePattern = "^[A-Za-z0-9._-]{1,20}$"

    static func save(_ input: CourseInput, existing: Course?, on req: Request) async throws -> Course {
        try req.viewer.require(.manageCredentials)
        let code = existing?.code ?? input.code?.trimmed.uppercased() ?? ""
        let title = input.title?.nonEmpty ?? existing?.title ?? ""
        let credits = input.creditTenths ?? existing?.creditTenths ?? 0
        let pathway = input.pathwayCode.map { $0.nonEmpty } ?? existing?.pathwayCode
        let prerequisites = input.prerequisites.map { $0.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty } }
            ?? existing?.rule.prerequisites ?? []
        let catalog = try await req.tenant.query(Course.self).all()
        var errors: [FieldError] = []
        if !code.consists(of: Self.codeCharacters, length: 1...20) {
            errors.append(FieldError(field: "code", message: "Enter a course code of up to 20 characters, without spaces, commas or colons."))
        }
        if !title.isWords(maxLength: 160) { errors.append(FieldError(field: "title", message: "Enter the course title.")) }
        if !(1...40).contains(credits) { errors.append(FieldError(field: "creditTenths", message: "Credits are in tenths, from 1 (0.1) to 40 (4).")) }
        let dualCredit = input.dualCreditKind.map { $0.nonEmpty } ?? existing?.dualCreditKind
        if let dualCredit, DualCreditKind(rawValue: dualCredit) == nil {
            errors.append(FieldError(field: "dualCreditKind", message: "Choose a kind of dual credit, or none."))
        }
        if let pathway, !PathwayLinks.isLinkable(pathway, keeping: existing?.pathwayCode) { errors.append(FieldError(field: "pathwayCode", message: "Choose a Career Clusters pathway.")) }
        if existing == nil, catalog.contains(where: { $0.code == code }) { errors.append(FieldError.duplicate(field: "code", message: "The catalog already has \(code).")) }
        let rules = Dictionary(uniqueKeysWithValues: catalog.map { ($0.code, $0.rule.prerequisites) })
        for prerequisite in prerequisites {
            if prerequisite == code {
                errors.append(.rule(field: "prerequisites", message: "A course cannot be its own prerequisite."))
            } else if rules[prerequisite] == nil {
                errors.append(.reference(field: "prerequisites", message: "\(prerequisite) is not in the catalog; add it first."))
            } else if leadsBack(from: prerequisite, to: code, rules: rules) {
                errors.append(.rule(field: "prerequisites", message: "\(prerequisite) already needs \(code), so neither could be taken first."))
            }
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let course = existing ?? Course()
            let before = try existing.map(CourseJSON.init)
            course.districtID = tenant.districtID
            course.code = code
            course.title = title
            course.creditTenths = credits
            course.cteProgram = input.cteProgram.map { $0.nonEmpty } ?? existing?.cteProgram
            course.dualCreditPartner = input.dualCreditPartner.map { $0.nonEmpty } ?? existing?.dualCreditPartner
            course.dualCreditKind = dualCredit
            course.pathwayCode = pathway
            course.prerequisites = prerequisites.joined(separator: ",")
            try await course.save(on: tenant.db)
            if let before {
                audit.updated("course", id: course.id, from: before, to: try CourseJSON(course))
                audit.emit(.course(try course.requireID()))
            } else { audit.created("course", id: course.id, try CourseJSON(course)) }
            return course
        }
    }

    /// Whether following prerequisites from `start` reaches `target`: adding it would make a loop.
    static func leadsBack(from start: String, to target: String, rules: [String: [String]]) -> Bool {
        var seen: Set<String> = [], stack = [start]
        while let code = stack.popLast() {
            if code == target { return true }
            guard seen.insert(code).inserted else { continue }
            stack.append(contentsOf: rules[code] ?? [])
        }
        return false
    }

    static func saveTemplate(_ input: PlanTemplateInput, existing: PlanTemplate?, on req: Request) async throws -> PlanTemplate {
        try req.viewer.require(.manageCredentials)
        let title = input.title?.nonEmpty ?? existing?.title ?? ""
        let pathway = input.pathwayCode ?? existing?.pathwayCode ?? ""
        let courses = input.courses.map { $0.map { PlannedCourse(code: $0.code.uppercased(), grade: $0.grade) } } ?? PlanText.decode(existing?.courses ?? "")
        let known = Set(try await req.tenant.query(Course.self).all().map(\.code))
        var errors: [FieldError] = []
        if !title.isWords(maxLength: 160) { errors.append(FieldError(field: "title", message: "Name the template.")) }
        if title != existing?.title, try await req.tenant.query(PlanTemplate.self).filter(\.$title == title).first() != nil {
            errors.append(FieldError.duplicate(field: "title", message: "The district already has a template with this name."))
        }
        if !PathwayLinks.isLinkable(pathway, keeping: existing?.pathwayCode) { errors.append(FieldError(field: "pathwayCode", message: "Choose a Career Clusters pathway.")) }
        for item in courses where !(9...12).contains(item.grade) {
            errors.append(FieldError(field: "courses", message: "\(item.code) in grade \(item.grade): use grades 9 to 12."))
        }
        for item in courses where !known.contains(item.code) {
            errors.append(.reference(field: "courses", message: "\(item.code) is not in the catalog; add it first."))
        }
        if Set(courses.map(\.code)).count != courses.count { errors.append(.rule(field: "courses", message: "List each course once.")) }
        if courses.isEmpty { errors.append(FieldError(field: "courses", message: "List the template's courses by grade.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let template = existing ?? PlanTemplate()
            let before = try existing.map(PlanTemplateJSON.init)
            template.districtID = tenant.districtID
            template.title = title
            template.pathwayCode = pathway
            template.courses = PlanText.encode(courses)
            template.postsecondary = input.postsecondary.map { $0.trimmed } ?? existing?.postsecondary ?? ""
            template.milestones = input.milestones.map { $0.trimmed } ?? existing?.milestones ?? ""
            try await template.save(on: tenant.db)
            if let before {
                audit.updated("planTemplate", id: template.id, from: before, to: try PlanTemplateJSON(template))
            } else {
                audit.created("planTemplate", id: template.id, try PlanTemplateJSON(template))
            }
            return template
        }
    }

    /// A template's courses as a person types them: one "CODE grade" a line (or comma-separated).
    /// A line that does not read names its number.
    static func parseTemplateCourses(_ text: String) throws -> [PlanTemplateInput.Item] {
        var items: [PlanTemplateInput.Item] = []
        // Browsers send a textarea's lines as CRLF, which Swift reads as one Character.
        let lines = text.split(omittingEmptySubsequences: false) { $0.isNewline || $0 == "," }
        for (index, raw) in lines.enumerated() {
            let parts = raw.split { $0.isWhitespace || $0 == ":" }
            if parts.isEmpty { continue }
            guard parts.count == 2, let grade = Int(parts[1]) else {
                throw PathworkError.invalid([FieldError(field: "courses", message:
                    "Line \(index + 1) (\"\(raw.trimmingCharacters(in: .whitespacesAndNewlines))\") should read like CYB110 10: a course code and a grade.")])
            }
            items.append(.init(code: String(parts[0]).uppercased(), grade: grade))
        }
        return items
    }

    static func requirements(_ tenant: Tenant) async throws -> GraduationRequirements {
        try await tenant.query(GraduationRequirements.self).first() ?? .defaults(for: tenant.districtID)
    }

    static func saveRequirements(_ input: GraduationRequirementsInput, on req: Request) async throws -> GraduationRequirements {
        try req.viewer.require(.setDistrictStandards)
        let current = try await requirements(try req.tenant)
        let graduation = input.graduationCreditTenths ?? current.graduationCreditTenths
        let perYear = input.maxCreditTenthsPerYear ?? current.maxCreditTenthsPerYear
        var errors: [FieldError] = []
        if !(10...600).contains(graduation) { errors.append(FieldError(field: "graduationCreditTenths", message: "Graduation credits must be from 1 to 60.")) }
        if !(10...200).contains(perYear) { errors.append(FieldError(field: "maxCreditTenthsPerYear", message: "The yearly limit must be from 1 to 20 credits.")) }
        if errors.isEmpty, perYear * 4 < graduation {
            errors.append(.rule(field: "maxCreditTenthsPerYear", message: "Four years at this limit reach only \(Credits.text(perYear * 4)) credits, short of graduation."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let stored = try await tenant.query(GraduationRequirements.self).first()
            let before = GraduationRequirementsInput(graduationCreditTenths: current.graduationCreditTenths, maxCreditTenthsPerYear: current.maxCreditTenthsPerYear)
            let settings = stored ?? GraduationRequirements.defaults(for: tenant.districtID)
            settings.graduationCreditTenths = graduation
            settings.maxCreditTenthsPerYear = perYear
            try await settings.save(on: tenant.db)
            audit.updated("graduationRequirements", id: settings.id, from: before,
                          to: GraduationRequirementsInput(graduationCreditTenths: graduation, maxCreditTenthsPerYear: perYear))
            return settings
        }
    }
}
