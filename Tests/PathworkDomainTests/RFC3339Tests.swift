import Foundation
import PathworkDomain
import Testing

@Suite("RFC 3339 instants")
struct RFC3339Tests {
    @Test("fractions and offsets are read; impossible dates and malformed text are not")
    func parsing() {
        let utc = RFC3339.date(from: "2026-11-03T15:00:00Z")
        #expect(utc == Date(timeIntervalSince1970: 1_793_718_000))
        #expect(RFC3339.date(from: "2026-11-03T08:00:00-07:00") == utc)
        #expect(RFC3339.date(from: "2026-11-03T15:00:00.250Z") == utc?.addingTimeInterval(0.25))
        #expect(RFC3339.date(from: "0094-08-11T01:01:06.998029+22:04") != nil)
        for bad in ["2026-02-30T00:00:00Z", "2026-11-03T24:00:00Z", "2026-11-03 15:00:00Z", "2026-11-03T15:00:00", "2026-11-03T15:00:00.Z",
                    "2026-11-03T15:00:00+7:00", "2026-11-03T15:00:00Zjunk", ""] {
            #expect(RFC3339.date(from: bad) == nil, "\(bad)")
        }
    }
}
