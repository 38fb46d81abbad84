import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// What reading a student file found, or what applying it did.
struct StudentFileReport: Codable, Sendable {
    var kind: StudentFileKind
    var fileName: String
    var sha256: String
    /// Data lines read.
    var rows = 0
    /// Distinct students matched by their number.
    var students = 0
    /// Lines naming a student number nobody in the district has (skipped, with a warning).
    var unmatched = 0
    /// What the lines hold, by what the page calls it ("enrollments", "graduated", …).
    var counts: [String: Int] = [:]
    var issues = RosterIssueLog()
    var importID: UUID?

    var canApply: Bool { issues.errorCount == 0 && students > 0 }
}

/// Reading, previewing and applying a student file for a district, for the page and the
/// command. Applying is: read and check the file, staging its rows (beside the writer), then
/// one change that replaces each named student's records of the kind and records the import
/// with its audit row. A file with any error writes nothing; a failure or a `kill -9` before
/// the change commits leaves the district as it was.
enum StudentFileImport {
    static let turns = KeyedGate()

    struct Busy: Error {}

    static func preview(path: String, kind: StudentFileKind, fileName: String, districtID: UUID, db: any Database) async throws -> StudentFileReport {
        var report = StudentFileReport(kind: kind, fileName: fileName, sha256: try RosterApply.sha256(of: path))
        try await read(path: path, districtID: districtID, report: &report, stage: nil, db: db)
        return report
    }

    static func apply(path: String, kind: StudentFileKind, fileName: String, districtID: UUID, actor: Actor, db: any Database,
                      services: PathworkServices) async throws -> StudentFileReport {
        let sha256 = try RosterApply.sha256(of: path)
        return try await turns.run(key: "student-file") {
            let stage = try await StudentFileStage.begin(kind: kind, districtID: districtID, now: services.clock.now(), db: db, storage: services.config.storage)
            var report = StudentFileReport(kind: kind, fileName: fileName, sha256: sha256)
            do {
                try await read(path: path, districtID: districtID, report: &report, stage: stage, db: db)
                guard report.canApply else {
                    try await stage.abandon()
                    return report
                }
                try await stage.finish()
                report.importID = stage.importID
                let (done, staged) = (report, stage.staged)
                try await AuditLog.change(on: db, by: actor, services: services) { tx, audit in
                    let counts = try await StudentFileStage.counts(done.importID!, kind: kind, districtID: districtID, on: tx)
                    guard counts.values.reduce(0, +) == staged else { throw Busy() }
                    try await StudentFileStage.apply(done.importID!, kind: kind, staged: counts, districtID: districtID, on: tx)
                    // Exits decide who is enrolled in a year, and the other files feed its indicators
                    // (Perkins V's among them): the district's outcome figures are rebuilt.
                    if kind != .financialAid { audit.emit(.rostered(district: districtID)) }
                    let record = StudentFileImportRecord()
                    record.id = done.importID
                    record.districtID = districtID
                    record.kind = kind.rawValue
                    record.actorID = actor.id
                    record.fileName = done.fileName
                    record.sha256 = done.sha256
                    record.rows = done.rows
                    record.students = done.students
                    record.report = AuditJSON.encode(done)
                    record.appliedAt = services.clock.now()
                    try await record.create(on: tx)
                    struct Summary: Encodable { var kind: String; var fileName: String; var sha256: String; var rows: Int; var students: Int }
                    audit.record("import", StudentFileImportRecord.schema, id: done.importID, before: Optional<Summary>.none,
                                 after: Summary(kind: kind.rawValue, fileName: done.fileName, sha256: done.sha256, rows: done.rows, students: done.students))
                }
            } catch {
                try? await stage.abandon()
                throw error
            }
            try await StudentFileStage.empty(on: db)
            return report
        }
    }

    /// Reads the file line by line (on a thread of its own), checking each line and, with a
    /// stage, staging what it holds.
    static func read(path: String, districtID: UUID, report: inout StudentFileReport, stage: StudentFileStage?, db: any Database) async throws {
        let numbers = try await studentNumbers(districtID, db: db)
        var reading = StudentFileReading(kind: report.kind, districtID: districtID, numbers: numbers, stage: stage)
        do {
            let columns = report.kind.columns
            for try await batch in ThreadBatches<CSVRecord>(csvFile: path, keeping: { StudentFileHeader.kept($0, columns: columns) }) {
                for record in batch { reading.take(record, report: &report) }
                try await stage?.write()
            }
        } catch let error as CSVSyntaxError {
            report.issues.add(RosterIssue(.error, "syntax", file: report.fileName, line: error.line, "Not CSV at field \(error.field): \(error.message)"))
            return
        }
        reading.finish(report: &report)
    }

    /// The district's students by number (unique in a district).
    static func studentNumbers(_ districtID: UUID, db: any Database) async throws -> [String: UUID] {
        let rows = try await db.sql().raw("SELECT student_number, person_id FROM student_profiles WHERE district_id = \(bind: districtID)").all()
        var numbers: [String: UUID] = [:]
        numbers.reserveCapacity(rows.count)
        for row in rows { numbers[try row.decode(column: "student_number", as: String.self)] = try row.decode(column: "person_id", as: UUID.self) }
        return numbers
    }
}
