import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// A stretch of a student's paid work on one team — clocked, kiosk-punched or typed — or an
/// adjustment (plus or minus minutes, with a reason) correcting an approved entry. Approved
/// entries are never edited; closing a pay period locks its entries too.
final class TimeEntry: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "time_entries"

    enum Kind: String, Codable, Sendable { case work, adjustment }
    enum Source: String, Codable, Sendable { case clock, kiosk, manual }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "team_id") var teamID: UUID
    @OptionalField(key: "engagement_id") var engagementID: UUID?
    @Field(key: "activity") var activity: WorkActivity
    @Field(key: "kind") var kind: Kind
    @OptionalField(key: "adjusts_id") var adjustsID: UUID?
    @Field(key: "starts_at") var startsAt: Date
    @OptionalField(key: "ends_at") var endsAt: Date?
    /// The local date the work counts on (its start), for weeks, pay periods and invoices.
    @Field(key: "work_date") var workDate: String
    /// Signed for adjustments; 0 while open.
    @Field(key: "minutes") var minutes: Int
    @Field(key: "status") var status: TimeEntryStatus
    @Field(key: "source") var source: Source
    @Field(key: "note") var note: String
    /// Rejection reason or adjustment reason.
    @Field(key: "reason") var reason: String
    /// Rules an entry was found to break after the fact (a clock-out past a limit): the lead sees them.
    @Field(key: "flags") var flags: String
    /// Set at approval: the wage of the student's membership on the work date, and the minutes
    /// billed after the engagement's increment, so payroll and invoices read them directly.
    @OptionalField(key: "hourly_wage_cents") var hourlyWageCents: Int?
    @OptionalField(key: "billed_minutes") var billedMinutes: Int?
    @OptionalField(key: "invoice_id") var invoiceID: UUID?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var isBillable: Bool { engagementID != nil && activity == .clientWork }
    var flagCodes: [String] { flags.split(separator: ",").map(String.init) }
    var date: CalendarDate { CalendarDate(iso: workDate)! }
}

/// A stretch of calendar dates the district pays for at once; closing it locks its entries.
final class PayPeriod: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pay_periods"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: UUID?

    init() {}

    var isClosed: Bool { closedAt != nil }
    func contains(_ date: CalendarDate) -> Bool { startsOn <= date.description && date.description <= endsOn }
}

/// A student's own four-to-eight digit PIN for the kiosk, stored as a bcrypt hash.
final class KioskPIN: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "kiosk_pins"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "pin_hash") var pinHash: String

    init() {}
}

/// A browser at the center that staff opened as a kiosk: it stays signed in as a kiosk only.
final class KioskDevice: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "kiosk_devices"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "name") var name: String
    @Field(key: "opened_by") var openedBy: UUID
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// District settings the child-labor engine needs; one row per district, made on first use.
final class LaborSettings: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "labor_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "overlay") var overlay: LaborOverlay
    /// The bell schedule, minutes after midnight.
    @Field(key: "school_starts") var schoolStarts: Int
    @Field(key: "school_ends") var schoolEnds: Int
    /// ISO weekday the workweek starts (7 = Sunday).
    @Field(key: "week_starts_on") var weekStartsOn: Int
    /// An open clock-in running longer than this is flagged for the lead.
    @Field(key: "open_flag_minutes") var openFlagMinutes: Int

    init() {}

    static func defaults(for districtID: UUID) -> LaborSettings {
        let settings = LaborSettings()
        settings.districtID = districtID
        settings.overlay = .federalOnly
        settings.schoolStarts = 8 * 60
        settings.schoolEnds = 15 * 60
        settings.weekStartsOn = 7
        settings.openFlagMinutes = 4 * 60
        return settings
    }
}

/// Which school work program a program's teams run under, for the child-labor engine.
final class ProgramWorkRules: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "program_work_rules"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "program_id") var programID: UUID
    @Field(key: "work_program") var workProgram: WorkProgram

    init() {}
}
