import Fluent
import Foundation
import PathworkDomain
import Vapor

struct WorkAuthorizationInput: Content {
    var kind: String?
    var studentId: UUID?
    var validFrom: String?
    var validUntil: String?
    var reference: String?
}

/// Records and revokes the papers a state requires before a minor works, and reads them for
/// the labor check. The district's own endorsement is the admin's; a student's papers are
/// recorded by admins and coordinators.
enum WorkAuthorizations {
    /// What `LaborCheck` needs: the student's current papers and the district's, when the
    /// district's rules ask for any (federal rules alone never do, so the clock skips the read).
    static func held(by studentID: UUID, overlay: LaborOverlay, tenant: Tenant) async throws -> [HeldAuthorization] {
        let asks = overlay.ruleSets.contains { !$0.authorizations.isEmpty || $0.bands.contains { $0.schoolHoursWith != nil } }
        guard asks else { return [] }
        let papers = try await tenant.query(WorkAuthorization.self).filter(\.$revokedAt == nil)
            .group(.or) { $0.filter(\.$studentID == studentID).filter(\.$studentID == nil) }.all()
        return papers.compactMap(\.held)
    }

    static func record(_ input: WorkAuthorizationInput, on req: Request) async throws -> WorkAuthorization {
        let viewer = try req.viewer
        var errors: [FieldError] = []
        let kind = input.kind.flatMap(WorkAuthorizationKind.init(rawValue:))
        if kind == nil {
            errors.append(FieldError(field: "kind", message: "Choose one of: \(WorkAuthorizationKind.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        try viewer.require(kind?.isEmployers == true ? .configureLabor : .recordWorkAuthorizations)
        let from = input.validFrom.flatMap(CalendarDate.init(iso:))
        if from == nil { errors.append(FieldError(field: "validFrom", message: "Enter the first day it is current, as YYYY-MM-DD.")) }
        let written = input.validUntil.flatMap { $0.isEmpty ? nil : $0 }
        let given = written.flatMap(CalendarDate.init(iso:))
        if written != nil, given == nil { errors.append(FieldError(field: "validUntil", message: "Enter the last day it is current, as YYYY-MM-DD.")) }
        var last = given
        if last == nil, let kind, let from { last = kind.defaultValidUntil(signedOn: from) }
        if let kind, written == nil, last == nil {
            errors.append(.rule(field: "validUntil", message: "Enter the last day the \(kind.title.lowercased()) is current."))
        }
        if let kind, let from, let last {
            if last < from { errors.append(.rule(field: "validUntil", message: "The last day comes on or after the first.")) }
            if let lapse = kind.defaultValidUntil(signedOn: from), last > lapse {
                errors.append(.rule(field: "validUntil", message: "A \(kind.title) lapses on \(lapse) (renewed each school year by September 30); enter that day or earlier."))
            }
        }
        let reference = (input.reference ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reference.count > 200 { errors.append(FieldError(field: "reference", message: "Keep the reference under 200 characters.")) }
        if kind?.isEmployers == true, input.studentId != nil {
            errors.append(.rule(field: "studentId", message: "The endorsement is the district's as employer; leave out the student."))
        }
        if kind?.isEmployers == false, input.studentId == nil { errors.append(.rule(field: "studentId", message: "Choose the student.")) }
        guard errors.isEmpty, let kind, let from, let last else {
            throw PathworkError.invalid(errors)
        }
        if let studentID = input.studentId, !(try await req.tenant.roles(of: studentID)).contains(.student) {
            throw PathworkError.invalid([.reference(field: "studentId", message: "Choose a student of this district.")])
        }
        return try await req.change { tenant, audit in
            let paper = WorkAuthorization()
            paper.districtID = tenant.districtID
            paper.studentID = input.studentId
            paper.kind = kind
            paper.validFrom = from.description
            paper.validUntil = last.description
            paper.reference = reference
            paper.recordedBy = viewer.personID
            try await paper.create(on: tenant.db)
            audit.created("workAuthorization", id: paper.id, try WorkAuthorizationJSON(paper))
            return paper
        }
    }

    /// Takes a paper back (recorded in error, or withdrawn by the parent or school). Read and
    /// checked inside the change, so two revocations at once make one.
    static func revoke(_ raw: String?, on req: Request) async throws -> WorkAuthorization {
        let viewer = try req.viewer
        let now = req.now
        return try await req.change { tenant, audit in
            let paper = try await tenant.find(WorkAuthorization.self, raw)
            try viewer.require(paper.kind.isEmployers ? .configureLabor : .recordWorkAuthorizations)
            guard paper.revokedAt == nil else { throw PathworkError.conflict("authorization.revoked", "This authorization was revoked already.") }
            let before = try WorkAuthorizationJSON(paper)
            paper.revokedAt = now
            try await paper.update(on: tenant.db)
            audit.updated("workAuthorization", id: paper.id, from: before, to: try WorkAuthorizationJSON(paper))
            return paper
        }
    }

    /// A student's papers (with `studentID`) or the district's endorsements, newest first.
    static func list(studentID: UUID?, tenant: Tenant) async throws -> [WorkAuthorization] {
        let query = tenant.query(WorkAuthorization.self).sort(\.$validFrom, .descending)
        if let studentID { query.filter(\.$studentID == studentID) } else { query.filter(\.$studentID == nil) }
        return try await query.all()
    }

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("WorkAuthorization", WorkAuthorizationJSON.schema)
        api.endpoint(APIOperation(method: .GET, path: ["work-authorizations"], summary: "A student's work authorizations, or the district's endorsements",
                                  tag: "Time", query: [.uuid("studentId", "the student; without it, the district's own endorsements")],
                                  response: .array(.ref("WorkAuthorization"))), registry: registry) { req in
            let viewer = try req.viewer
            guard viewer.can(.superviseTime) || viewer.can(.recordWorkAuthorizations) || viewer.can(.configureLabor) else {
                throw Abort(.forbidden, reason: "Your role does not see work authorizations.")
            }
            let studentID = req.query[String.self, at: "studentId"].flatMap(UUID.init(uuidString:))
            return try await list(studentID: studentID, tenant: req.tenant).map(WorkAuthorizationJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["work-authorizations"], summary: "Record a work authorization", tag: "Time",
                                  body: .object([("kind", .enumeration(WorkAuthorizationKind.allCases.map(\.rawValue))),
                                                 ("studentId", .string(format: "uuid")), ("validFrom", .string(format: "date")),
                                                 ("validUntil", .string(format: "date")), ("reference", .text(minLength: 0, maxLength: 200))],
                                                required: ["kind", "validFrom"]),
                                  response: .ref("WorkAuthorization"), success: .created,
                                  rules: [.rule("a student's paper names studentId, the employer's endorsement does not"),
                                          .rule("validUntil is on or after validFrom and not past the paper's lapse; kinds without a lapse give it")]),
                     registry: registry) { req in
            let paper = try await record(try req.input(WorkAuthorizationInput.self), on: req)
            return try await WorkAuthorizationJSON(paper).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["work-authorizations", ":authorizationID", "revoke"], summary: "Revoke a work authorization",
                                  tag: "Time", response: .ref("WorkAuthorization")), registry: registry) { req in
            try WorkAuthorizationJSON(try await revoke(req.parameters.get("authorizationID"), on: req))
        }
    }
}
