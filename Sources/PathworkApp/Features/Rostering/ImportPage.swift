import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/district/import`: an admin uploads a OneRoster set as a zip and reads the check's report
/// (`RosterCheck`): each file's mode and rows, then every error and warning at its file, line
/// and column. Nothing is written; the upload is kept only while it is read.
enum ImportPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.rosterImport.pattern) { req async throws -> Page in
            try req.viewer.require(.importRoster)
            return try await render(req)
        }
        pages.on(.POST, SiteRoute.rosterImport.pattern, body: .stream) { req async throws -> Response in
            try req.viewer.require(.importRoster)
            let folder = URL(fileURLWithPath: req.pathwork.config.dataDirectory).appendingPathComponent("imports")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent("\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: url) }
            let upload: StreamedUpload
            do {
                upload = try await StreamedUpload.receive(req, field: "set", to: url, limit: maximumBytes)
            } catch StreamedUpload.Failure.tooLarge {
                return try await refuse(req, "A set of up to \(maximumBytes >> 30) GB can be checked here; check a larger one with pathwork import oneroster.")
            } catch is StreamedUpload.Failure {
                return try await refuse(req, "Choose the set's .zip file.")
            }
            guard upload.filename.lowercased().hasSuffix(".zip") else {
                return try await refuse(req, "Upload the set as a .zip (its CSV files at the root).")
            }
            // Reading a large set is long work: off the requests' shared threads.
            let check: RosterCheck
            do {
                check = try await req.pathwork.besideRequests { try RosterCheck.run(try RosterZip(url)) }
            } catch {
                return try await refuse(req, "\(upload.filename) is not a zip file that can be read.")
            }
            return try await render(req, check: check, fileName: upload.filename).encodeResponse(for: req)
        }
    }

    /// The largest set the page takes, streamed to disk as it arrives.
    static let maximumBytes = 2 << 30

    private static func refuse(_ req: Request, _ message: String) async throws -> Response {
        try await render(req, errors: [FieldError(field: "set", message: message)]).encodeResponse(for: req)
    }

    static func render(_ req: Request, check: RosterCheck? = nil, fileName: String? = nil, errors: [FieldError] = []) throws -> Page {
        let viewer = try req.viewer
        return Layout.page("Import from the student information system", viewer: viewer, current: .district,
                           status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .p(.text("Upload a OneRoster 1.0, 1.1 or 1.2 CSV set, as your student information system or rostering hub exports it (a .zip). "
                     + "Pathwork checks every file and row and shows what it found before anything is applied.")),
            // The token rides in the address, so the set streams to disk without being collected first (CSRF).
            .form(.method(.post), .action(SiteRoute.rosterImport.path(query: [(CSRF.fieldName, viewer.csrfToken ?? "")])), .enctype(.multipartData),
                  .div(.class("field"), .label(.for("set"), .text("OneRoster set (.zip)")),
                       .unwrap(errors.first { $0.field == "set" }) { .p(.class("error"), .id("set-error"), .text($0.message)) },
                       .input(.type(.file), .name("set"), .id("set"), .attribute(named: "accept", value: ".zip,application/zip"))),
                  .button(.type(.submit), .text("Check the set"))),
            .unwrap(check) { report($0, fileName: fileName ?? "the set") })
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
            .if(!check.issues.listed.isEmpty, .group(
                .h3(.text("Errors and warnings")),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("")), .th(.text("File")), .th(.text("Line")), .th(.text("Column")), .th(.text("Value")), .th(.text("What")))),
                    .tbody(.forEach(check.issues.listed) { issue in
                        .tr(.class(issue.severity == .error ? "flag" : ""), .td(.text(issue.severity.rawValue)), .td(.text(issue.file)),
                            .td(.text(issue.line.map(String.init) ?? "")), .td(.text(issue.column ?? "")),
                            .td(.code(.text(issue.value ?? ""))), .td(.text(issue.message)))
                    }))))),
            .if(!check.issues.unlisted.isEmpty, .ul(.forEach(check.issues.unlisted) { more in
                .li(.text("… and \(more.count) more \(more.severity.rawValue)s of kind \(more.kind) in \(more.file)"))
            })))
    }
}
