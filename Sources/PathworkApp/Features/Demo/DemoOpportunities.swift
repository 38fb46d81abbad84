import Fluent
import Foundation
import PathworkDomain

/// The demo's work-based learning: Skyline's paid drone internships (a flight role that needs
/// FAA Part 107, a repair role that does not), a job shadow and the spring career fair, and a
/// proposal from Skyline waiting for the coordinator.
enum DemoOpportunities {
    static func seed(tenant: Tenant, audit: AuditRecorder, named: [String: UUID], today: CalendarDate) async throws {
        let partners = Dictionary(try await tenant.query(Client.self).all().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let part107 = try await tenant.query(Credential.self).filter(\.$title == "FAA Part 107 Remote Pilot").first()?.id
        guard let skyline = partners["Skyline Drone Works"], let coordinator = named["coordinator@demo.test"] else { return }
        let year = SchoolCalendar.schoolYearStart(containing: today)
        func add(_ partner: Client, _ title: String, _ kind: OpportunityKind, stage: CareerConnectStage? = nil, pay: OpportunityPay, _ details: String,
                 pathways: [String], minimumAge: Int? = nil, grades: ClosedRange<Int>? = nil, credential: UUID? = nil, seats: Int,
                 starts: String, ends: String, applyBy: String?, location: String, transport: String = "",
                 status: Opportunity.Status = .published, by: UUID? = nil) async throws -> Opportunity {
            try await Self.add(partner, title, kind, stage: stage, pay: pay, details, pathways: pathways, minimumAge: minimumAge, grades: grades,
                               credential: credential, seats: seats, starts: starts, ends: ends, applyBy: applyBy, location: location,
                               transport: transport, status: status, by: by ?? coordinator, tenant: tenant, audit: audit)
        }
        let spring = "\(year + 1)-02-01", june = "\(year + 1)-05-29", closes = "\(year + 1)-01-15"
        _ = try await add(skyline, "Drone flight operations internship", .internship, stage: .launch, pay: .districtPaid,
                          "Plan and fly autonomous survey flights with Skyline's pilots, under FAA rules, two afternoons a week.",
                          pathways: ["DT.6"], minimumAge: 16, grades: 10...12, credential: part107, seats: 2, starts: spring, ends: june, applyBy: closes,
                          location: "2200 Airport Rd, Longmont", transport: "District van from Frontier Range High at 3:15")
        let repair = try await add(skyline, "Drone repair internship", .internship, pay: .districtPaid,
                                   "Diagnose and repair survey drones in Skyline's shop: soldering, motors, firmware, test flights with a pilot.",
                                   pathways: ["DT.6"], minimumAge: 16, grades: 10...12, seats: 5, starts: spring, ends: june, applyBy: closes,
                                   location: "2200 Airport Rd, Longmont", transport: "District van from Frontier Range High at 3:15")
        if let alliance = partners["Front Range Cyber Alliance"] {
            _ = try await add(alliance, "Security operations center job shadow", .jobShadow, pay: .unpaid,
                              "A morning beside the analysts of a security operations center.", pathways: ["DT.3"], grades: 11...12, seats: 6,
                              starts: "\(year + 1)-03-10", ends: "\(year + 1)-03-10", applyBy: "\(year + 1)-02-20", location: "Denver Tech Center")
        }
        _ = try await add(skyline, "Spring career fair table", .careerFair, pay: .unpaid, "Skyline and other partners meet students in the gym.",
                          pathways: [], seats: 300, starts: "\(year + 1)-04-16", ends: "\(year + 1)-04-16", applyBy: nil, location: "Frontier Range High gym")
        _ = try await add(skyline, "Summer drone mapping co-op", .coop, pay: .partnerPaid, "Paid summer work mapping farmland with Skyline's survey team.",
                          pathways: ["DT.6"], minimumAge: 16, seats: 2, starts: "\(year + 1)-06-15", ends: "\(year + 1)-08-07", applyBy: "\(year + 1)-05-01",
                          location: "Across Boulder County", status: .proposed, by: named["supervisor@demo.test"])
        if let student = named["student17@demo.test"] {
            let application = OpportunityApplication()
            application.districtID = tenant.districtID
            application.$opportunity.id = try repair.requireID()
            application.studentID = student
            application.answer = "I keep the team's show drones flying and want to learn repairs properly."
            application.status = .submitted
            try await application.create(on: tenant.db)
            audit.created("opportunityApplication", id: application.id, ["status": "submitted"])
        }
    }

    /// One opportunity, written as the writer would and audited.
    static func add(_ partner: Client, _ title: String, _ kind: OpportunityKind, stage: CareerConnectStage? = nil, pay: OpportunityPay, _ details: String,
                    pathways: [String], minimumAge: Int? = nil, grades: ClosedRange<Int>? = nil, credential: UUID? = nil, seats: Int,
                    starts: String, ends: String, applyBy: String?, location: String, transport: String = "",
                    status: Opportunity.Status = .published, by: UUID, tenant: Tenant, audit: AuditRecorder) async throws -> Opportunity {
        let opportunity = Opportunity()
        opportunity.districtID = tenant.districtID
        opportunity.$partner.id = try partner.requireID()
        opportunity.title = title
        opportunity.kind = kind
        opportunity.stage = stage ?? kind.usualStage
        opportunity.pay = pay
        opportunity.details = details
        opportunity.pathwayCodes = pathways.joined(separator: ",")
        opportunity.minimumAge = minimumAge
        opportunity.minimumGrade = grades?.lowerBound
        opportunity.maximumGrade = grades?.upperBound
        opportunity.requiredCredentialID = credential
        opportunity.seats = seats
        opportunity.startsOn = starts
        opportunity.endsOn = ends
        opportunity.applyBy = applyBy
        opportunity.location = location
        opportunity.transport = transport
        opportunity.status = status
        opportunity.proposedBy = by
        try await opportunity.create(on: tenant.db)
        audit.created("opportunity", id: opportunity.id, try OpportunityJSON(opportunity))
        return opportunity
    }
}
