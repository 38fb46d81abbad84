import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The kiosk at the center: a browser staff opened as a kiosk, where students clock in and out
/// with their student number and PIN. The kiosk holds a long-lived cookie naming its device
/// row, never a person's session; a student is known for one action only.
enum Kiosk {
    static let cookieName = "pathwork_kiosk"
    /// A kiosk stays open until staff close it; the cookie outlives a school year.
    static let cookieSeconds = 400 * 24 * 60 * 60

    /// The open kiosk this browser is, if it is one.
    static func device(_ req: Request) async throws -> KioskDevice? {
        guard let token = req.cookies[cookieName]?.string, !token.isEmpty else { return nil }
        return try await KioskDevice.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(token))
            .filter(\.$closedAt == nil).first()
    }

    /// Opens this browser as a kiosk and ends the staff member's own session in it, so the
    /// students who use it next cannot reach the account that opened it.
    static func open(named name: String, on req: Request) async throws -> Response {
        let viewer = try req.viewer
        try viewer.require(.superviseTime)
        let name = name.trimmed
        guard (1...80).contains(name.count) else {
            throw PathworkError.invalid([FieldError(field: "name", message: "Name the kiosk, e.g. Innovation Center front desk.")])
        }
        let token = SecretToken.generate()
        _ = try await req.change { tenant, audit in
            let device = KioskDevice()
            device.districtID = tenant.districtID
            device.tokenHash = SecretToken.hash(token)
            device.name = name
            device.openedBy = viewer.personID
            try await device.create(on: tenant.db)
            audit.created("kioskDevice", id: device.id, KioskJSON(device))
            return try device.requireID()
        }
        let response = req.redirect(to: SiteRoute.kiosk.path)
        try await SignIn.endSession(on: req, response: response)
        response.cookies[cookieName] = HTTPCookies.Value(string: token, maxAge: cookieSeconds, path: "/kiosk", isSecure: req.arrivedOverHTTPS,
                                                          isHTTPOnly: true, sameSite: .strict)
        return response
    }

    static func close(_ id: UUID?, on req: Request) async throws -> String {
        try req.viewer.require(.superviseTime)
        let now = req.now
        return try await req.change { tenant, audit in
            let device = try await tenant.find(KioskDevice.self, id)
            guard device.closedAt == nil else { return "\(device.name) was already closed." }
            let before = KioskJSON(device)
            device.closedAt = now
            try await device.save(on: tenant.db)
            audit.updated("kioskDevice", id: device.id, from: before, to: KioskJSON(device))
            return "\(device.name) is closed; it no longer accepts clock-ins."
        }
    }

    /// Checks a student number and PIN typed at `device`. Wrong tries are throttled per student
    /// and per kiosk, like sign-in; a right one clears the student's count.
    static func identify(studentNumber: String, pin: String, at device: KioskDevice, on req: Request) async throws -> UUID {
        // Numbers are matched as typed or in capitals: a kiosk keyboard's case is easy to miss.
        let typed = studentNumber.trimmed
        let number = typed.uppercased()
        let account = "kiosk:\(device.districtID.uuidString):\(number)"
        let place = "kiosk-device:\(try device.requireID().uuidString)"
        let now = Int(req.now.timeIntervalSince1970)
        if let wait = await req.pathwork.throttles.retryAfter(account: account, address: place, now: now) {
            throw PathworkError(status: .tooManyRequests, code: "kiosk.throttled",
                                reason: "Too many wrong PINs. Try again in \(max(1, wait / 60)) minute\(wait / 60 == 1 ? "" : "s"), or ask staff.",
                                headers: ["Retry-After": String(wait)])
        }
        let tenant = Tenant(districtID: device.districtID, db: req.db)
        let profile = number.isEmpty ? nil : try await tenant.query(StudentProfile.self).filter(\.$studentNumber ~~ [typed, number]).first()
        var stored: KioskPIN?
        if let profile {
            stored = try await tenant.query(KioskPIN.self).filter(\.$studentID == profile.$person.id).first()
        }
        // Always verify, even for an unknown number, so timing does not tell which numbers exist.
        guard try await PasswordHasher.verify(pin, hash: stored?.pinHash, on: req), let profile else {
            await req.pathwork.throttles.recordFailure(account: account, address: place, now: now)
            throw PathworkError(status: .unauthorized, code: "kiosk.unknown",
                                reason: "That student number and PIN do not match. Set your PIN on your My time page.")
        }
        await req.pathwork.throttles.recordSuccess(account: account)
        return profile.$person.id
    }

    /// Sets or replaces the signed-in student's PIN.
    static func setPIN(_ typed: String, confirmation: String?, on req: Request) async throws {
        let viewer = try req.viewer
        try viewer.require(.keepOwnTime)
        let pin = typed.trimmed
        if let problem = KioskPINPolicy.problem(with: pin) {
            let wellFormed = pin.consists(of: CharacterSet(charactersIn: "0123456789"), length: KioskPINPolicy.lengths)
            throw PathworkError.invalid([FieldError(field: "pin", message: problem, kind: wellFormed ? .rule : .value)])
        }
        if let confirmation, confirmation.trimmed != pin {
            throw PathworkError.invalid([FieldError(field: "confirmPin", message: "The two PINs differ; type the same PIN twice.")])
        }
        let hash = try await PasswordHasher.hash(pin, on: req)
        try await req.change { tenant, audit in
            let existing = try await tenant.query(KioskPIN.self).filter(\.$studentID == viewer.personID).first()
            let record = existing ?? KioskPIN()
            record.districtID = tenant.districtID
            record.studentID = viewer.personID
            record.pinHash = hash
            try await record.save(on: tenant.db)
            // The audit row says that the PIN changed, never what it is.
            audit.record(existing == nil ? "create" : "update", "kioskPin", id: record.id,
                         before: existing.map { _ in ["set": true] }, after: ["set": true])
        }
    }
}

/// One-time passes between typing the PIN and tapping clock in or out: the student's choice
/// comes on a second screen, and the PIN is not sent twice. In memory and short-lived; a
/// restart only means typing the PIN again.
actor KioskPasses {
    struct Pass: Sendable {
        let studentID: UUID
        let deviceID: UUID
        let expires: Date
    }

    static let lifetime: TimeInterval = 120
    private var passes: [String: Pass] = [:]

    func issue(studentID: UUID, deviceID: UUID, now: Date) -> String {
        passes = passes.filter { $0.value.expires > now }
        let token = SecretToken.generate()
        passes[SecretToken.hash(token)] = Pass(studentID: studentID, deviceID: deviceID, expires: now + Self.lifetime)
        return token
    }

    /// The pass's student, once: a pass is spent by its first use, and only on the kiosk that issued it.
    func redeem(_ token: String, deviceID: UUID, now: Date) -> UUID? {
        guard let pass = passes.removeValue(forKey: SecretToken.hash(token)), pass.deviceID == deviceID, pass.expires > now else { return nil }
        return pass.studentID
    }
}

struct KioskJSON: Content {
    var id: UUID?
    var name: String
    var openedBy: UUID
    var openedAt: Date?
    var closedAt: Date?

    init(_ device: KioskDevice) {
        id = device.id
        name = device.name
        openedBy = device.openedBy
        openedAt = device.createdAt
        closedAt = device.closedAt
    }
}
