import Foundation
import PathworkDomain

/// One pass over a student file: the header, then each line read by its kind's rules, matched
/// to a student, checked against the lines before it, and (with a stage) staged.
struct StudentFileReading {
    let kind: StudentFileKind
    let districtID: UUID
    let numbers: [String: UUID]
    let stage: StudentFileStage?
    private var header: StudentFileHeader?
    private var sawHeader = false
    private var students: Set<UUID> = []
    /// The line each once-only key was first seen on: a student's exit, a student's
    /// application for a class.
    private var firstLine: [String: Int] = [:]
    /// Each student's Clearinghouse search: when, and whether any line found them.
    private var searches: [UUID: (on: CalendarDate?, found: Bool)] = [:]
    /// The line before's student number and student, and the search of the lines naming them
    /// since: a file's lines come grouped by student, so most find their student, and add to
    /// their search, without a lookup (three hashes a line of a million-line file).
    private var last: (number: String, student: UUID)?
    private var current: (student: UUID, search: (on: CalendarDate?, found: Bool))?

    init(kind: StudentFileKind, districtID: UUID, numbers: [String: UUID], stage: StudentFileStage?) {
        self.kind = kind; self.districtID = districtID; self.numbers = numbers; self.stage = stage
    }

    mutating func take(_ record: CSVRecord, report: inout StudentFileReport) {
        guard sawHeader else {
            sawHeader = true
            header = StudentFileHeader.read(record, columns: kind.columns, file: report.fileName, issues: &report.issues)
            return
        }
        guard let header else { return }
        report.rows += 1
        let row = StudentFileRow(record, header: header)
        switch kind {
        case .clearinghouse:
            guard let read = ClearinghouseFile.read(row, &report.issues), let student = match(read.studentNumber, row, &report) else { return }
            if current?.student != student {
                keepCurrentSearch()
                current = (student, (on: nil, found: false))
            }
            Self.searched(&current!.search, on: read.searchedOn, found: read.record != nil)
            switch read.record {
            case nil: report.counts["not found", default: 0] += 1
            case .enrollment(let enrollment)?:
                report.counts["enrollments", default: 0] += 1
                stage?.add(StudentFileStage.records, values(student, "enrollment", enrollment.college, [
                    .text(enrollment.begins.description), .text(enrollment.ends.description), enrollment.status.map { .text($0.rawValue) } ?? .null, .null, .null]))
            case .degree(let degree)?:
                report.counts["degrees", default: 0] += 1
                stage?.add(StudentFileStage.records, values(student, "degree", degree.college, [
                    .null, .null, .null, .text(degree.graduatedOn.description), .text(degree.title)]))
            }
        case .financialAid:
            guard let read = FinancialAidFile.read(row, &report.issues), let student = match(read.studentNumber, row, &report),
                  once("\(student) \(read.classOf) \(read.application.rawValue)", row, "This student's \(read.application.title) for the class of \(read.classOf)",
                       &report) else { return }
            report.counts[read.completedOn == nil ? "not complete" : "complete", default: 0] += 1
            stage?.add(StudentFileStage.financialAid, [.id(OrderedID.next()), .id(districtID), .id(student), .id(stage!.importID), .integer(Int64(read.classOf)),
                                                                 .text(read.application.rawValue), read.submittedOn.map { .text($0.description) } ?? .null,
                                                                 read.completedOn.map { .text($0.description) } ?? .null])
        case .dualCredit:
            guard let read = DualCreditFile.read(row, &report.issues), let student = match(read.studentNumber, row, &report) else { return }
            report.counts[read.credit.kind.title, default: 0] += 1
            let credit = read.credit
            stage?.add(StudentFileStage.dualCredits, [.id(OrderedID.next()), .id(districtID), .id(student), .text(credit.kind.rawValue),
                                                                .integer(Int64(credit.creditTenths)), .text(credit.earnedOn.description),
                                                                credit.courseCode.map { .text($0) } ?? .null, credit.college.map { .text($0) } ?? .null,
                                                                .id(stage!.importID)])
        case .assessments:
            guard let read = AssessmentFile.read(row, &report.issues), let student = match(read.studentNumber, row, &report),
                  once("\(student) \(read.schoolYear) \(read.subject.rawValue)", row, "This student's \(read.subject.rawValue) result for \(read.schoolYear)-\(read.schoolYear + 1)",
                       &report) else { return }
            report.counts[read.proficient ? "proficient" : "not proficient", default: 0] += 1
            stage?.add(StudentFileStage.assessments, [.id(OrderedID.next()), .id(districtID), .id(student), .id(stage!.importID), .integer(Int64(read.schoolYear)),
                                                                .text(read.subject.rawValue), .bool(read.proficient), read.level.map { .text($0) } ?? .null])
        case .afterExit:
            guard let read = ExitActivityFile.read(row, &report.issues), let student = match(read.studentNumber, row, &report) else { return }
            report.counts[read.kind.title, default: 0] += 1
            stage?.add(StudentFileStage.activities, [.id(OrderedID.next()), .id(districtID), .id(student), .text(read.kind.rawValue), .text(read.startsOn.description),
                                                               read.endsOn.map { .text($0.description) } ?? .null, .id(stage!.importID)])
        case .exits:
            guard let read = StudentExitFile.read(row, &report.issues), let student = match(read.studentNumber, row, &report),
                  once("\(student)", row, "This student's exit", &report) else { return }
            report.counts[read.exit.kind.title, default: 0] += 1
            stage?.add(StudentFileStage.exits, [.id(OrderedID.next()), .id(districtID), .id(student), .integer(Int64(read.exit.cohortYear)),
                                                          .text(read.exit.exitedOn.description), .text(read.exit.kind.rawValue), .id(stage!.importID)])
        }
    }

    /// After the last line: a file with no header, no lines or no student matched cannot be
    /// applied; the Clearinghouse's searches are staged, one per student.
    mutating func finish(report: inout StudentFileReport) {
        if !sawHeader {
            report.issues.add(RosterIssue(.error, "empty", file: report.fileName, line: 1, "The file is empty; it needs a header line and a line per record."))
        } else if header != nil, report.rows == 0 {
            report.issues.add(RosterIssue(.error, "empty", file: report.fileName, line: 2, "The file has a header but no records."))
        } else if header != nil, report.rows > 0, students.isEmpty, report.issues.errorCount == 0 {
            report.issues.add(RosterIssue(.error, "noStudents", file: report.fileName, column: kind.studentNumberColumn,
                                          "No line names a student of this district: check that the file carries the district's student numbers."))
        }
        keepCurrentSearch()
        report.students = students.count
        guard let stage, report.issues.errorCount == 0 else { return }
        // In the order of the students' ids, as the table's key on the student keeps them: the
        // change's copy then appends to that index rather than writing all over it.
        for (student, search) in searches.sorted(by: { $0.key.precedes($1.key) }) {
            stage.add(StudentFileStage.searches, [.id(OrderedID.next()), .id(districtID), .id(student), .id(stage.importID),
                                                            search.on.map { .text($0.description) } ?? .null, .bool(search.found)])
        }
    }

    /// A record's row: made at its full size at once, a million times a large file.
    private func values(_ student: UUID, _ kind: String, _ college: College, _ rest: [StagedValue]) -> [StagedValue] {
        var row: [StagedValue] = []
        row.reserveCapacity(10 + rest.count)
        row.append(contentsOf: [.id(OrderedID.next()), .id(districtID), .id(student), stage.map { .id($0.importID) } ?? .null, .text(kind), .text(college.code),
                                .text(college.name), .text(college.state), .text(college.level.rawValue), .text(college.control.rawValue)])
        row.append(contentsOf: rest)
        return row
    }

    /// A student's search, with another line of theirs: the latest date, and found if any line found them.
    private static func searched(_ search: inout (on: CalendarDate?, found: Bool), on: CalendarDate?, found: Bool) {
        if let on, search.on.map({ $0 < on }) ?? true { search.on = on }
        search.found = search.found || found
    }

    /// The current student's search joins what earlier lines of theirs (elsewhere in the file) gave.
    private mutating func keepCurrentSearch() {
        guard let current else { return }
        Self.searched(&searches[current.student, default: (on: nil, found: false)], on: current.search.on, found: current.search.found)
        self.current = nil
    }

    /// The student a line names; a number nobody has is a warning, and the line is skipped.
    private mutating func match(_ number: String, _ row: StudentFileRow, _ report: inout StudentFileReport) -> UUID? {
        if let last, last.number == number { return last.student }
        guard let student = numbers[number] else {
            report.unmatched += 1
            row.warning(kind.studentNumberColumn, "unknownStudent", value: number,
                        "No student of this district has this number (a spreadsheet may have dropped its leading zeros); the line is skipped.",
                        into: &report.issues)
            return nil
        }
        students.insert(student)
        last = (number, student)
        return student
    }

    /// Whether `key` is new to the file; a second line for it is an error naming the first.
    private mutating func once(_ key: String, _ row: StudentFileRow, _ what: String, _ report: inout StudentFileReport) -> Bool {
        if let first = firstLine[key] {
            row.error(kind.studentNumberColumn, "duplicate", "\(what) is already on line \(first).", into: &report.issues)
            return false
        }
        firstLine[key] = row.line
        return true
    }
}
