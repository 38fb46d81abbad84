import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/district/student-files`: an admin uploads a file of student records from outside Pathwork
/// (the Clearinghouse's StudentTracker detail file, the state's FAFSA/WASFA completions,
/// graduations and exits) and reads what it holds — every error and warning at its line and
/// column — before applying it; the upload waits on disk under a random name until then (a
/// day at most). Past imports are listed, each with its report.
enum StudentFilesPage {
    static let maximumBytes = 1 << 30

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.studentFiles.pattern) { req async throws -> Page in
            try req.viewer.require(.importStudentFiles)
            return try await render(req)
        }
        pages.on(.POST, SiteRoute.studentFiles.pattern, body: .stream) { req async throws -> Response in
            try req.viewer.require(.importStudentFiles)
            guard let kind = (try? req.query.get(String.self, at: "kind")).flatMap(StudentFileKind.init(token:)) else {
                throw PathworkError.invalid([FieldError(field: "kind", message: "Choose which kind of file this is.")])
            }
            try ImportPage.clearOldUploads(req)
            let token = UUID()
            let url = upload(req, token)
            let received: StreamedUpload
            do {
                received = try await StreamedUpload.receive(req, field: "file", to: url, limit: maximumBytes)
            } catch {
                try? FileManager.default.removeItem(at: url)
                let message = (error as? StreamedUpload.Failure) == .tooLarge
                    ? "A file of up to 1 GB can be checked here; check a larger one with pathwork import \(kind.token)."
                    : "Choose the file (.csv)."
                return try await render(req, errors: [FieldError(field: kind.token, message: message)]).encodeResponse(for: req)
            }
            let report = try await StudentFileImport.preview(path: url.path, kind: kind, fileName: received.filename, districtID: try req.viewer.districtID,
                                                             db: req.pathwork.longWorkDatabase(or: req.db))
            if !report.canApply { try? FileManager.default.removeItem(at: url) }
            return try await render(req, report: report, upload: report.canApply ? token : nil).encodeResponse(for: req)
        }
        pages.post(SiteRoute.studentFilesApply.pattern) { req async throws -> Response in
            try req.viewer.require(.importStudentFiles)
            struct Input: Content { var upload: String?; var fileName: String?; var kind: String? }
            let input = try req.content.decode(Input.self)
            guard let token = input.upload.flatMap(UUID.init(uuidString:)), case let url = upload(req, token), FileManager.default.fileExists(atPath: url.path),
                  let kind = input.kind.flatMap(StudentFileKind.init(token:)) else {
                return try await render(req, errors: [FieldError(field: "upload", message: "That upload is gone (uploads wait a day); upload the file again.")])
                    .encodeResponse(for: req)
            }
            defer { try? FileManager.default.removeItem(at: url) }
            let report = try await StudentFileImport.apply(path: url.path, kind: kind, fileName: input.fileName ?? "file.csv", districtID: try req.viewer.districtID,
                                                           actor: .person(try req.viewer), db: req.pathwork.longWorkDatabase(or: req.db), services: req.pathwork)
            if let id = report.importID { return req.redirect(to: SiteRoute.studentFileImport(id).path) }
            return try await render(req, report: report).encodeResponse(for: req)
        }
        pages.get(SiteRoute.studentFileImport(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.importStudentFiles)
            let record = try await req.tenant.find(StudentFileImportRecord.self, req.parameters.get("importID"))
            let report = try JSONDecoder().decode(StudentFileReport.self, from: Data(record.report.utf8))
            let who = try await Person.find(UUID(uuidString: record.actorID), on: req.db).map(\.fullName) ?? record.actorID
            return Layout.page("Import of \(record.fileName)", viewer: try req.viewer, current: .district,
                .p(.text("Applied \(TimeFormat.dateTime(record.appliedAt, zone: try req.viewer.timeZone)) by \(who). SHA-256 "),
                   .code(.text(record.sha256)), .text(".")),
                summary(report),
                .p(.a(.href(SiteRoute.postsecondary.path), .text("Postsecondary outcomes")), .text(" · "),
                   .a(.href(SiteRoute.studentFiles.path), .text("Back to student files"))))
        }
    }

    static func upload(_ req: Request, _ token: UUID) -> URL {
        URL(fileURLWithPath: req.pathwork.config.dataDirectory).appendingPathComponent("imports").appendingPathComponent("\(token.uuidString).csv")
    }

    static func render(_ req: Request, report: StudentFileReport? = nil, upload: UUID? = nil, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let past = try await req.tenant.query(StudentFileImportRecord.self).sort(\.$appliedAt, .descending).limit(50).all()
        return Layout.page("Student files", viewer: viewer, current: .district, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .p(.text("Records of what happens outside Pathwork, matched to students by the district's student number. "
                     + "Pathwork reads every line and shows what the file holds before anything is applied; a file with any error changes nothing.")),
            .unwrap(report) { report in
                .group(summary(report),
                       .unwrap(upload) { token in
                           .form(.method(.post), .action(SiteRoute.studentFilesApply.path), .id("apply"), Layout.csrfField(viewer.csrfToken),
                                 .input(.type(.hidden), .name("upload"), .value(token.uuidString)),
                                 .input(.type(.hidden), .name("fileName"), .value(report.fileName)),
                                 .input(.type(.hidden), .name("kind"), .value(report.kind.token)),
                                 .p(.text(report.kind.replaces)),
                                 .button(.type(.submit), .text("Apply this file")))
                       })
            },
            .forEach(StudentFileKind.allCases) { kind in
                .section(.class("card"), .id("upload-\(kind.token)"),
                    .h2(.text(kind.title)),
                    .p(.class("muted"), .text("Columns read (by header name, in any order): "
                                              + kind.columns.map { $0.name + ($0.required ? "" : " (optional)") }.joined(separator: "; ") + ".")),
                    // The token rides in the address, so the file streams to disk without being collected first (CSRF).
                    .form(.method(.post), .action(SiteRoute.studentFiles.path(query: [("kind", kind.token), (CSRF.fieldName, viewer.csrfToken ?? "")])),
                          .enctype(.multipartData),
                          .div(.class("field"), .label(.for("file-\(kind.token)"), .text("File (.csv)")),
                               .unwrap(errors.first { $0.field == kind.token }) { .p(.class("error"), .text($0.message)) },
                               .input(.type(.file), .name("file"), .id("file-\(kind.token)"), .attribute(named: "accept", value: ".csv,text/csv"))),
                          .button(.type(.submit), .text("Check the file"))))
            },
            .section(.class("card"), .id("imports"),
                .h2(.text("Past imports")),
                past.isEmpty ? .p(.text("No file has been applied yet.")) : .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Applied")), .th(.text("File")), .th(.text("Kind")), .th(.text("Students")))),
                    .tbody(.forEach(past) { record in
                        .tr(.td(.text(TimeFormat.dateTime(record.appliedAt, zone: viewer.timeZone))),
                            .td(.unwrap(record.id) { .a(.href(SiteRoute.studentFileImport($0).path), .text(record.fileName)) }),
                            .td(.text(StudentFileKind(rawValue: record.kind)?.title ?? record.kind)), .td(.text("\(record.students)")))
                    })))))
    }

    static func summary(_ report: StudentFileReport) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("report"),
            .h2(.text("What \(report.fileName) holds")),
            .p(.class(report.canApply ? "notice" : "flag"), .text(verdict(report))),
            .dl(.dt(.text("Kind")), .dd(.text(report.kind.title)),
                .dt(.text("Lines")), .dd(.text("\(report.rows)")),
                .dt(.text("Students matched")), .dd(.text("\(report.students)")),
                .dt(.text("Lines naming no student of the district")), .dd(.text("\(report.unmatched)")),
                .forEach(report.counts.sorted { $0.key < $1.key }) { name, count in .group(.dt(.text(name.prefix(1).uppercased() + name.dropFirst())), .dd(.text("\(count)"))) }),
            ImportPage.issues(report.issues))
    }

    static func verdict(_ report: StudentFileReport) -> String {
        if report.importID != nil { return "Applied: \(report.students) students' records replaced." }
        if report.issues.errorCount > 0 { return "\(report.issues.errorCount) error\(report.issues.errorCount == 1 ? "" : "s"): fix the file and check it again. Nothing was changed." }
        return "No errors\(report.issues.warningCount > 0 ? " (\(report.issues.warningCount) warnings)" : ""): it can be applied."
    }
}

/// `pathwork import clearinghouse|financial-aid|exits FILE --district S [--dry-run]`: reads the
/// file, prints what it holds with every error and warning at its line, and (without
/// `--dry-run`) applies a file without errors, all of it or nothing.
enum StudentFileCommand {
    static func register(_ app: Application) {
        for kind in StudentFileKind.allCases {
            app.importFormats[kind.token] = { context, path, district, dryRun in
                let app = context.application
                let districtID = try district.requireID()
                let name = URL(fileURLWithPath: path).lastPathComponent
                let db = app.pathwork.longWorkDatabase(or: app.db)
                let report = dryRun
                    ? try await StudentFileImport.preview(path: path, kind: kind, fileName: name, districtID: districtID, db: db)
                    : try await StudentFileImport.apply(path: path, kind: kind, fileName: name, districtID: districtID,
                                                        actor: .system("cli", districtID: districtID), db: db, services: app.pathwork)
                context.console.print(text(report))
                guard report.canApply else { throw CommandFailure("the file cannot be applied; fix it and check it again") }
            }
        }
    }

    static func text(_ report: StudentFileReport) -> String {
        var lines = ["\(report.fileName): \(report.kind.title)", "\(report.rows) lines, \(report.students) students matched, \(report.unmatched) lines naming no student of the district"]
        lines += report.counts.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        lines += report.issues.listed.map(\.description)
        lines += report.issues.unlisted.map { "… and \($0.count) more \($0.severity.rawValue)s of kind \($0.kind)" }
        lines.append(StudentFilesPage.verdict(report))
        return lines.joined(separator: "\n")
    }
}
