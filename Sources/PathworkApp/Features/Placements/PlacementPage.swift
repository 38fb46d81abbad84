import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// One placement: its training agreement and who has signed which version, the worksite
/// hours (the student's clock and log, the supervisor's approvals), the evaluations, the
/// student's reflection and completion — each part shown to whoever acts on it.
enum PlacementPage {
    static func register(_ pages: any RoutesBuilder) {
        func step(_ name: String, _ body: @escaping @Sendable (Request, String?) async throws -> String) {
            pages.post(SiteRoute.placementStep(.pattern, step: name).pattern) { req async throws -> Response in
                let raw = req.parameters.get("placementID")
                let id = try req.parameters.require("placementID", as: UUID.self)
                return try await req.act(returning: .placement(id)) { try await body(req, raw) }
            }
        }
        step("signatures") { req, raw in
            let form = try req.content.decode([String: String].self)
            let input = SignatureInput(signer: form["signer"].flatMap(AgreementSigner.init(rawValue:)), signedName: form["signedName"], version: form["version"].flatMap { Int($0) })
            let placement = try await PlacementsWriter.sign(raw, input, on: req)
            return placement.status == .active ? "Signed. Everyone has signed: the placement has started." : "Signed."
        }
        step("hours") { req, raw in
            let viewer = try req.viewer
            let form = try req.content.decode([String: String].self)
            guard let date = CalendarDate(iso: form["date"] ?? ""), let start = TimePages.instant(date, form["from"], viewer.timeZone),
                  let end = TimePages.instant(date, form["to"], viewer.timeZone) else {
                throw PathworkError.invalid([FieldError(field: "date", message: "Enter the date and the start and end times.")])
            }
            let hours = try await PlacementHoursWriter.log(raw, PlacementHoursInput(startsAt: start, endsAt: end, note: form["note"]), on: req)
            return "Logged \(ChildLabor.hours(hours.minutes)) on \(hours.workDate); your supervisor approves them."
        }
        step("clock") { req, raw in
            let placement = try await req.tenant.find(Placement.self, raw)
            if try await req.tenant.query(PlacementHours.self).filter(\.$placement.$id == placement.requireID()).filter(\.$status == .open).first() != nil {
                let hours = try await PlacementHoursWriter.clockOut(raw, on: req)
                return "Clocked out: \(ChildLabor.hours(hours.minutes)) sent to your supervisor." + (hours.flags.isEmpty ? "" : " It passes a limit; your supervisor and coordinator will see it.")
            }
            _ = try await PlacementHoursWriter.clockIn(raw, on: req)
            return "Clocked in at the worksite."
        }
        step("evaluations") { req, raw in
            let form = try req.content.decode([String: String].self)
            let ratings = form.filter { $0.key.hasPrefix("rating.") }.reduce(into: [String: Int]()) { $0[String($1.key.dropFirst(7))] = Int($1.value) ?? 0 }
            let evaluation = try await PlacementEvaluations.evaluate(raw, EvaluationInput(point: form["point"].flatMap(PlacementEvaluation.Point.init(rawValue:)),
                                                                                      ratings: ratings, comments: form["comments"]), on: req)
            return "\(evaluation.point.title) recorded."
        }
        step("reflection") { req, raw in
            _ = try await PlacementEvaluations.reflect(raw, text: try req.content.get(String?.self, at: "reflection"), on: req)
            return "Reflection saved."
        }
        step("complete") { req, raw in
            let credential = (try? req.content.get(String.self, at: "credentialId")).flatMap(UUID.init(uuidString:))
            _ = try await PlacementEvaluations.complete(raw, CompletionInput(credentialId: credential), on: req)
            return "Completed: the placement is in the student's portfolio" + (credential == nil ? "." : ", with the credential awarded.")
        }
        step("end") { req, raw in
            _ = try await PlacementsWriter.end(raw, on: req)
            return "The placement was ended."
        }
        for approve in [true, false] {
            pages.post(SiteRoute.placementHours(step: approve ? "approve" : "reject").pattern) { req async throws -> Response in
                let form = try req.content.decode([String: String].self)
                let ids = (form["ids"] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
                let back = form["back"] == "home" ? .home : (form["placementId"]).flatMap(UUID.init(uuidString:)).map(SiteRoute.placement) ?? .placements
                return try await req.act(returning: back) {
                    let decided = try await PlacementHoursWriter.decide(HoursDecisionInput(ids: ids, reason: form["reason"]), approve: approve, on: req)
                    let total = decided.reduce(0) { $0 + $1.minutes }
                    return approve ? "Approved \(ChildLabor.hours(total))." : "Sent back to the student with your reason."
                }
            }
        }
        pages.post(SiteRoute.deletePlacementHours(.pattern).pattern) { req async throws -> Response in
            let hours = try await req.tenant.find(PlacementHours.self, req.parameters.get("hoursID"))
            return try await req.act(returning: .placement(hours.$placement.id)) {
                try await PlacementHoursWriter.delete(req.parameters.get("hoursID"), on: req)
                return "Those hours were taken back."
            }
        }
    }

    static func page(_ req: Request, placement: Placement) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try placement.requireID()
        let agreement = try await PlacementAgreement.review(placement, tenant: tenant)
        let opportunity = try await tenant.find(Opportunity.self, placement.$opportunity.id)
        let partner = try await tenant.find(Client.self, placement.partnerID)
        let names = try await PlacementDirectory.names(of: [placement.studentID], viewer: viewer, tenant: tenant)
        let signerNames = try await PlacementDirectory.names(of: agreement.signatures.map(\.personID) + [placement.supervisorID].compactMap { $0 },
                                                             viewer: viewer, tenant: tenant)
        let mine = try await PlacementAgreement.roles(of: viewer, on: placement, tenant: tenant)
        let hours = try await tenant.query(PlacementHours.self).filter(\.$placement.$id == id).sort(\.$startsAt, .descending).all()
        let evaluations = try await tenant.query(PlacementEvaluation.self).filter(\.$placement.$id == id).sort(\.$submittedAt).all()
        let rubric = try await PlacementEvaluations.rubric(tenant)
        let credentials = viewer.can(.manageClients) && placement.status == .active ? try await tenant.query(Credential.self).sort(\.$title).all() : []
        let open = placement.status == .awaitingSignatures || placement.status == .active
        // The state's papers for a minor: the labor engine refuses hours without them, so say so first.
        let firstDay = max(CalendarDate(iso: placement.startsOn) ?? req.today, req.today)
        let papers = open && viewer.isStaff ? ((try? await LaborCheck.load(studentID: placement.studentID, tenant: tenant))
            .map { ChildLabor.missingAuthorizations(on: firstDay, context: $0.context) } ?? []) : []
        return Layout.page("\(opportunity.title): \(names[placement.studentID] ?? "")", viewer: viewer, current: .placements,
                           notice: try? req.query.get(String.self, at: "notice"),
            .p(.class("muted"), .text("\(partner.name) · \(placement.status.title) · agreement version \(placement.version)")),
            .if(!papers.isEmpty, .div(.class("errors"), .attribute(named: "role", value: "alert"),
                .p(.strong(.text("Before the first hour at the worksite, the state's papers:"))), .ul(.forEach(papers) { .li(.text($0)) }),
                .p(.a(.href(SiteRoute.person(placement.studentID).path), .text("Record them on the student's page"))))),
            PlacementSections.agreement(placement, id: id, agreement: agreement, supervisor: placement.supervisorID.flatMap { signerNames[$0] }, viewer: viewer),
            PlacementSections.signatures(placement, id: id, agreement: agreement, names: signerNames, signAs: open ? mine.filter(agreement.missing.contains) : [], viewer: viewer),
            .if(placement.status != .awaitingSignatures,
                PlacementSections.hours(placement, id: id, hours: hours, viewer: viewer, decides: PlacementHoursWriter.decides(viewer, placement))),
            .if(placement.status != .awaitingSignatures,
                PlacementSections.evaluations(placement, id: id, evaluations: evaluations, rubric: rubric, viewer: viewer, decides: PlacementHoursWriter.decides(viewer, placement))),
            .if(placement.status != .awaitingSignatures, PlacementSections.reflection(placement, id: id, viewer: viewer)),
            .if(viewer.can(.manageClients), PlacementSections.coordinator(placement, id: id, credentials: credentials, viewer: viewer)))
    }
}
