import Fluent
import Foundation
import PathworkDomain

/// Weeks of after-school hours for every student on a team: earlier weeks approved and paid in
/// a closed pay period and billed on an issued invoice; this week's still waiting.
enum DemoTime {
    static func seed(tenant: Tenant, audit: AuditRecorder, district: District, today: CalendarDate, leadID: UUID) async throws {
        let zone = district.timeZone
        let settings = LaborSettings.defaults(for: tenant.districtID)
        try await settings.create(on: tenant.db)
        let thisWeek = ChildLabor.weekStart(of: today, startsOn: settings.weekStartsOn)
        // Two full weeks form the closed period; last week and this week are open and waiting.
        let closedStart = thisWeek.adding(days: -21), closedEnd = thisWeek.adding(days: -8)
        let seats = try await tenant.query(Membership.self).with(\.$wages).all()
        let engagements = try await tenant.query(Engagement.self).filter(\.$status == .active).filter(\.$pricing == .hourly).all()
        var count = 0
        for day in 0..<28 {
            let date = closedStart.adding(days: day)
            // After-school hours, whether or not school met that day: legal either way.
            guard date < today, [1, 3, 4].contains(date.isoWeekday) else { continue }
            for seat in seats where seat.isCurrent(on: date) {
                guard let wage = seat.wages.history.hourlyCents(on: date),
                      let start = TimePages.instant(date, "15:30", zone), let end = TimePages.instant(date, "17:00", zone) else { continue }
                let engagement = engagements.first { $0.$team.id == seat.$team.id }
                let entry = TimeEntry()
                entry.districtID = tenant.districtID
                entry.studentID = seat.$student.id
                entry.teamID = seat.$team.id
                entry.engagementID = engagement?.id
                entry.activity = engagement == nil ? .training : .clientWork
                entry.kind = .work
                entry.startsAt = start
                entry.endsAt = end
                entry.workDate = date.description
                entry.minutes = 90
                entry.source = .clock
                entry.note = ""
                entry.reason = ""
                entry.flags = ""
                if date <= closedEnd {
                    entry.status = .approved
                    entry.hourlyWageCents = wage
                    entry.billedMinutes = engagement.map { PayArithmetic.billedMinutes(90, increment: $0.billingIncrementMinutes) }
                    entry.decidedBy = leadID
                    entry.decidedAt = end
                } else {
                    entry.status = .submitted
                }
                try await entry.create(on: tenant.db)
                count += 1
            }
        }
        let closed = PayPeriod()
        closed.districtID = tenant.districtID
        closed.startsOn = closedStart.description
        closed.endsOn = closedEnd.description
        closed.closedAt = TimePages.instant(thisWeek, "09:00", zone)
        closed.closedBy = leadID
        try await closed.create(on: tenant.db)
        let open = PayPeriod()
        open.districtID = tenant.districtID
        open.startsOn = closedEnd.adding(days: 1).description
        open.endsOn = closedEnd.adding(days: 14).description
        try await open.create(on: tenant.db)
        audit.record("seed", "timeEntries", id: nil, before: Optional<String>.none,
                     after: ["entries": String(count), "closedPeriod": "\(closedStart) to \(closedEnd)"])
        // The closed period's first week is billed and issued, so client portals show an
        // invoice; its second week is approved and still the coordinator's to bill.
        let billed = Set(engagements.map(\.$client.id))
        let firstWeekEnd = closedStart.adding(days: 6)
        for client in try await tenant.query(Client.self).sort(\.$name).all() where billed.contains(client.id!) {
            let invoice = try await InvoiceWriter.compose(for: client, from: closedStart, to: firstWeekEnd, tenant: tenant, audit: audit)
            let before = try await InvoiceJSON.load(invoice, tenant: tenant)
            try await InvoiceWriter.number(invoice, issuedOn: firstWeekEnd.adding(days: 2), tenant: tenant)
            invoice.status = .issued
            try await invoice.save(on: tenant.db)
            audit.updated("invoice", id: invoice.id, from: before, to: try await InvoiceJSON.load(invoice, tenant: tenant))
        }
    }
}
