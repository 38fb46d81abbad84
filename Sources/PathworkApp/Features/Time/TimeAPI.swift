import Fluent
import Foundation
import PathworkDomain
import Vapor

struct ClockInInput: Content {
    var engagementId: UUID?
    var teamId: UUID?
    var activity: WorkActivity?
}

struct TimeEntryInput: Content {
    var studentId: UUID?
    var startsAt: Date?
    var endsAt: Date?
    var engagementId: UUID?
    var teamId: UUID?
    var activity: WorkActivity?
    var note: String?
}

/// Who may read or type time for a student: the student themself, and staff who supervise time.
enum TimeAccess {
    static func requireStudentOrSupervisor(of studentID: UUID, _ viewer: Viewer) throws {
        if viewer.personID == studentID, viewer.can(.keepOwnTime) { return }
        guard viewer.can(.superviseTime) || viewer.can(.runPayroll) else {
            throw Abort(.notFound, reason: "No such time entry in this district.")
        }
    }

    /// The teams whose time the viewer decides on: nil for every team (admins and
    /// coordinators), a lead's own teams otherwise, none for anyone else.
    static func supervisedTeams(_ viewer: Viewer, tenant: Tenant) async throws -> Set<UUID>? {
        if viewer.roles.contains(.admin) || viewer.roles.contains(.coordinator) { return nil }
        guard viewer.can(.superviseTime) else { return [] }
        return Set(try await tenant.query(Team.self).filter(\.$leadID == viewer.personID).all().map { try $0.requireID() })
    }

    /// Entries the viewer may see: a student's own; a lead's teams'; everyone's for
    /// coordinators and admins.
    static func visible(_ req: Request) async throws -> QueryBuilder<TimeEntry> {
        let viewer = try req.viewer
        let query = try req.tenant.query(TimeEntry.self)
        if viewer.can(.superviseTime) {
            if let teams = try await supervisedTeams(viewer, tenant: req.tenant) { query.filter(\.$teamID ~~ Array(teams)) }
        } else if viewer.can(.keepOwnTime) {
            query.filter(\.$studentID == viewer.personID)
        } else {
            throw Abort(.forbidden, reason: "Your role does not see timesheets.")
        }
        return query
    }

    static func entry(_ raw: String?, req: Request) async throws -> TimeEntry {
        let entry = try await req.tenant.find(TimeEntry.self, raw)
        try requireStudentOrSupervisor(of: entry.studentID, try req.viewer)
        return entry
    }

    /// Builds the typed entry a request describes, falling back to `existing` for what it leaves out.
    static func typed(_ input: TimeEntryInput, existing: TimeEntry?, req: Request) async throws -> TimeWriter.Typed {
        let viewer = try req.viewer
        var errors: [FieldError] = []
        let studentID = existing?.studentID ?? input.studentId ?? (viewer.can(.keepOwnTime) ? viewer.personID : nil)
        if studentID == nil { errors.append(.rule(field: "studentId", message: "Choose the student.")) }
        let startsAt = input.startsAt ?? existing?.startsAt
        let endsAt = input.endsAt ?? existing?.endsAt
        if startsAt == nil { errors.append(FieldError(field: "startsAt", message: "Enter when the work started (ISO 8601 with offset).")) }
        if endsAt == nil { errors.append(FieldError(field: "endsAt", message: "Enter when the work ended (ISO 8601 with offset).")) }
        guard errors.isEmpty, let studentID, let startsAt, let endsAt else { throw PathworkError.invalid(errors) }
        try requireStudentOrSupervisor(of: studentID, viewer)
        let tenant = try req.tenant
        let roles = try await tenant.roles(of: studentID)
        guard roles.contains(.student) else { throw PathworkError.invalid([.reference(field: "studentId", message: "Choose a student of this district.")]) }
        let changesWork = input.engagementId != nil || input.teamId != nil || input.activity != nil
        let date = CalendarDate.on(startsAt, timeZone: viewer.timeZone)
        let target = try await TimeWriter.target(
            studentID: studentID, engagementID: changesWork ? input.engagementId : existing?.engagementID,
            teamID: changesWork ? input.teamId : existing?.teamID, activity: changesWork ? input.activity : existing?.activity,
            on: date, tenant: tenant)
        return TimeWriter.Typed(studentID: studentID, target: target, startsAt: startsAt, endsAt: endsAt,
                                note: input.note?.trimmed ?? existing?.note ?? "")
    }
}

enum TimeAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("TimeEntry", TimeEntryJSON.schema)
        registry.define("TimeSummary", TimeSummary.schema)
        let uuid = Schema.string(format: "uuid")
        let target: [(String, Schema)] = [("engagementId", uuid), ("teamId", uuid), ("activity", .enumeration(WorkActivity.allCases.map(\.rawValue)))]

        api.endpoint(APIOperation(method: .POST, path: ["clock", "in"], summary: "Clock in to an engagement or a team activity", tag: "Time",
                                  body: .object(target, required: []), response: .ref("TimeEntry"), success: .created, rules: TimeWriter.rules),
                     registry: registry) { req in
            let viewer = try req.viewer
            try viewer.require(.keepOwnTime)
            let input = try req.input(ClockInInput.self)
            let choice = TimeWriter.WorkChoice(engagementID: input.engagementId, teamID: input.teamId, activity: input.activity)
            let entry = try await TimeWriter.clockIn(studentID: viewer.personID, choosing: choice, source: .clock, on: req)
            return try await TimeEntryJSON(entry).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["clock", "out"], summary: "Clock out", tag: "Time",
                                  response: .ref("TimeEntry")), registry: registry) { req in
            let viewer = try req.viewer
            try viewer.require(.keepOwnTime)
            return TimeEntryJSON(try await TimeWriter.clockOut(studentID: viewer.personID, on: req))
        }
        api.endpoint(APIOperation(method: .GET, path: ["me", "time"], summary: "The signed-in student's clock, week against the legal limit, pay",
                                  tag: "Time", response: .ref("TimeSummary")), registry: registry) { req in
            let viewer = try req.viewer
            try viewer.require(.keepOwnTime)
            return try await TimeSummary.load(studentID: viewer.personID, req: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["me", "kiosk-pin"], summary: "Set the signed-in student's kiosk PIN", tag: "Time",
                                  body: .object([("pin", .pattern("^[0-9]{\(KioskPINPolicy.lengths.lowerBound),\(KioskPINPolicy.lengths.upperBound)}$"))], required: ["pin"]),
                                  success: .noContent, rules: [.rule("not one digit repeated, a run such as 1234, or a year")]),
                     registry: registry) { req in
            try await Kiosk.setPIN(try req.input(KioskPINInput.self).pin, confirmation: nil, on: req)
            return Response(status: .noContent)
        }
        api.endpoint(APIOperation(method: .GET, path: ["time-entries"], summary: "Time entries, newest first",
                                  tag: "Time", query: [.uuid("studentId", "one student"), .uuid("teamId", "one team"),
                                                       .choice("status", TimeEntryStatus.allCases.map(\.rawValue), "one status"),
                                                       .date("from", "first work date"), .date("to", "last work date")],
                                  response: .array(.ref("TimeEntry"))), registry: registry) { req in
            try await list(req).map(TimeEntryJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["time-entries"], summary: "Record time by hand", tag: "Time",
                                  body: .object([("studentId", uuid), ("startsAt", .string(format: "date-time")), ("endsAt", .string(format: "date-time")),
                                                 ("note", .text(minLength: 0, maxLength: 500))] + target, required: ["startsAt", "endsAt"]),
                                  response: .ref("TimeEntry"), success: .created,
                                  rules: TimeWriter.rules + [.rule("staff name studentId; students record their own time")]), registry: registry) { req in
            let typed = try await TimeAccess.typed(try req.input(TimeEntryInput.self), existing: nil, req: req)
            let byStudent = try req.viewer.personID == typed.studentID
            let entry = try await TimeWriter.save(typed, replacing: nil, status: byStudent ? .draft : .submitted, on: req)
            return try await TimeEntryJSON(entry).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["time-entries", ":entryID"], summary: "One time entry", tag: "Time",
                                  response: .ref("TimeEntry")), registry: registry) { req in
            TimeEntryJSON(try await TimeAccess.entry(req.parameters.get("entryID"), req: req))
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["time-entries", ":entryID"], summary: "Change an entry before approval", tag: "Time",
                                  body: .object([("startsAt", .string(format: "date-time")), ("endsAt", .string(format: "date-time")),
                                                 ("note", .text(minLength: 0, maxLength: 500))] + target, required: []),
                                  response: .ref("TimeEntry"), rules: TimeWriter.rules), registry: registry) { req in
            let entry = try await TimeAccess.entry(req.parameters.get("entryID"), req: req)
            try await TimeWriter.requireEditable(entry, tenant: req.tenant)
            let typed = try await TimeAccess.typed(try req.input(TimeEntryInput.self), existing: entry, req: req)
            return TimeEntryJSON(try await TimeWriter.save(typed, replacing: entry.id, status: .draft, on: req))
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["time-entries", ":entryID"], summary: "Remove an entry before approval", tag: "Time",
                                  success: .noContent), registry: registry) { req in
            let entry = try await TimeAccess.entry(req.parameters.get("entryID"), req: req)
            try await TimeWriter.delete(entry.requireID(), on: req)
            return Response(status: .noContent)
        }
        api.endpoint(APIOperation(method: .POST, path: ["time-entries", "submit"], summary: "Submit the drafts of a week for approval", tag: "Time",
                                  body: .object([("weekOf", .string(format: "date"))], required: []),
                                  response: .array(.ref("TimeEntry"))), registry: registry) { req in
            let viewer = try req.viewer
            try viewer.require(.keepOwnTime)
            let weekOf = (try req.field(String.self, at: "weekOf")).map { CalendarDate(iso: $0) } ?? req.today
            guard let weekOf else { throw PathworkError.invalid([FieldError(field: "weekOf", message: "Give a date in the week, as YYYY-MM-DD.")]) }
            return try await Approvals.submitWeek(studentID: viewer.personID, containing: weekOf, on: req).map(TimeEntryJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["time-entries", ":entryID", "approve"], summary: "Approve an entry; it is locked",
                                  tag: "Time", response: .ref("TimeEntry")), registry: registry) { req in
            let entry = try await req.tenant.find(TimeEntry.self, req.parameters.get("entryID"))
            return TimeEntryJSON(try await Approvals.approve([entry.requireID()], on: req)[0])
        }
        api.endpoint(APIOperation(method: .POST, path: ["time-entries", "approvals"], summary: "Approve many entries at once", tag: "Time",
                                  body: .object([("ids", .list(uuid, minItems: 1, maxItems: 500))], required: ["ids"]),
                                  response: .array(.ref("TimeEntry"))), registry: registry) { req in
            let ids = (try req.field([UUID].self, at: "ids")) ?? []
            guard (1...500).contains(ids.count) else {
                throw PathworkError.invalid([FieldError(field: "ids", message: "Give 1 to 500 entry ids.")])
            }
            return try await Approvals.approve(ids, on: req).map(TimeEntryJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["time-entries", ":entryID", "reject"], summary: "Send an entry back with a reason",
                                  tag: "Time", body: .object([("reason", .words(maxLength: 500))], required: ["reason"]),
                                  response: .ref("TimeEntry")), registry: registry) { req in
            let entry = try await req.tenant.find(TimeEntry.self, req.parameters.get("entryID"))
            return TimeEntryJSON(try await Approvals.reject(entry.requireID(), reason: (try req.field(String.self, at: "reason")) ?? "", on: req))
        }
        api.endpoint(APIOperation(method: .POST, path: ["time-entries", ":entryID", "adjustments"], summary: "Correct approved time by plus or minus minutes",
                                  tag: "Time", body: .object([("minutes", .bounded(minimum: -TimeRules.longestEntryMinutes, maximum: TimeRules.longestEntryMinutes)),
                                                              ("reason", .words(maxLength: 500))], required: ["minutes", "reason"]),
                                  response: .ref("TimeEntry"), success: .created,
                                  rules: [.rule("minutes is not zero and leaves the entry at zero minutes or more")]), registry: registry) { req in
            let entry = try await req.tenant.find(TimeEntry.self, req.parameters.get("entryID"))
            let adjustment = try await Approvals.adjust(entry.requireID(), minutes: try req.field(Int.self, at: "minutes"),
                                                        reason: try req.field(String.self, at: "reason"), on: req)
            return try await TimeEntryJSON(adjustment).encodeResponse(status: .created, for: req)
        }
    }

    /// The entries the viewer may see, filtered as the query asks.
    static func list(_ req: Request) async throws -> [TimeEntry] {
        let query = try await TimeAccess.visible(req)
        if let raw = req.query[String.self, at: "studentId"] {
            guard let id = UUID(uuidString: raw) else { throw PathworkError.invalid([FieldError(field: "studentId", message: "Give a student id.")]) }
            query.filter(\.$studentID == id)
        }
        if let raw = req.query[String.self, at: "teamId"] {
            guard let id = UUID(uuidString: raw) else { throw PathworkError.invalid([FieldError(field: "teamId", message: "Give a team id.")]) }
            query.filter(\.$teamID == id)
        }
        if let raw = req.query[String.self, at: "status"] {
            guard let status = TimeEntryStatus(rawValue: raw) else {
                throw PathworkError.invalid([FieldError(field: "status", message: "Status is one of open, draft, submitted, approved, rejected.")])
            }
            query.filter(\.$status == status)
        }
        for (name, isFrom) in [("from", true), ("to", false)] {
            guard let raw = req.query[String.self, at: name] else { continue }
            guard let date = CalendarDate(iso: raw) else { throw PathworkError.invalid([FieldError(field: name, message: "Give a date as YYYY-MM-DD.")]) }
            _ = isFrom ? query.filter(\.$workDate >= date.description) : query.filter(\.$workDate <= date.description)
        }
        return try await query.sort(\.$startsAt, .descending).limit(1000).all()
    }
}

struct KioskPINInput: Content {
    var pin: String
}
