import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The kiosk screens (student number and PIN, then clock in or out), the staff page that opens
/// and closes kiosks, and the student's PIN form.
enum KioskPages {
    struct IdentifyForm: Content {
        var studentNumber: String?
        var pin: String?
    }

    struct ActionForm: Content {
        var pass: String?
        var work: String?
    }

    struct OpenForm: Content { var name: String? }

    struct PINForm: Content {
        var pin: String?
        var confirmPin: String?
    }

    static func register(web: any RoutesBuilder, pages: any RoutesBuilder) {
        web.get(SiteRoute.kiosk.pattern) { req async throws -> Response in
            guard let device = try await Kiosk.device(req) else { return try await notAKiosk(req) }
            return try await start(req, device: device, notice: try? req.query.get(String.self, at: "notice"))
        }
        web.post(SiteRoute.kiosk.pattern) { req async throws -> Response in
            guard let device = try await Kiosk.device(req) else { return try await notAKiosk(req, status: .forbidden) }
            let form = try req.input(IdentifyForm.self)
            do {
                let studentID = try await Kiosk.identify(studentNumber: form.studentNumber ?? "", pin: form.pin ?? "", at: device, on: req)
                return try await student(req, studentID: studentID, device: device)
            } catch let error as PathworkError where [.unauthorized, .tooManyRequests].contains(error.status) {
                let response = try await start(req, device: device, error: error.reason, studentNumber: form.studentNumber, status: error.status)
                response.headers.add(contentsOf: error.headers)
                return response
            }
        }
        web.post(SiteRoute.kioskClock.pattern) { req async throws -> Response in
            guard let device = try await Kiosk.device(req) else { return try await notAKiosk(req, status: .forbidden) }
            let form = try req.input(ActionForm.self)
            guard let studentID = await req.pathwork.kioskPasses.redeem(form.pass ?? "", deviceID: try device.requireID(), now: req.now) else {
                return req.redirect(to: SiteRoute.kiosk.path(query: [("notice", "That screen timed out. Type your student number and PIN again.")]))
            }
            try await signIn(studentID, on: req)
            return try await req.act(returning: .kiosk) {
                let name = try req.viewer.givenName
                if let running = try await LaborCheck.running(of: studentID, tenant: req.tenant) {
                    let entry = try await TimeWriter.clockOut(studentID: studentID, running: running, on: req)
                    return "\(name), you are clocked out: \(entry.minutes) minutes recorded."
                        + (entry.flags.isEmpty ? "" : " Your lead will review it: it passes a limit.")
                }
                let entry = try await TimeWriter.clockIn(studentID: studentID, choosing: try TimePages.workChoice(form.work),
                                                         source: .kiosk, on: req)
                return "\(name), you are clocked in since \(TimeFormat.clock(entry.startsAt, zone: try req.viewer.timeZone))."
            }
        }
        pages.get(SiteRoute.kiosks.pattern) { req async throws -> Page in
            try req.viewer.require(.superviseTime)
            return try await list(req)
        }
        pages.post(SiteRoute.kiosks.pattern) { req async throws -> Response in
            do {
                return try await Kiosk.open(named: try req.input(OpenForm.self).name ?? "", on: req)
            } catch let error as PathworkError {
                return req.redirect(to: SiteRoute.kiosks.path(query: [("notice", error.reason)]))
            }
        }
        pages.post(SiteRoute.kioskStep(.pattern, step: "close").pattern) { req async throws -> Response in
            try await req.act(returning: .kiosks) { try await Kiosk.close(req.parameters.get("kioskID", as: UUID.self), on: req) }
        }
        pages.post(SiteRoute.kioskPIN.pattern) { req async throws -> Response in
            try await req.act(returning: .time) {
                let form = try req.input(PINForm.self)
                try await Kiosk.setPIN(form.pin ?? "", confirmation: form.confirmPin ?? "", on: req)
                return "Your kiosk PIN is set. At the kiosk, type your student number and this PIN."
            }
        }
    }

    /// The student is known for this one request, so the clock and its audit act as them.
    private static func signIn(_ studentID: UUID, on req: Request) async throws {
        guard let viewer = try await Viewer.load(personID: studentID, csrfToken: nil, on: req.db), viewer.can(.keepOwnTime) else {
            throw Abort(.forbidden, reason: "This account cannot record time.")
        }
        req.auth.login(viewer)
    }

    /// The kiosk's pages are signed out; the kiosk cookie is SameSite=Strict besides.
    static func start(_ req: Request, device: KioskDevice, notice: String? = nil, error: String? = nil, studentNumber: String? = nil,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        Layout.signedOutPage(req, title: "Clock in or out", status: status, notice: notice) { token in
            .div(.class("card kiosk"),
                .p(.class("muted"), .text(device.name)),
                .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                .form(.method(.post), .action(SiteRoute.kiosk.path), .attribute(named: "autocomplete", value: "off"),
                    Layout.csrfField(token),
                    FormField.text("Student number", name: "studentNumber", value: studentNumber, required: true, autocomplete: "off"),
                    .div(.class("field"),
                        .label(.for("pin"), .text("PIN")),
                        .input(.type(.password), .id("pin"), .name("pin"), .required(true), .attribute(named: "inputmode", value: "numeric"),
                               .attribute(named: "autocomplete", value: "off"), .attribute(named: "maxlength", value: "8"))),
                    .button(.type(.submit), .class("big"), .text("Continue"))))
        }
    }

    static func student(_ req: Request, studentID: UUID, device: KioskDevice) async throws -> Response {
        // Forms echo the token the anti-forgery check expects, which is decided before the student is known.
        let sessionToken = req.auth.get(Viewer.self)?.csrfToken
        try await signIn(studentID, on: req)
        let viewer = try req.viewer
        let open = try await ClockRows.open(of: studentID, tenant: req.tenant)
        let choices = open == nil ? try await TimePages.choices(studentID: studentID, req: req) : []
        let pass = await req.pathwork.kioskPasses.issue(studentID: studentID, deviceID: try device.requireID(), now: req.now)
        let name = "\(viewer.givenName) \(viewer.familyName.prefix(1))."
        return Layout.signedOutPage(req, title: "Hello, \(name)") { token in
            .div(.class("card kiosk clock"),
                .p(.class("big"), .text(open.map { "Clocked in since \(TimeFormat.clock($0.startsAt, zone: viewer.timeZone))" } ?? "Not clocked in")),
                .form(.method(.post), .action(SiteRoute.kioskClock.path),
                    Layout.csrfField(sessionToken ?? token),
                    .input(.type(.hidden), .name("pass"), .value(pass)),
                    .if(open == nil && !choices.isEmpty, FormField.select("Working on", name: "work", options: choices, selected: choices.first?.value)),
                    .if(open == nil && choices.isEmpty, .p(.text("You are on no team today, so there is nothing to clock in to. Ask your lead."))),
                    .if(open != nil || !choices.isEmpty, .button(.type(.submit), .class("big"), .text(open == nil ? "Clock in" : "Clock out")))),
                .p(.a(.href(SiteRoute.kiosk.path), .text("Not you? Start again"))))
        }
    }

    private static func notAKiosk(_ req: Request, status: HTTPResponseStatus = .ok) async throws -> Response {
        Layout.signedOutPage(req, title: "Kiosk", status: status) { _ in
            .div(.class("card"),
                .p(.text("This browser is not open as a kiosk.")),
                .p(.text("Staff: sign in, go to Kiosks and open this browser as a kiosk. Students then clock in here with their student number and PIN.")),
                .p(.a(.href(SiteRoute.kiosks.path), .text("Kiosks"))))
        }
    }

    static func list(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let devices = try await req.tenant.query(KioskDevice.self).sort(\.$createdAt, .descending).all()
        let openers = Set(devices.map(\.openedBy))
        let names = try await req.tenant.query(Person.self).filter(\.$id ~~ openers).all()
            .reduce(into: [UUID: String]()) { $0[try $1.requireID()] = $1.fullName }
        return Layout.page("Kiosks", viewer: viewer, current: .kiosks, notice: try? req.query.get(String.self, at: "notice"),
            .section(.class("card"), .h2(.text("Open this browser as a kiosk")),
                .p(.text("Students then clock in and out here with their student number and PIN. Opening a kiosk signs you out of this browser, so nobody at the kiosk can reach your account.")),
                .form(.method(.post), .action(SiteRoute.kiosks.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Kiosk name", name: "name", value: nil, required: true),
                    .button(.type(.submit), .text("Open as kiosk")))),
            .section(.class("card"), .h2(.text("Kiosks")),
                .if(devices.isEmpty, .p(.text("No kiosk has been opened yet."))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Name")), .th(.text("Opened by")), .th(.text("Opened")), .th(.text("Status")), .th(.text("")))),
                    .tbody(try .forEach(devices) { device in
                        .tr(.td(.text(device.name)), .td(.text(names[device.openedBy] ?? "")),
                            .td(.text(device.createdAt.map { TimeFormat.dateTime($0, zone: viewer.timeZone) } ?? "")),
                            .td(.text(device.closedAt == nil ? "Open" : "Closed")),
                            .td(.if(device.closedAt == nil, .form(.method(.post), .action(SiteRoute.kioskStep(try device.requireID(), step: "close").path),
                                Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("secondary"), .text("Close"))))))
                    })))))
    }
}
