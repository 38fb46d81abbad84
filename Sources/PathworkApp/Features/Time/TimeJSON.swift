import Fluent
import Foundation
import PathworkDomain
import Vapor

struct TimeEntryJSON: Content, Equatable {
    var id: UUID?
    var studentId: UUID
    var teamId: UUID
    var engagementId: UUID?
    var activity: WorkActivity
    var kind: String
    var adjustsId: UUID?
    var startsAt: Date
    var endsAt: Date?
    var workDate: String
    var minutes: Int
    var status: TimeEntryStatus
    var source: String
    var note: String
    var reason: String
    var flags: [String]
    var hourlyWageCents: Int?
    var billedMinutes: Int?
    var invoiceId: UUID?

    init(_ entry: TimeEntry) {
        id = entry.id; studentId = entry.studentID; teamId = entry.teamID; engagementId = entry.engagementID
        activity = entry.activity; kind = entry.kind.rawValue; adjustsId = entry.adjustsID; startsAt = entry.startsAt
        endsAt = entry.endsAt; workDate = entry.workDate; minutes = entry.minutes; status = entry.status
        source = entry.source.rawValue; note = entry.note; reason = entry.reason; flags = entry.flagCodes
        hourlyWageCents = entry.hourlyWageCents; billedMinutes = entry.billedMinutes; invoiceId = entry.invoiceID
    }

    static let schema = Schema.object([
        ("id", .string(format: "uuid")), ("studentId", .string(format: "uuid")), ("teamId", .string(format: "uuid")),
        ("engagementId", .nullable(.string(format: "uuid"))), ("activity", .enumeration(WorkActivity.allCases.map(\.rawValue))),
        ("kind", .enumeration(["work", "adjustment"])), ("adjustsId", .nullable(.string(format: "uuid"))),
        ("startsAt", .string(format: "date-time")), ("endsAt", .nullable(.string(format: "date-time"))),
        ("workDate", .string(format: "date")), ("minutes", .integer()),
        ("status", .enumeration(TimeEntryStatus.allCases.map(\.rawValue))), ("source", .enumeration(["clock", "kiosk", "manual"])),
        ("note", .string()), ("reason", .string()), ("flags", .array(.string())),
        ("hourlyWageCents", .nullable(.integer())), ("billedMinutes", .nullable(.integer())), ("invoiceId", .nullable(.string(format: "uuid"))),
    ], required: ["id", "studentId", "teamId", "activity", "kind", "startsAt", "workDate", "minutes", "status", "source", "flags"])
}

struct PayPeriodJSON: Content {
    var id: UUID
    var startsOn: String
    var endsOn: String
    var closed: Bool
    var closedAt: Date?

    init(_ period: PayPeriod) throws {
        id = try period.requireID(); startsOn = period.startsOn; endsOn = period.endsOn; closed = period.isClosed; closedAt = period.closedAt
    }

    static let schema = Schema.object([
        ("id", .string(format: "uuid")), ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")),
        ("closed", .boolean), ("closedAt", .nullable(.string(format: "date-time"))),
    ], required: ["id", "startsOn", "endsOn", "closed"])
}
