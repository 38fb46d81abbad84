import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PlacementHoursInput: Content {
    var startsAt: Date?
    var endsAt: Date?
    var note: String?
}

struct HoursDecisionInput: Content {
    var ids: [UUID]?
    var reason: String?
}

/// Hours at the worksite: the student logs them or clocks in and out on their phone; the
/// worksite supervisor (or a coordinator) approves or rejects them. The child-labor engine
/// counts them with the student's team time, inside the change that records them.
enum PlacementHoursWriter {
    /// The placement the student works hours on: theirs, and running.
    private static func own(_ raw: String?, req: Request) async throws -> Placement {
        let placement = try await req.tenant.find(Placement.self, raw)
        guard placement.studentID == (try req.viewer).personID else { throw Abort(.notFound) }
        return placement
    }

    private static func requireRunning(_ placement: Placement, on date: CalendarDate) throws {
        guard placement.status == .active else {
            throw PathworkError.conflict("placement.not-active", placement.status == .awaitingSignatures
                ? "Hours are recorded once the training agreement is signed by everyone."
                : "This placement is \(placement.status.title.lowercased()); it takes no more hours.")
        }
        let terms = placement.terms
        guard terms.startsOn <= date && date <= terms.endsOn else {
            throw PathworkError.invalid([.rule(field: "startsAt", message: "The placement runs from \(terms.startsOn) to \(terms.endsOn).")])
        }
    }

    private static func newHours(_ placement: Placement, startsAt: Date, date: CalendarDate, tenant: Tenant) throws -> PlacementHours {
        let hours = PlacementHours()
        hours.districtID = tenant.districtID
        hours.$placement.id = try placement.requireID()
        hours.studentID = placement.studentID
        hours.workDate = date.description
        hours.startsAt = startsAt
        hours.note = ""
        hours.reason = ""
        hours.flags = ""
        hours.paidBy = placement.pay
        return hours
    }

    static func log(_ raw: String?, _ input: PlacementHoursInput, on req: Request) async throws -> PlacementHours {
        let found = try await own(raw, req: req)
        let now = req.now
        guard let startsAt = input.startsAt, let endsAt = input.endsAt else {
            throw PathworkError.invalid([FieldError(field: input.startsAt == nil ? "startsAt" : "endsAt", message: "Enter when you started and finished.")])
        }
        let problems = TimeRules.check(startsAt: startsAt, endsAt: endsAt, now: now)
        if let first = problems.first {
            throw PathworkError(status: .unprocessableEntity, code: first.code, reason: problems.map(\.message).joined(separator: " "),
                                fieldErrors: problems.map { FieldError(field: $0.field, message: $0.message) })
        }
        let note = input.note?.trimmed ?? ""
        guard note.count <= 500 else { throw PathworkError.invalid([FieldError(field: "note", message: "Keep the note under 500 characters.")]) }
        return try await record(found, from: startsAt, to: endsAt, on: req) { hours in
            hours.endsAt = endsAt
            hours.minutes = TimeRules.minutes(from: startsAt, to: endsAt)
            hours.status = .submitted
            hours.source = .manual
            hours.note = note
        }
    }

    /// Clocks in at the worksite now, when the law allows work to start now.
    static func clockIn(_ raw: String?, on req: Request) async throws -> PlacementHours {
        try await record(try await own(raw, req: req), from: req.now, to: nil, on: req) { hours in
            hours.minutes = 0
            hours.status = .open
            hours.source = .clock
        }
    }

    /// Records hours (`to` nil: a clock-in now) after the checks, inside the change: the
    /// placement runs that day, nothing of the student's overlaps (nor is the clock running),
    /// the child-labor rules hold counting team time, and a district-paid day's pay period is open.
    private static func record(_ found: Placement, from startsAt: Date, to endsAt: Date?, on req: Request,
                               _ fill: @escaping @Sendable (PlacementHours) -> Void) async throws -> PlacementHours {
        let now = req.now
        let labor = try await LaborCheck.load(studentID: found.studentID, tenant: try req.tenant)
        return try await req.change { tenant, audit in
            let placement = try await tenant.find(Placement.self, found.requireID())
            let date = labor.localDate(startsAt)
            try requireRunning(placement, on: date)
            let neighbours = try await LaborCheck.neighbours(of: placement.studentID, around: date, tenant: tenant)
            if endsAt == nil, neighbours.contains(where: { $0.status == .open }) {
                throw PathworkError.conflict("clock.already-in", "You are already clocked in; clock out first.")
            }
            // A clock-in stands for the minute about to start, as at the team clock.
            let end = endsAt ?? startsAt + 60
            if let clash = neighbours.first(where: { $0.kind == .work && TimeRules.overlaps((startsAt, end), ($0.startsAt, $0.endsAt ?? .distantFuture)) }) {
                throw PathworkError.conflict("time.overlap", "This overlaps other time of yours (\(clash.date), \(clash.minutes) min).", field: "startsAt")
            }
            if let refusal = LaborCheck.refusal(labor.violations(startsAt: startsAt, endsAt: end, existing: neighbours, now: now)) { throw refusal }
            if placement.pay == .districtPaid { try await TimeWriter.requireOpenPeriod(date, tenant: tenant) }
            let hours = try newHours(placement, startsAt: startsAt, date: date, tenant: tenant)
            fill(hours)
            try await hours.create(on: tenant.db)
            audit.created("placementHours", id: hours.id, try PlacementHoursJSON(hours))
            return hours
        }
    }

    /// Clocks out: the work happened, so a limit passed is recorded and flagged for the
    /// supervisor rather than refused, as at the team kiosk.
    static func clockOut(_ raw: String?, on req: Request) async throws -> PlacementHours {
        let found = try await own(raw, req: req)
        let now = req.now
        let labor = try await LaborCheck.load(studentID: found.studentID, tenant: try req.tenant)
        return try await req.change { tenant, audit in
            guard let hours = try await tenant.query(PlacementHours.self).filter(\.$placement.$id == found.requireID())
                .filter(\.$status == .open).first() else {
                throw PathworkError.conflict("clock.not-in", "You are not clocked in here.")
            }
            let before = try PlacementHoursJSON(hours)
            let neighbours = try await LaborCheck.neighbours(of: hours.studentID, around: hours.date, tenant: tenant).filter { $0.id != hours.id }
            var flags = (labor.violations(startsAt: hours.startsAt, endsAt: now, existing: neighbours, now: now)
                + labor.mealPeriodFlags(startsAt: hours.startsAt, endsAt: now, existing: neighbours, now: now)).map(\.code)
            if TimeRules.minutes(from: hours.startsAt, to: now) > TimeRules.longestEntryMinutes { flags.append("time.too-long") }
            hours.endsAt = now
            hours.minutes = TimeRules.minutes(from: hours.startsAt, to: now)
            hours.status = .submitted
            hours.flags = Array(Set(flags)).sorted().joined(separator: ",")
            try await hours.save(on: tenant.db)
            audit.updated("placementHours", id: hours.id, from: before, to: try PlacementHoursJSON(hours))
            return hours
        }
    }

    /// The student takes back hours not yet approved (logged by mistake, or rejected).
    static func delete(_ raw: String?, on req: Request) async throws {
        let viewer = try req.viewer
        let found = try await req.tenant.find(PlacementHours.self, raw)
        guard found.studentID == viewer.personID else { throw Abort(.notFound) }
        try await req.change { tenant, audit in
            let hours = try await tenant.find(PlacementHours.self, found.requireID())
            guard hours.status == .submitted || hours.status == .rejected else {
                throw PathworkError.conflict("time.locked", hours.status == .approved ? "Approved hours are locked." : "Clock out first.")
            }
            audit.deleted("placementHours", id: hours.id, try PlacementHoursJSON(hours))
            try await hours.delete(on: tenant.db)
        }
    }

    /// Whether the viewer decides hours of this placement: its supervisor, or a coordinator.
    static func decides(_ viewer: Viewer, _ placement: Placement) -> Bool {
        placement.supervisorID == viewer.personID || viewer.can(.manageClients)
    }

    /// Approves or rejects submitted hours, all or none: each must be waiting and the
    /// viewer's to decide. District-paid hours take the placement's wage and go to payroll.
    static func decide(_ input: HoursDecisionInput, approve: Bool, on req: Request) async throws -> [PlacementHours] {
        let viewer = try req.viewer
        let ids = Array(Set(input.ids ?? []))
        guard !ids.isEmpty, ids.count <= 500 else {
            throw PathworkError.invalid([FieldError(field: "ids", message: "Choose from 1 to 500 entries of hours.")])
        }
        let reason = input.reason?.trimmed ?? ""
        if !approve && !(1...500).contains(reason.count) {
            throw PathworkError.invalid([.rule(field: "reason", message: "Say why, so the student can fix it (up to 500 characters).")])
        }
        let now = req.now
        return try await req.change { tenant, audit in
            let hours = try await tenant.query(PlacementHours.self).filter(\.$id ~~ ids).with(\.$placement).all()
            guard hours.count == ids.count, hours.allSatisfy({ decides(viewer, $0.placement) }) else { throw Abort(.notFound) }
            if let decided = hours.first(where: { $0.status != .submitted }) {
                throw PathworkError.conflict("time.decided", "Hours of \(decided.workDate) are \(decided.status.rawValue); only submitted hours are decided.")
            }
            for entry in hours {
                if approve && entry.paidBy == .districtPaid { try await TimeWriter.requireOpenPeriod(entry.date, tenant: tenant) }
                let before = try PlacementHoursJSON(entry)
                entry.status = approve ? .approved : .rejected
                entry.reason = approve ? "" : reason
                entry.hourlyWageCents = approve && entry.paidBy != .unpaid ? entry.placement.hourlyWageCents : nil
                entry.decidedBy = viewer.personID
                entry.decidedAt = now
                try await entry.save(on: tenant.db)
                audit.updated("placementHours", id: entry.id, from: before, to: try PlacementHoursJSON(entry))
            }
            if approve { audit.emit(.students(Set(hours.map(\.studentID)))) }
            return hours
        }
    }
}

struct PlacementHoursJSON: Content {
    var id: UUID
    var placementId: UUID
    var studentId: UUID
    var workDate: String
    var startsAt: Date
    var endsAt: Date?
    var minutes: Int
    var status: TimeEntryStatus
    var source: TimeEntry.Source
    var note: String
    var reason: String
    var flags: [String]
    var paidBy: OpportunityPay
    var hourlyWageCents: Int?

    init(_ h: PlacementHours) throws {
        id = try h.requireID(); placementId = h.$placement.id; studentId = h.studentID; workDate = h.workDate; startsAt = h.startsAt; endsAt = h.endsAt
        minutes = h.minutes; status = h.status; source = h.source; note = h.note; reason = h.reason
        flags = h.flags.split(separator: ",").map(String.init); paidBy = h.paidBy; hourlyWageCents = h.hourlyWageCents
    }
}
