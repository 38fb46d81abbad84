import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// `pathwork export oneroster --district S PATH`: writes what Pathwork holds of a district as a
/// OneRoster 1.2 bulk set (a folder of CSV files), so a district can take its roster elsewhere
/// and an import of the export gives the same district. Records keep the `sourcedId` they were
/// imported with; the rest take their Pathwork id. People are read a page at a time.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "format", help: "oneroster") var format: String
        @Argument(name: "path", help: "A folder to write the set's CSV files into (made if missing)") var path: String
        @Option(name: "district", help: "District slug") var district: String?
    }

    var help: String { "Writes a district as a OneRoster 1.2 bulk set: export oneroster PATH --district S" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.format == "oneroster" else { throw CommandFailure("unknown format '\(signature.format)'; use 'oneroster'") }
        guard let slug = signature.district else { throw CommandFailure("--district is required") }
        let app = context.application
        try await app.prepareDatabase()
        try await app.autoMigrate()
        guard let district = try await District.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandFailure("--district: no district '\(slug)'")
        }
        let counts = try await RosterExport(districtID: try district.requireID(), db: app.db).write(to: URL(fileURLWithPath: signature.path))
        context.console.print(counts.map { "\($0.file): \($0.rows) rows" }.joined(separator: "\n"))
    }
}

final class RosterExport {
    let districtID: UUID
    let db: any Database
    private var folder = URL(fileURLWithPath: "/")
    private var written: [(file: String, rows: Int)] = []

    init(districtID: UUID, db: any Database) { (self.districtID, self.db) = (districtID, db) }

    /// A record's `sourcedId`: the one it was imported with, else its id.
    private func sourcedIDs(_ file: RosterFile) async throws -> [UUID: String] {
        var ids: [UUID: String] = [:]
        for row in try await db.sql().raw("""
            SELECT record_id, sourced_id FROM roster_records
            WHERE district_id = \(bind: districtID) AND file = \(bind: file.rawValue) AND ended_on IS NULL ORDER BY sourced_id
            """).all() {
            let id = try row.decode(column: "record_id", as: UUID.self)
            if ids[id] == nil { ids[id] = try row.decode(column: "sourced_id", as: String.self) }
        }
        return ids
    }

    func write(to folder: URL) async throws -> [(file: String, rows: Int)] {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await file("manifest.csv", ["propertyName", "value"]) { add in
            for (name, value) in [("manifest.version", "1.0"), ("oneroster.version", "1.2"), ("source.systemName", "Pathwork")] { add([name, value]) }
            for file in RosterFile.readingOrder { add(["file.\(file.rawValue)", "bulk"]) }
        }
        written = []
        let sql = try db.sql()
        let orgIDs = try await sourcedIDs(.orgs)
        let districtOrg = orgIDs[districtID] ?? "district-\(districtID.uuidString.lowercased())"
        func sid(_ map: [UUID: String], _ id: UUID) -> String { map[id] ?? id.uuidString.lowercased() }

        let schools = try await sql.raw("SELECT id, name, locale, nces_id FROM schools WHERE district_id = \(bind: districtID) ORDER BY name").all()
        var schoolIDs: [UUID: String] = [:]
        try await file("orgs.csv", ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId", "metadata.locale"]) { add in
            add([districtOrg, "", "", try await districtName(), "district", "", "", ""])
            for school in schools {
                let id = try school.decode(column: "id", as: UUID.self)
                schoolIDs[id] = sid(orgIDs, id)
                add([sid(orgIDs, id), "", "", try school.decode(column: "name", as: String.self), "school",
                     try school.decode(column: "nces_id", as: String?.self) ?? "", districtOrg, try school.decode(column: "locale", as: String.self)])
            }
        }

        let sessionIDs = try await sourcedIDs(.academicSessions)
        let sessions = try await sql.raw("""
            SELECT id, title, kind, starts_on, ends_on, parent_id, school_year FROM academic_sessions WHERE district_id = \(bind: districtID) ORDER BY starts_on
            """).all()
        try await file("academicSessions.csv", ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"]) { add in
            for session in sessions {
                let parent = try session.decode(column: "parent_id", as: UUID?.self)
                add([sid(sessionIDs, try session.decode(column: "id", as: UUID.self)), "", "", try session.decode(column: "title", as: String.self),
                     try session.decode(column: "kind", as: String.self), try session.decode(column: "starts_on", as: String.self),
                     try session.decode(column: "ends_on", as: String.self), parent.map { sid(sessionIDs, $0) } ?? "",
                     (try session.decode(column: "school_year", as: Int?.self)).map(String.init) ?? ""])
            }
        }

        let courseIDs = try await sourcedIDs(.courses)
        let courses = try await sql.raw("SELECT id, code, title FROM courses WHERE district_id = \(bind: districtID) ORDER BY code").all()
        try await file("courses.csv", ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId",
                                 "subjects", "subjectCodes"]) { add in
            for course in courses {
                add([sid(courseIDs, try course.decode(column: "id", as: UUID.self)), "", "", "", try course.decode(column: "title", as: String.self),
                     try course.decode(column: "code", as: String.self), "", districtOrg, "", ""])
            }
        }

        let sectionIDs = try await sourcedIDs(.classes)
        let sections = try await sql.raw("""
            SELECT id, course_id, school_id, title, class_code, term_ids FROM class_sections WHERE district_id = \(bind: districtID) ORDER BY title
            """).all()
        var sectionSchools: [UUID: String] = [:]
        try await file("classes.csv", ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location",
                                 "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"]) { add in
            for section in sections {
                let id = try section.decode(column: "id", as: UUID.self)
                let terms = try section.decode(column: "term_ids", as: String.self).split(separator: ",").compactMap { UUID(uuidString: String($0)) }
                guard !terms.isEmpty else { continue }
                let school = try section.decode(column: "school_id", as: UUID?.self).flatMap { schoolIDs[$0] } ?? districtOrg
                sectionSchools[id] = school
                add([sid(sectionIDs, id), "", "", try section.decode(column: "title", as: String.self), "",
                     sid(courseIDs, try section.decode(column: "course_id", as: UUID.self)), try section.decode(column: "class_code", as: String.self),
                     "scheduled", "", school, terms.map { sid(sessionIDs, $0) }.joined(separator: ","), "", "", ""])
            }
        }

        let people = try await RosterExportPeople(export: self, districtID: districtID, districtOrg: districtOrg, schools: schoolIDs).write()
        try await writeEnrollments(people: people, sections: sectionIDs, sectionSchools: sectionSchools)
        return written
    }

    private func districtName() async throws -> String {
        try await District.find(districtID, on: db)?.name ?? ""
    }

    private func writeEnrollments(people: [UUID: String], sections: [UUID: String], sectionSchools: [UUID: String]) async throws {
        let handle = try open("enrollments.csv", ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId",
                                                   "role", "primary", "beginDate", "endDate"])
        defer { try? handle.close() }
        var rows = 0
        try await db.inPages("""
            SELECT sourced_id, class_section_id, person_id, role, is_primary, begins_on, ends_on FROM enrollments
            WHERE district_id = \(bind: districtID) AND ended_on IS NULL
            """, by: "sourced_id") { page in
            var text = ""
            for row in page {
                let section = try row.decode(column: "class_section_id", as: UUID.self)
                guard let person = people[try row.decode(column: "person_id", as: UUID.self)], let school = sectionSchools[section] else { continue }
                text += CSVWriter.row([try row.decode(column: "sourced_id", as: String.self), "", "", sections[section] ?? section.uuidString.lowercased(),
                                       school, person, try row.decode(column: "role", as: String.self),
                                       try row.decode(column: "is_primary", as: Bool.self) ? "true" : "false",
                                       try row.decode(column: "begins_on", as: String?.self) ?? "", try row.decode(column: "ends_on", as: String?.self) ?? ""]
                                       .map(CSVWriter.quoted))
                rows += 1
            }
            try handle.write(contentsOf: Data(text.utf8))
        }
        written.append(("enrollments.csv", rows))
    }

    /// A file written whole from rows `fill` adds (the small files).
    func file(_ name: String, _ header: [String], _ fill: ((([String]) -> Void)) async throws -> Void) async throws {
        var lines = [CSVWriter.row(header.map(CSVWriter.quoted))]
        try await fill { lines.append(CSVWriter.row($0.map(CSVWriter.quoted))) }
        try Data(lines.joined().utf8).write(to: folder.appendingPathComponent(name))
        if name != "manifest.csv" { written.append((name, lines.count - 1)) }
    }

    /// A file opened for appending page by page (the large files), its header written.
    func open(_ name: String, _ header: [String]) throws -> FileHandle {
        let url = folder.appendingPathComponent(name)
        try Data(CSVWriter.row(header.map(CSVWriter.quoted)).utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        return handle
    }

    func wrote(_ file: String, _ rows: Int) { written.append((file, rows)) }
}
