import Fluent
import Foundation
import PathworkDomain

/// A school district: the tenant every other record belongs to.
final class District: Model, @unchecked Sendable {
    static let schema = "districts"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "school_year_starts_on") var schoolYearStartsOn: String
    @Field(key: "school_year_ends_on") var schoolYearEndsOn: String
    /// ISO dates separated by commas; a district has a few dozen at most.
    @Field(key: "non_school_days") var nonSchoolDays: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// The calendar from its stored columns, for reads that do not load the whole district.
    static func calendar(startsOn: String, endsOn: String, nonSchoolDays: String) -> SchoolCalendar {
        let days = nonSchoolDays.split(separator: ",").compactMap { CalendarDate(iso: String($0)) }
        return SchoolCalendar(startsOn: CalendarDate(iso: startsOn)!, endsOn: CalendarDate(iso: endsOn)!, nonSchoolDays: Set(days))
    }

    init(id: UUID? = nil, slug: String, name: String, timeZone: String, calendar: SchoolCalendar) {
        self.id = id
        self.slug = slug
        self.name = name
        self.timeZone = timeZone
        self.calendar = calendar
    }

    var calendar: SchoolCalendar {
        get { Self.calendar(startsOn: schoolYearStartsOn, endsOn: schoolYearEndsOn, nonSchoolDays: nonSchoolDays) }
        set {
            schoolYearStartsOn = newValue.startsOn.description
            schoolYearEndsOn = newValue.endsOn.description
            nonSchoolDays = newValue.nonSchoolDays.sorted().map(\.description).joined(separator: ",")
        }
    }

    /// The default calendar for a new district: Monday–Friday from August 15 to June 5 of the
    /// school year containing `today`, less a winter break from December 20 to January 4.
    static func defaultCalendar(today: CalendarDate) -> SchoolCalendar {
        let start = SchoolCalendar.schoolYearStart(containing: today)
        return SchoolCalendar(
            startsOn: CalendarDate(year: start, month: 8, day: 15)!,
            endsOn: CalendarDate(year: start + 1, month: 6, day: 5)!,
            nonSchoolDays: SchoolCalendar.range(CalendarDate(year: start, month: 12, day: 20)!,
                                                CalendarDate(year: start + 1, month: 1, day: 4)!))
    }

    static func isValidSlug(_ slug: String) -> Bool {
        (2...40).contains(slug.count) && slug.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && !slug.hasPrefix("-") && !slug.hasSuffix("-")
    }

    static func isValidTimeZone(_ identifier: String) -> Bool { TimeZone(identifier: identifier) != nil }
}

/// A school in a district; its locale feeds rural-access reporting.
final class School: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "schools"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Field(key: "locale") var locale: SchoolLocale
    /// The school's NCES id, where the student information system gives it (OneRoster's org identifier).
    @OptionalField(key: "nces_id") var ncesID: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, districtID: UUID, name: String, locale: SchoolLocale) {
        self.id = id
        self.districtID = districtID
        self.name = name
        self.locale = locale
    }
}
