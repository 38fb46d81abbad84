import Fluent
import Foundation
import PathworkDomain
import Vapor

enum Districts {
    static func create(slug: String, name: String, timeZone: String, on app: Application) async throws -> District {
        let today = CalendarDate.on(app.pathwork.clock.now(), timeZone: timeZone)
        let district = District(slug: slug, name: name, timeZone: timeZone, calendar: District.defaultCalendar(today: today))
        return try await AuditLog.change(on: app.db, by: .system("cli"), services: app.pathwork) { db, audit in
            try await district.create(on: db)
            audit.created("district", id: district.id, DistrictSnapshot(district))
            return district
        }
    }
}

struct DistrictSnapshot: Codable, Equatable {
    var slug: String
    var name: String
    var timeZone: String
    var schoolYearStartsOn: String
    var schoolYearEndsOn: String
    var nonSchoolDays: String

    init(_ district: District) {
        slug = district.slug
        name = district.name
        timeZone = district.timeZone
        schoolYearStartsOn = district.schoolYearStartsOn
        schoolYearEndsOn = district.schoolYearEndsOn
        nonSchoolDays = district.nonSchoolDays
    }
}
