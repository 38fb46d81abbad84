import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/district/import`: an admin uploads a OneRoster set as a zip and reads the preview before
/// anything is applied: the check's report (each file's mode and rows, every error and warning
/// at its file, line and column) and the plan against the district (per file, what would be
/// added, changed, ended, left as it is and left out). A set without errors can then be
/// applied; the upload waits on disk under a random name until then (a day at most). The page
/// lists past imports, each with its report.
enum ImportPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.rosterImport.pattern) { req async throws -> Page in
            try req.viewer.require(.importRoster)
            return try await render(req)
        }
        pages.on(.POST, SiteRoute.rosterImport.pattern, body: .stream) { req async throws -> Response in
            try req.viewer.require(.importRoster)
            try clearOldUploads(req)
            let token = UUID()
            let url = upload(req, token)
            let upload: StreamedUpload
            do {
                upload = try await StreamedUpload.receive(req, field: "set", to: url, limit: maximumBytes)
            } catch StreamedUpload.Failure.tooLarge {
                try? FileManager.default.removeItem(at: url)
                return try await refuse(req, "A set of up to \(maximumBytes >> 30) GB can be checked here; check a larger one with pathwork import oneroster.")
            } catch is StreamedUpload.Failure {
                try? FileManager.default.removeItem(at: url)
                return try await refuse(req, "Choose the set's .zip file.")
            }
            guard upload.filename.lowercased().hasSuffix(".zip"), let zip = try? RosterZip(url) else {
                try? FileManager.default.removeItem(at: url)
                return try await refuse(req, upload.filename.lowercased().hasSuffix(".zip") ? "\(upload.filename) is not a zip file that can be read."
                                              : "Upload the set as a .zip (its CSV files at the root).")
            }
            let district = try await req.importingDistrict()
            let db = req.pathwork.longWorkDatabase(or: req.db)
            let now = req.now
            let outcome = try await RosterApply.preview(zip, fileName: upload.filename, sha256: try RosterApply.sha256(of: url.path), district: district,
                                                        db: db, now: now)
            if !outcome.canApply || outcome.plan?.writes == 0 { try? FileManager.default.removeItem(at: url) }
            return try await render(req, outcome: outcome, upload: outcome.canApply && outcome.plan?.writes != 0 ? token : nil).encodeResponse(for: req)
        }
        pages.post(SiteRoute.rosterImportApply.pattern) { req async throws -> Response in
            try req.viewer.require(.importRoster)
            struct Input: Content { var upload: String?; var fileName: String? }
            let input = try req.content.decode(Input.self)
            guard let token = input.upload.flatMap(UUID.init(uuidString:)), case let url = upload(req, token),
                  FileManager.default.fileExists(atPath: url.path), let zip = try? RosterZip(url) else {
                return try await refuse(req, "That upload is gone (uploads wait a day); upload the set again.")
            }
            defer { try? FileManager.default.removeItem(at: url) }
            let outcome = try await RosterApply.apply(zip, fileName: input.fileName ?? "set.zip", sha256: try RosterApply.sha256(of: url.path),
                                                      district: try await req.importingDistrict(), actor: .person(try req.viewer), db: req.pathwork.longWorkDatabase(or: req.db),
                                                      services: req.pathwork)
            if let id = outcome.importID { return req.redirect(to: SiteRoute.rosterImportRecord(id).path) }
            return try await render(req, outcome: outcome).encodeResponse(for: req)
        }
        pages.get(SiteRoute.rosterImportRecord(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.importRoster)
            let record = try await req.tenant.find(RosterImport.self, req.parameters.get("importID"))
            let outcome = try JSONDecoder().decode(RosterOutcome.self, from: Data(record.report.utf8))
            let who = try await Person.find(UUID(uuidString: record.actorID), on: req.db).map(\.fullName) ?? record.actorID
            return Layout.page("Import of \(record.fileName)", viewer: try req.viewer, current: .district,
                .p(.text("Applied \(TimeFormat.dateTime(record.appliedAt, zone: try req.viewer.timeZone)) by \(who). SHA-256 "),
                   .code(.text(record.sha256)), .text(".")),
                report(outcome),
                .p(.a(.href(SiteRoute.rosterImport.path), .text("Back to imports"))))
        }
    }

    /// The largest set the page takes, streamed to disk as it arrives.
    static let maximumBytes = 2 << 30

    static func upload(_ req: Request, _ token: UUID) -> URL {
        URL(fileURLWithPath: req.pathwork.config.dataDirectory).appendingPathComponent("imports").appendingPathComponent("\(token.uuidString).zip")
    }

    /// Uploads never applied go after a day.
    static func clearOldUploads(_ req: Request) throws {
        let folder = URL(fileURLWithPath: req.pathwork.config.dataDirectory).appendingPathComponent("imports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cutoff = Date().addingTimeInterval(-86_400)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let file = folder.appendingPathComponent(name)
            if let modified = try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date, modified < cutoff {
                try? FileManager.default.removeItem(at: file)
            }
        }
    }

    private static func refuse(_ req: Request, _ message: String) async throws -> Response {
        try await render(req, errors: [FieldError(field: "set", message: message)]).encodeResponse(for: req)
    }

    static func render(_ req: Request, outcome: RosterOutcome? = nil, upload: UUID? = nil, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let past = try await req.tenant.query(RosterImport.self).sort(\.$appliedAt, .descending).limit(50).all()
        let mapping = try await req.tenant.rosterRoleMapping()
        return Layout.page("Import from the student information system", viewer: viewer, current: .district,
                           status: errors.isEmpty ? .ok : .unprocessableEntity, notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .p(.text("Upload a OneRoster 1.0, 1.1 or 1.2 CSV set, as your student information system or rostering hub exports it (a .zip). "
                     + "Pathwork checks every file and row and shows what it would change before anything is applied.")),
            // The token rides in the address, so the set streams to disk without being collected first (CSRF).
            .form(.method(.post), .action(SiteRoute.rosterImport.path(query: [(CSRF.fieldName, viewer.csrfToken ?? "")])), .enctype(.multipartData),
                  .div(.class("field"), .label(.for("set"), .text("OneRoster set (.zip)")),
                       .unwrap(errors.first { $0.field == "set" }) { .p(.class("error"), .id("set-error"), .text($0.message)) },
                       .input(.type(.file), .name("set"), .id("set"), .attribute(named: "accept", value: ".zip,application/zip"))),
                  .button(.type(.submit), .text("Check the set"))),
            .unwrap(outcome) { outcome in
                .group(report(outcome),
                       .unwrap(upload) { token in
                           .form(.method(.post), .action(SiteRoute.rosterImportApply.path), .id("apply"), Layout.csrfField(viewer.csrfToken),
                                 .input(.type(.hidden), .name("upload"), .value(token.uuidString)),
                                 .input(.type(.hidden), .name("fileName"), .value(outcome.fileName)),
                                 .button(.type(.submit), .text("Apply this set")))
                       })
            },
            RosterPages.form(mapping, csrf: viewer.csrfToken, errors: errors),
            .section(.class("card"), .id("imports"),
                .h2(.text("Past imports")),
                past.isEmpty ? .p(.text("No set has been applied yet.")) : .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Applied")), .th(.text("Set")), .th(.class("hide-narrow"), .text("SHA-256")))),
                    .tbody(.forEach(past) { record in
                        .tr(.td(.text(TimeFormat.dateTime(record.appliedAt, zone: viewer.timeZone))),
                            .td(.unwrap(record.id) { .a(.href(SiteRoute.rosterImportRecord($0).path), .text(record.fileName)) }),
                            .td(.class("hide-narrow"), .code(.text(String(record.sha256.prefix(16)) + "…"))))
                    })))))
    }

    static func report(_ outcome: RosterOutcome) -> Node<HTML.BodyContext> {
        .group(report(outcome.check, fileName: outcome.fileName),
               .unwrap(outcome.plan) { plan in
                   .section(.class("card"), .id("plan"),
                       .h2(.text(outcome.importID == nil ? "What applying it would do" : "What it did")),
                       .if(plan.writes == 0 && plan.issues.errorCount == 0, .p(.class("notice"), .text("Nothing to change: the district already holds this set."))),
                       .div(.class("table-wrap"), .table(
                           .thead(.tr(.th(.text("File")), .th(.text("Add")), .th(.text("Change")), .th(.text("End")), .th(.text("Unchanged")),
                                      .th(.text("Left out")))),
                           .tbody(.forEach(RosterFile.readingOrder.compactMap { file in plan.counts[file.fileName].map { (file.fileName, $0) } }) { file, counts in
                               .tr(.td(.text(file)), .td(.text("\(counts.add)")), .td(.text("\(counts.change)")), .td(.text("\(counts.end)")),
                                   .td(.text("\(counts.same)")), .td(.text("\(counts.leftOut)")))
                           }))),
                       issues(plan.issues))
               })
    }

    static func report(_ check: RosterCheck, fileName: String) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("report"),
            .h2(.text("What \(fileName) holds")),
            .p(.class(check.canApply ? "notice" : "flag"), .text(RosterReport.verdict(check))),
            .unwrap(check.manifest) { manifest in
                .p(.text("OneRoster \(manifest.version.rawValue)\(manifest.systemName.map { ", from \($0)" } ?? "")."))
            },
            .if(!check.files.isEmpty, .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("File")), .th(.text("Mode")), .th(.text("Rows")), .th(.text("Ending their record")),
                           .th(.text("Refused")), .th(.class("hide-narrow"), .text("Kept columns")))),
                .tbody(.forEach(check.files) { file in
                    .tr(.td(.text(file.file)), .td(.text(file.mode.rawValue)), .td(.text("\(file.rows)")), .td(.text("\(file.ending)")),
                        .td(.text("\(file.refused)")), .td(.class("hide-narrow"), .text(file.metadataColumns.joined(separator: ", "))))
                })))),
            issues(check.issues))
    }

    static func issues(_ log: RosterIssueLog) -> Node<HTML.BodyContext> {
        .group(
            .if(!log.listed.isEmpty, .group(
                .h3(.text("Errors and warnings")),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("")), .th(.text("File")), .th(.text("Line")), .th(.text("Column")), .th(.text("Value")), .th(.text("What")))),
                    .tbody(.forEach(log.listed) { issue in
                        .tr(.class(issue.severity == .error ? "flag" : ""), .td(.text(issue.severity.rawValue)), .td(.text(issue.file)),
                            .td(.text(issue.line.map(String.init) ?? "")), .td(.text(issue.column ?? "")),
                            .td(.code(.text(issue.value ?? ""))), .td(.text(issue.message)))
                    }))))),
            .if(!log.unlisted.isEmpty, .ul(.forEach(log.unlisted) { more in
                .li(.text("… and \(more.count) more \(more.severity.rawValue)s of kind \(more.kind) in \(more.file)"))
            })))
    }
}

extension Request {
    /// The viewer's district, which an import applies to.
    func importingDistrict() async throws -> District {
        guard let district = try await District.find(try viewer.districtID, on: db) else { throw Abort(.notFound) }
        return district
    }
}
