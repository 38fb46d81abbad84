import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// Attendance on an event's page (the roster to mark, the check-in code to show) and the
/// student's check-in page; `/api/v1` for both.
enum AttendancePages {
    static func register(_ pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        pages.get(SiteRoute.opportunityStep(.pattern, step: "check-in").pattern) { req async throws -> Page in
            try await checkInPage(req, opportunity: try await OpportunityDirectory.find(req.parameters.get("opportunityID"), viewer: try req.viewer, tenant: try req.tenant))
        }
        pages.post(SiteRoute.opportunityStep(.pattern, step: "check-in").pattern) { req async throws -> Response in
            let raw = req.parameters.get("opportunityID")
            do {
                _ = try await Attendance.checkIn(raw, code: try req.content.get(String?.self, at: "code"), on: req)
                return req.redirect(to: SiteRoute.opportunity(try req.parameters.require("opportunityID", as: UUID.self)).path(query: [("notice", "You are checked in. Enjoy the event.")]))
            } catch let error as PathworkError where error.status != .notFound {
                let opportunity = try await OpportunityDirectory.find(raw, viewer: try req.viewer, tenant: try req.tenant)
                return try await checkInPage(req, opportunity: opportunity, error: error.reason).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.opportunityStep(.pattern, step: "check-in-code").pattern) { req async throws -> Response in
            let code = try await Attendance.openCheckIn(req.parameters.get("opportunityID"), on: req)
            return req.redirect(to: SiteRoute.opportunity(try req.parameters.require("opportunityID", as: UUID.self)).path(query: [("notice", "Check-in is open with code \(code).")]))
        }
        pages.post(SiteRoute.opportunityStep(.pattern, step: "attendance").pattern) { req async throws -> Response in
            let ids = Set(((try req.field([String].self, at: "attended")) ?? []).compactMap(UUID.init(uuidString:)))
            let id = try req.parameters.require("opportunityID", as: UUID.self)
            return try await req.act(returning: .opportunity(id)) {
                let taken = try await Attendance.take(req.parameters.get("opportunityID"), attended: ids, on: req)
                return "Attendance saved: \(taken.count) attended."
            }
        }
        let attendance = Schema.object([("studentId", .string(format: "uuid")), ("studentName", .string()), ("attendedOn", .string(format: "date")),
                                        ("source", .enumeration(EventAttendance.Source.allCases.map(\.rawValue)))],
                                       required: ["studentId", "studentName", "attendedOn", "source"])
        api.endpoint(APIOperation(method: .POST, path: ["opportunities", ":opportunityID", "check-in-code"], summary: "Open check-in with a new six-digit code to show at the event",
                                  tag: "Opportunities", response: .object([("code", .string())], required: ["code"]),
                                  rules: [OperationRule(code: "attendance.placement", says: "the opportunity is an event, not a placement")]), registry: registry) { req in
            ["code": try await Attendance.openCheckIn(req.parameters.get("opportunityID"), on: req)]
        }
        api.endpoint(APIOperation(method: .POST, path: ["opportunities", ":opportunityID", "check-in"], summary: "A student checks in at the event with its code",
                                  tag: "Opportunities", body: .object([("code", .pattern("^[0-9]{6}$"))], required: ["code"]), response: attendance,
                                  rules: [.rule("the code is the one shown at the event"), OperationRule(code: "attendance.*", says: "the event is today, and is not a placement")]),
                     registry: registry) { req in
            let recorded = try await Attendance.checkIn(req.parameters.get("opportunityID"), code: try req.input(String.self, at: "code"), on: req)
            return try await json([recorded], req: req).first!
        }
        api.endpoint(APIOperation(method: .GET, path: ["opportunities", ":opportunityID", "attendance"], summary: "Who attended an event (the partner's people see first name and last initial)",
                                  tag: "Opportunities", response: .array(attendance)), registry: registry) { req in
            let opportunity = try await OpportunityDirectory.find(req.parameters.get("opportunityID"), viewer: try req.viewer, tenant: try req.tenant)
            guard try await ApplicationReview.canReview(opportunity, viewer: try req.viewer, tenant: try req.tenant) else { throw Abort(.notFound) }
            return try await json(try await req.tenant.query(EventAttendance.self).filter(\.$opportunity.$id == opportunity.requireID()).all(), req: req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["opportunities", ":opportunityID", "attendance"], summary: "Mark who attended from the roster (applicants and check-ins); the rest are removed",
                                  tag: "Opportunities", body: .object([("studentIds", .list(.string(format: "uuid"), minItems: 0, maxItems: 2000))], required: ["studentIds"]),
                                  response: .array(attendance),
                                  rules: [OperationRule(code: "reference.missing", says: "every student is on the event's roster"),
                                          OperationRule(code: "attendance.*", says: "the event has begun, and is not a placement")]), registry: registry) { req in
            let taken = try await Attendance.take(req.parameters.get("opportunityID"), attended: Set(try req.input([UUID].self, at: "studentIds")), on: req)
            return try await json(taken, req: req)
        }
    }

    static func json(_ records: [EventAttendance], req: Request) async throws -> [AttendanceJSON] {
        let viewer = try req.viewer
        let people = Dictionary(try await req.tenant.query(Person.self).filter(\.$id ~~ records.map(\.studentID)).all().map { (try $0.requireID(), $0) },
                                uniquingKeysWith: { a, _ in a })
        for record in records { try await req.discloseIfExternal(studentID: record.studentID, context: "event attendance") }
        return records.sorted { $0.attendedOn < $1.attendedOn }.map { record in
            let person = people[record.studentID]
            return AttendanceJSON(studentId: record.studentID, studentName: (viewer.isStaff || record.studentID == viewer.personID ? person?.fullName : person?.shortName) ?? "—",
                                  attendedOn: record.attendedOn, source: record.source)
        }
    }

    static func checkInPage(_ req: Request, opportunity: Opportunity, error: String? = nil) async throws -> Page {
        let viewer = try req.viewer
        let id = try opportunity.requireID()
        let attended = try await req.tenant.query(EventAttendance.self).filter(\.$opportunity.$id == id).filter(\.$studentID == viewer.personID).first()
        return Layout.page("Check in: \(opportunity.title)", viewer: viewer, current: .opportunities, status: error == nil ? .ok : .unprocessableEntity,
            .unwrap(attended) { .p(.class("notice"), .text("You checked in on \($0.attendedOn).")) },
            .if(attended == nil, .form(.class("card"), .method(.post), .action(SiteRoute.opportunityStep(id, step: "check-in").path), Layout.csrfField(viewer.csrfToken),
                FormField.text("The six-digit code shown at the event", name: "code", value: nil, type: .text, required: true, error: error),
                .button(.type(.submit), .class("big"), .text("Check in")))))
    }

    /// On an event's page: for reviewers the code and the roster; for a student, check-in.
    static func section(_ req: Request, opportunity: Opportunity, reviews: Bool) async throws -> Node<HTML.BodyContext> {
        guard !opportunity.kind.isPlacement else { return .empty }
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try opportunity.requireID()
        if !reviews {
            guard viewer.roles.contains(.student), let start = CalendarDate(iso: opportunity.startsOn), let end = CalendarDate(iso: opportunity.endsOn) else { return .empty }
            let attended = try await tenant.query(EventAttendance.self).filter(\.$opportunity.$id == id).filter(\.$studentID == viewer.personID).first()
            if let attended { return .p(.span(.class("tag"), .text("You attended on \(attended.attendedOn)"))) }
            return .if(start <= req.today && req.today <= end, .p(.a(.class("button"), .href(SiteRoute.opportunityStep(id, step: "check-in").path), .text("Check in at the event"))))
        }
        let roster = try await Attendance.roster(opportunity, tenant: tenant)
        let attended = Set(try await tenant.query(EventAttendance.self).filter(\.$opportunity.$id == id).all(\.$studentID))
        let people = try await tenant.query(Person.self).filter(\.$id ~~ roster).sort(\.$familyName).sort(\.$givenName).all()
        return .section(.class("card"), .h2(.text("Attendance (\(attended.count))")),
            .if(viewer.can(.manageClients), .group(
                .p(.text(opportunity.checkInCode.map { "Check-in code: \($0). Students open this event on their phone and enter it." } ?? "Check-in is not open.")),
                .form(.class("inline"), .method(.post), .action(SiteRoute.opportunityStep(id, step: "check-in-code").path), Layout.csrfField(viewer.csrfToken),
                      .button(.type(.submit), .class("secondary"), .text(opportunity.checkInCode == nil ? "Open check-in" : "New check-in code"))))),
            .if(people.isEmpty, .p(.text("No one on the roster yet: applicants and check-ins appear here."))),
            .if(!people.isEmpty, .form(.method(.post), .action(SiteRoute.opportunityStep(id, step: "attendance").path), Layout.csrfField(viewer.csrfToken),
                .fieldset(Layout.legend("Who attended"), try .forEach(people) { person in
                    let pid = try person.requireID()
                    return .label(.class("choice"), .input(.type(.checkbox), .name("attended[]"), .value(pid.uuidString), .checked(attended.contains(pid))),
                                  .text(" " + (viewer.isStaff ? person.fullName : person.shortName)))
                }),
                .button(.type(.submit), .text("Save attendance")))))
    }
}
