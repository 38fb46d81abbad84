import Fluent
import Foundation
import PathworkDomain
import Vapor

/// What the child-labor engine reads about a district: its state overlay, bell schedule,
/// workweek and when a running clock is flagged. All optional on input: what is missing stays.
struct WorkRulesInput: Content {
    var overlay: String?
    /// Minutes after midnight.
    var schoolStarts: Int?
    var schoolEnds: Int?
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    var weekStartsOn: Int?
    var openFlagMinutes: Int?
}

struct WorkRulesJSON: Content {
    var overlay: LaborOverlay
    var schoolStarts: Int
    var schoolEnds: Int
    var weekStartsOn: Int
    var openFlagMinutes: Int
    var programs: [ProgramWorkJSON]

    init(_ settings: LaborSettings, programs: [ProgramWorkJSON]) {
        overlay = settings.overlay
        schoolStarts = settings.schoolStarts
        schoolEnds = settings.schoolEnds
        weekStartsOn = settings.weekStartsOn
        openFlagMinutes = settings.openFlagMinutes
        self.programs = programs
    }

    static let schema = Schema.object([
        ("overlay", .enumeration(LaborOverlay.allCases.map(\.rawValue))), ("schoolStarts", .integer(description: "minutes after midnight")),
        ("schoolEnds", .integer(description: "minutes after midnight")), ("weekStartsOn", .integer(description: "ISO weekday, 7 = Sunday")),
        ("openFlagMinutes", .integer()),
        ("programs", .array(.object([("programId", .string(format: "uuid")), ("name", .string()),
                                     ("workProgram", .enumeration(WorkProgram.allCases.map(\.rawValue)))],
                                    required: ["programId", "name", "workProgram"]))),
    ], required: ["overlay", "schoolStarts", "schoolEnds", "weekStartsOn", "openFlagMinutes", "programs"])
}

struct ProgramWorkJSON: Content {
    var programId: UUID
    var name: String
    var workProgram: WorkProgram
}

/// Changes the district's work rules for minors; only the admin may.
enum WorkRules {
    static func load(_ req: Request) async throws -> WorkRulesJSON {
        let tenant = try req.tenant
        let settings = try await LaborCheck.settings(tenant)
        let marks = try await tenant.query(ProgramWorkRules.self).all().reduce(into: [UUID: WorkProgram]()) { $0[$1.programID] = $1.workProgram }
        let programs = try await tenant.query(Program.self).sort(\.$name).all()
        return WorkRulesJSON(settings, programs: try programs.map { ProgramWorkJSON(programId: try $0.requireID(), name: $0.name, workProgram: marks[try $0.requireID()] ?? .none) })
    }

    static func save(_ input: WorkRulesInput, on req: Request) async throws {
        try req.viewer.require(.configureLabor)
        let current = try await LaborCheck.settings(try req.tenant)
        let overlay = input.overlay.map { LaborOverlay(rawValue: $0) } ?? current.overlay
        let starts = input.schoolStarts ?? current.schoolStarts, ends = input.schoolEnds ?? current.schoolEnds
        let weekStart = input.weekStartsOn ?? current.weekStartsOn, flag = input.openFlagMinutes ?? current.openFlagMinutes
        var errors: [FieldError] = []
        if overlay == nil {
            errors.append(FieldError(field: "overlay", message: "Choose one of: \(LaborOverlay.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        if !(0..<(24 * 60)).contains(starts) { errors.append(FieldError(field: "schoolStarts", message: "Enter when school starts, as a time of day.")) }
        if !(0..<(24 * 60)).contains(ends) {
            errors.append(FieldError(field: "schoolEnds", message: "Enter when school ends, as a time of day."))
        } else if ends <= starts {
            errors.append(.rule(field: "schoolEnds", message: "Enter when school ends, after it starts."))
        }
        if !(1...7).contains(weekStart) { errors.append(FieldError(field: "weekStartsOn", message: "Choose the day the workweek starts.")) }
        if !(30...(12 * 60)).contains(flag) {
            errors.append(FieldError(field: "openFlagMinutes", message: "Flag a running clock after 30 to 720 minutes."))
        }
        guard errors.isEmpty, let overlay else { throw PathworkError.invalid(errors) }
        try await req.change { tenant, audit in
            let existing = try await tenant.query(LaborSettings.self).first()
            let settings = existing ?? .defaults(for: tenant.districtID)
            let before = existing.map { WorkRulesJSON($0, programs: []) }
            settings.overlay = overlay
            settings.schoolStarts = starts
            settings.schoolEnds = ends
            settings.weekStartsOn = weekStart
            settings.openFlagMinutes = flag
            try await settings.save(on: tenant.db)
            audit.record(existing == nil ? "create" : "update", "laborSettings", id: settings.id, before: before,
                         after: WorkRulesJSON(settings, programs: []))
        }
    }

    /// Marks a program as a WECEP or CTE work program, or neither, which changes the limits
    /// its students work under.
    static func mark(programID: UUID?, as raw: String?, on req: Request) async throws -> ProgramWorkJSON {
        try req.viewer.require(.configureLabor)
        guard let workProgram = raw.flatMap(WorkProgram.init(rawValue:)) else {
            throw PathworkError.invalid([FieldError(field: "workProgram", message: "Choose one of: \(WorkProgram.allCases.map(\.rawValue).joined(separator: ", ")).")])
        }
        return try await req.change { tenant, audit in
            let program = try await tenant.find(Program.self, programID)
            let existing = try await tenant.query(ProgramWorkRules.self).filter(\.$programID == program.requireID()).first()
            let before = ProgramWorkJSON(programId: try program.requireID(), name: program.name, workProgram: existing?.workProgram ?? .none)
            let rules = existing ?? ProgramWorkRules()
            rules.districtID = tenant.districtID
            rules.programID = try program.requireID()
            rules.workProgram = workProgram
            try await rules.save(on: tenant.db)
            let after = ProgramWorkJSON(programId: try program.requireID(), name: program.name, workProgram: workProgram)
            audit.updated("programWorkRules", id: program.id, from: before, to: after)
            return after
        }
    }

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("WorkRules", WorkRulesJSON.schema)
        api.endpoint(APIOperation(method: .GET, path: ["work-rules"], summary: "The district's work rules for minors", tag: "Time",
                                  response: .ref("WorkRules")), registry: registry) { req in
            try req.viewer.require(.superviseTime)
            return try await load(req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["work-rules"], summary: "Change the state overlay, bell schedule, workweek or flag time",
                                  tag: "Time", body: .object([("overlay", .enumeration(LaborOverlay.allCases.map(\.rawValue))),
                                                              ("schoolStarts", .bounded(minimum: 0, maximum: 24 * 60 - 1)),
                                                              ("schoolEnds", .bounded(minimum: 0, maximum: 24 * 60 - 1)),
                                                              ("weekStartsOn", .bounded(minimum: 1, maximum: 7)),
                                                              ("openFlagMinutes", .bounded(minimum: 30, maximum: 12 * 60))], required: []),
                                  response: .ref("WorkRules"), rules: [.rule("school ends after it starts")]), registry: registry) { req in
            try await save(try req.input(WorkRulesInput.self), on: req)
            return try await load(req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["programs", ":programID", "work-program"], summary: "Mark a program as WECEP, CTE or neither",
                                  tag: "Time", body: .object([("workProgram", .enumeration(WorkProgram.allCases.map(\.rawValue)))], required: ["workProgram"]),
                                  response: .object([("programId", .string(format: "uuid")), ("name", .string()),
                                                     ("workProgram", .enumeration(WorkProgram.allCases.map(\.rawValue)))],
                                                    required: ["programId", "name", "workProgram"])), registry: registry) { req in
            struct Input: Content { var workProgram: String? }
            return try await mark(programID: req.parameters.get("programID", as: UUID.self),
                                  as: try req.input(Input.self).workProgram, on: req)
        }
    }
}
