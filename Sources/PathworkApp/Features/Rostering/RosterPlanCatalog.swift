import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The small files, read whole: orgs (the district and its schools), terms, courses (into the
/// course catalog, one course per code) and class sections.
extension RosterPlanner {
    func rows(_ file: RosterFile) async throws -> [RosterRow] {
        var all: [RosterRow] = []
        guard mode(file) != nil else { return all }
        for try await batch in RosterBatches(file, in: source, manifest: manifest) { all += batch }
        return all
    }

    func planOrgs() async throws {
        let known = try await known(.orgs)
        let schools = try await db.sql().raw("SELECT id, name FROM schools WHERE district_id = \(bind: districtID)").all()
        var schoolByName: [String: UUID] = [:]
        for school in schools { schoolByName[try school.decode(column: "name", as: String.self)] = try school.decode(column: "id", as: UUID.self) }
        let rostered = Set(known.values.map(\.recordID))
        var namesInSet = Set<String>()
        let rows = try await rows(.orgs)
        var seen = Set<String>()
        for row in rows {
            let sid = row.sourcedId
            seen.insert(sid)
            if row.isEnding { try end(.orgs, known[sid]); continue }
            switch row["type"] {
            case "district":
                orgs[sid] = districtID
                let fingerprint = RosterFingerprint.of(["district"])
                try record(.orgs, sid, known[sid], recordID: districtID, fingerprint: fingerprint, decide(known[sid], fingerprint))
            case "school":
                let name = row["name"]
                guard namesInSet.insert(name).inserted else {
                    note(row, "school-name-repeated", column: "name", value: name, "Another school of the set has this name; Pathwork names schools uniquely.",
                         severity: .error)
                    continue
                }
                var recordID = known[sid]?.recordID
                if recordID == nil, let same = schoolByName[name] {
                    if rostered.contains(same) {
                        note(row, "school-name-taken", column: "name", value: name, "A school another sourcedId made has this name.", severity: .error)
                        continue
                    }
                    recordID = same
                    note(row, "school-matched", column: "name", value: name, "Matched by name to the school Pathwork already has.")
                }
                let id = recordID ?? OrderedID.next()
                orgs[sid] = id
                let nces = row["identifier"]
                let fingerprint = RosterFingerprint.of(["school", name, nces])
                let decision = decide(known[sid], fingerprint)
                if decision != .same {
                    var locale = row.metadata["metadata.locale"].flatMap { SchoolLocale(rawValue: $0.lowercased()) }
                    if locale == nil, recordID == nil {
                        note(row, "school-locale", column: "metadata.locale", "No locale given (city, suburb, town or rural); set to city. Change it on Schools.")
                        locale = .city
                    }
                    try stage?.add(RosterStage.schools, [id, districtID, name, (locale ?? .city).rawValue, nces.isEmpty ? nil : nces, now, now])
                }
                try record(.orgs, sid, known[sid], recordID: id, fingerprint: fingerprint, decision)
            default:
                count(.orgs) { $0.leftOut += 1 }
            }
        }
        try await endMissing(.orgs) { seen.contains($0) }
        for (sid, record) in known where orgs[sid] == nil && !record.ended { orgs[sid] = record.recordID }
    }

    func planSessions() async throws {
        let known = try await known(.academicSessions)
        for (sid, record) in known where !record.ended { sessions[sid] = record.recordID }
        for term in try await db.sql().raw("SELECT id, starts_on, ends_on FROM academic_sessions WHERE district_id = \(bind: districtID)").all() {
            termDates[try term.decode(column: "id", as: UUID.self)] = (try term.decode(column: "starts_on", as: String.self),
                                                                       try term.decode(column: "ends_on", as: String.self))
        }
        let rows = try await rows(.academicSessions)
        for row in rows where !row.isEnding { sessions[row.sourcedId] = known[row.sourcedId]?.recordID ?? OrderedID.next() }
        for row in rows {
            let sid = row.sourcedId
            if row.isEnding { try end(.academicSessions, known[sid]); sessions[sid] = nil; continue }
            guard let id = sessions[sid] else { continue }
            termDates[id] = (row["startDate"], row["endDate"])
            let parent = row["parentSourcedId"].isEmpty ? nil : sessions[row["parentSourcedId"]]
            let year = Int(row["schoolYear"])
            let fingerprint = RosterFingerprint.of([row["title"], row["type"], row["startDate"], row["endDate"], parent?.hex ?? "",
                                                    row["schoolYear"]])
            let decision = decide(known[sid], fingerprint)
            if decision != .same {
                try stage?.add(RosterStage.sessions, [id, districtID, row["title"], row["type"], row["startDate"], row["endDate"], parent, year],
                                     exists: known[sid] != nil)
            }
            try record(.academicSessions, sid, known[sid], recordID: id, fingerprint: fingerprint, decision)
        }
        let seen = Set(rows.map(\.sourcedId))
        try await endMissing(.academicSessions) { seen.contains($0) }
    }

    func planCourses() async throws {
        let known = try await known(.courses)
        for (sid, record) in known where !record.ended { courses[sid] = record.recordID }
        var byCode: [String: UUID] = [:]
        for course in try await db.sql().raw("SELECT id, code FROM courses WHERE district_id = \(bind: districtID)").all() {
            byCode[try course.decode(column: "code", as: String.self)] = try course.decode(column: "id", as: UUID.self)
        }
        let rows = try await rows(.courses)
        for row in rows {
            let sid = row.sourcedId
            if row.isEnding { try end(.courses, known[sid]); continue }
            // The catalog keeps one course per code; a course offered each year is one course.
            let code = row["courseCode"].isEmpty ? sid : row["courseCode"]
            let id: UUID
            if let existing = byCode[code] {
                id = existing
            } else {
                id = OrderedID.next()
                byCode[code] = id
                try stage?.add(RosterStage.courses, [id, districtID, code, row["title"], 0, ""])
            }
            courses[sid] = id
            if manifest.version == .v1_0 { courseGrades[sid] = ClassGradeTally.grades(row.list("grades")) }
            let fingerprint = RosterFingerprint.of([code, row["title"]])
            try record(.courses, sid, known[sid], recordID: id, fingerprint: fingerprint, decide(known[sid], fingerprint))
        }
        let seen = Set(rows.map(\.sourcedId))
        try await endMissing(.courses) { seen.contains($0) }
    }

    func planClasses() async throws {
        let known = try await known(.classes)
        for (sid, record) in known where !record.ended { sections[sid] = record.recordID }
        var seen = Set<String>()
        for try await batch in RosterBatches(.classes, in: source, manifest: manifest) {
            for row in batch {
                let sid = row.sourcedId
                seen.insert(sid)
                if row.isEnding { try end(.classes, known[sid]); sections[sid] = nil; continue }
                guard let course = courses[row["courseSourcedId"]] else {
                    note(row, "reference-ended", column: "courseSourcedId", value: row["courseSourcedId"], "Names a course that has ended.", severity: .error)
                    continue
                }
                let school = orgs[row["schoolSourcedId"]].flatMap { $0 == districtID ? nil : $0 }
                let termIDs = row.list("termSourcedIds").compactMap { sessions[$0] }
                let terms = termIDs.map(\.uuidString).joined(separator: ",")
                let dates = termIDs.compactMap { termDates[$0] }
                let (starts, ends) = (dates.map(\.starts).min(), dates.map(\.ends).max())
                let id = known[sid]?.recordID ?? OrderedID.next()
                sections[sid] = id
                if manifest.version == .v1_0 {
                    let own = ClassGradeTally.grades(row.list("grades"))
                    classGrades[sid] = own.isEmpty ? courseGrades[row["courseSourcedId"]] ?? [] : own
                }
                let fingerprint = RosterFingerprint.of([row["title"], row["classCode"], course.hex, school?.hex ?? "", terms, starts ?? "", ends ?? ""])
                let decision = decide(known[sid], fingerprint)
                if decision != .same {
                    try stage?.add(RosterStage.sections, [id, districtID, course, school, row["title"], row["classCode"], terms, starts, ends],
                                         exists: known[sid] != nil)
                }
                try record(.classes, sid, known[sid], recordID: id, fingerprint: fingerprint, decision)
            }
            try await stage?.write()
        }
        try await endMissing(.classes) { seen.contains($0) }
    }
}
