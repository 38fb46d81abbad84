import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A student who attended an Explore event (a career fair, a guest speaker, a worksite tour, a
/// job shadow): taken from the roster by staff or the partner, or by the student checking in
/// on their phone with the code shown at the event.
final class EventAttendance: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "event_attendance"

    enum Source: String, Codable, CaseIterable, ChoiceCodable, Sendable { case roster, checkIn }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "opportunity_id") var opportunity: Opportunity
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "attended_on") var attendedOn: String
    @Field(key: "source") var source: Source
    @Field(key: "recorded_by") var recordedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Attendance at events, and the code students check in with (kept on the opportunity).
struct AddEventAttendance: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(EventAttendance.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("opportunity_id", .uuid, .required, .references(Opportunity.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("attended_on", .string, .required)
            .field("source", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("created_at", .datetime)
            .unique(on: "opportunity_id", "student_id")
            .create()
        try await db.schema(Opportunity.schema).field("check_in_code", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Opportunity.schema).deleteField("check_in_code").update()
        try await db.schema(EventAttendance.schema).delete()
    }
}

struct AttendanceJSON: Content {
    var studentId: UUID
    var studentName: String
    var attendedOn: String
    var source: EventAttendance.Source
}

/// Taking attendance at an Explore event. Placements keep hours instead.
enum Attendance {
    static func requireEvent(_ opportunity: Opportunity) throws {
        guard !opportunity.kind.isPlacement else {
            throw PathworkError(status: .unprocessableEntity, code: "attendance.placement",
                                reason: "A \(opportunity.kind.title.lowercased()) keeps hours at the worksite, not attendance.")
        }
    }

    /// Staff open check-in: a six-digit code to show at the event, new each time it is opened.
    static func openCheckIn(_ raw: String?, on req: Request) async throws -> String {
        try req.viewer.require(.manageClients)
        let found = try await req.tenant.find(Opportunity.self, raw)
        try requireEvent(found)
        let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
        return try await req.change { tenant, audit in
            let opportunity = try await tenant.find(Opportunity.self, found.requireID())
            opportunity.checkInCode = code
            try await opportunity.save(on: tenant.db)
            audit.updated("opportunity", id: opportunity.id, from: ["checkIn": "closed"], to: ["checkIn": "open"])
            return code
        }
    }

    /// The student checks in on the event's day with the code shown there.
    static func checkIn(_ raw: String?, code: String?, on req: Request) async throws -> EventAttendance {
        let viewer = try req.viewer
        guard viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "Students check in.") }
        let found = try await OpportunityDirectory.find(raw, viewer: viewer, tenant: try req.tenant)
        try requireEvent(found)
        let today = req.today
        return try await req.change { tenant, audit in
            let opportunity = try await tenant.find(Opportunity.self, found.requireID())
            guard let start = CalendarDate(iso: opportunity.startsOn), let end = CalendarDate(iso: opportunity.endsOn), start <= today, today <= end else {
                throw PathworkError.conflict("attendance.not-today", "Check-in is open on the day of the event (\(opportunity.startsOn)).")
            }
            guard let expected = opportunity.checkInCode, expected == code?.trimmed else {
                throw PathworkError.invalid([.rule(field: "code", message: "That is not the code shown at the event.")])
            }
            if let existing = try await tenant.query(EventAttendance.self).filter(\.$opportunity.$id == opportunity.requireID())
                .filter(\.$studentID == viewer.personID).first() { return existing }
            let attendance = try record(opportunity, student: viewer.personID, on: today, source: .checkIn, by: viewer.personID, tenant: tenant)
            try await attendance.create(on: tenant.db)
            audit.created("eventAttendance", id: attendance.id, ["opportunityID": try opportunity.requireID().uuidString, "source": "checkIn"])
            audit.emit(.students([viewer.personID]))
            return attendance
        }
    }

    private static func record(_ opportunity: Opportunity, student: UUID, on day: CalendarDate, source: EventAttendance.Source, by person: UUID, tenant: Tenant) throws -> EventAttendance {
        let attendance = EventAttendance()
        attendance.districtID = tenant.districtID
        attendance.$opportunity.id = try opportunity.requireID()
        attendance.studentID = student
        attendance.attendedOn = day.description
        attendance.source = source
        attendance.recordedBy = person
        return attendance
    }

    /// Everyone who could be on the roster: applicants not withdrawn, and whoever attended.
    static func roster(_ opportunity: Opportunity, tenant: Tenant) async throws -> [UUID] {
        let id = try opportunity.requireID()
        let applicants = try await tenant.query(OpportunityApplication.self).filter(\.$opportunity.$id == id).filter(\.$status != .withdrawn).all(\.$studentID)
        let attended = try await tenant.query(EventAttendance.self).filter(\.$opportunity.$id == id).all(\.$studentID)
        return Array(Set(applicants + attended))
    }

    /// Staff or the partner's people mark who attended from the roster; unmarked ones are removed.
    static func take(_ raw: String?, attended: Set<UUID>, on req: Request) async throws -> [EventAttendance] {
        let viewer = try req.viewer
        let found = try await OpportunityDirectory.find(raw, viewer: viewer, tenant: try req.tenant)
        try requireEvent(found)
        guard try await ApplicationReview.canReview(found, viewer: viewer, tenant: try req.tenant) else { throw Abort(.notFound) }
        let today = req.today
        return try await req.change { tenant, audit in
            let opportunity = try await tenant.find(Opportunity.self, found.requireID())
            guard let start = CalendarDate(iso: opportunity.startsOn), start <= today else {
                throw PathworkError.conflict("attendance.not-yet", "Attendance is taken from the day of the event (\(opportunity.startsOn)).")
            }
            let roster = Set(try await roster(opportunity, tenant: tenant))
            if let stranger = attended.first(where: { !roster.contains($0) }) {
                throw PathworkError.invalid([.reference(field: "studentIds", message: "\(stranger) is not on this event's roster.")])
            }
            let existing = try await tenant.query(EventAttendance.self).filter(\.$opportunity.$id == opportunity.requireID()).all()
            for gone in existing where !attended.contains(gone.studentID) {
                audit.deleted("eventAttendance", id: gone.id, ["studentID": gone.studentID.uuidString])
                try await gone.delete(on: tenant.db)
            }
            let day = min(today, CalendarDate(iso: opportunity.endsOn) ?? today)
            for student in attended where !existing.contains(where: { $0.studentID == student }) {
                let attendance = try record(opportunity, student: student, on: day, source: .roster, by: viewer.personID, tenant: tenant)
                try await attendance.create(on: tenant.db)
                audit.created("eventAttendance", id: attendance.id, ["studentID": student.uuidString, "source": "roster"])
            }
            audit.emit(.students(Set(existing.map(\.studentID)).union(attended)))
            return try await tenant.query(EventAttendance.self).filter(\.$opportunity.$id == opportunity.requireID()).all()
        }
    }
}
