import Fluent
import Foundation
import PathworkDomain

/// The demo's partner organizations beyond its clients: Skyline Drone Works, which hosts the
/// drone interns (seed 002) and whose supervisors are `supervisor@demo.test` and a shop manager;
/// the mentors' organizations; and the coordinator's log with them, one next step overdue.
enum DemoPartners {
    static func seed(tenant: Tenant, audit: AuditRecorder, named: [String: UUID], today: CalendarDate) async throws {
        let coordinator = named["coordinator@demo.test"]!
        var partners = Dictionary(try await tenant.query(Client.self).all().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func partner(_ name: String, sector: String, address: String, website: String, about: String, pathways: [String]) async throws -> Client {
            let partner = partners[name] ?? Client(districtID: tenant.districtID, name: name, sector: sector, address: address)
            partner.sector = sector
            partner.address = address
            partner.website = website
            partner.details = about
            if partner.id == nil {
                try await partner.create(on: tenant.db)
                audit.created("partner", id: partner.id, try PartnerJSON(partner))
            } else {
                try await partner.save(on: tenant.db)
            }
            partners[name] = partner
            for code in pathways {
                let link = PathwayLink()
                link.districtID = tenant.districtID
                link.pathwayCode = code
                link.subject = .partner
                link.subjectID = try partner.requireID()
                try await link.create(on: tenant.db)
                audit.created("pathwayLink", id: link.id, ["pathwayCode": code, "subject": "partner"])
            }
            return partner
        }
        func person(_ email: String, of partner: Client, title: String, phone: String? = nil) async throws {
            guard let id = named[email] else { return }
            let link = ClientContactLink(districtID: tenant.districtID, clientID: try partner.requireID(), personID: id)
            link.title = title
            link.phone = phone
            try await link.create(on: tenant.db)
            audit.created("clientContact", id: link.id, PartnerContactRecord(link))
        }
        func log(_ partner: Client, _ kind: InteractionKind, daysAgo: Int, _ summary: String, next: String? = nil, dueIn: Int = 0,
                 done: Bool = false) async throws {
            let interaction = PartnerInteraction()
            interaction.districtID = tenant.districtID
            interaction.$partner.id = try partner.requireID()
            interaction.kind = kind
            interaction.happenedOn = today.adding(days: -daysAgo).description
            interaction.summary = summary
            interaction.loggedBy = coordinator
            interaction.nextStep = next
            interaction.nextStepOwnerID = next == nil ? nil : coordinator
            interaction.nextStepDueOn = next == nil ? nil : today.adding(days: dueIn).description
            interaction.nextStepDoneOn = done ? today.adding(days: dueIn).description : nil
            try await interaction.create(on: tenant.db)
            audit.created("partnerInteraction", id: interaction.id, try PartnerInteractionJSON(interaction, today: today))
        }

        let skyline = try await partner("Skyline Drone Works", sector: "Aerospace and drone services", address: "2200 Airport Rd, Longmont",
                                        website: "https://skyline-drone-works.example",
                                        about: "Repairs and flies survey drones. Hosts the paid drone internship: students learn FAA rules, plan autonomous flights and repair aircraft; Skyline gives supervisors and shop time, the district pays the interns.",
                                        pathways: ["DT.6"])
        try await person("supervisor@demo.test", of: skyline, title: "Flight operations lead", phone: "303-555-0142")
        try await person("dana.whitehorse@partners.demo.test", of: skyline, title: "Repair shop manager")
        try await log(skyline, .visit, daysAgo: 20, "Toured the repair shop; Skyline can take seven interns in the spring, two of them on flight roles (Part 107 needed).",
                      next: "Send Skyline the draft training agreement", dueIn: -3)
        try await log(skyline, .call, daysAgo: 6, "Sam asked for the interns' safety-training dates before the first shift.")

        let year = SchoolCalendar.schoolYearStart(containing: today)
        try await agreement(skyline, "Drone internship partnership", startsOn: "\(year - 1)-08-01", endsOn: "\(year + 1)-07-31",
                            districtGives: "Interns paid by the district, trained in safety and FAA rules before their first shift; a coordinator who visits monthly.",
                            partnerGives: "Supervisors for each intern, shop time, aircraft to repair, and flight planning on real survey jobs.",
                            signatories: "Sam Patel, flight operations lead; Corey Nakamura, program coordinator",
                            objectives: [("Interns hosted", 10, "students", .studentsHosted, nil, ""),
                                         ("Check-ins with the shop", 8, "interactions", .interactions, nil, ""),
                                         ("Hours of supervised shop and flight work", 600, "hours", .worksiteHours, nil, ""),
                                         ("Interns evaluated at the end", 10, "evaluations", .evaluations, nil, "")],
                            lastYear: ([4, 4, 3, 4], "The first seven interns were a success; we want more flight roles.", [4, 3]),
                            tenant: tenant, audit: audit, coordinator: coordinator, contact: named["supervisor@demo.test"], year: year)

        let peak = try await partner("Peak Aerial Surveys", sector: "Aerial mapping", address: "410 Main St, Lyons", website: "https://peak-aerial.example",
                                     about: "Maps farms and watersheds from the air. Pays its own interns on flight-mapping roles (FAA Part 107 needed).",
                                     pathways: ["DT.6"])
        try await person("luis.ortega@partners.demo.test", of: peak, title: "Chief pilot", phone: "303-555-0187")
        try await log(peak, .meeting, daysAgo: 45, "Peak will keep paying two mapping interns a year; wants them certified before the first flight.")
        try await agreement(peak, "Aerial mapping internships", startsOn: "\(year - 1)-08-01", endsOn: "\(year + 2)-07-31",
                            districtGives: "Students with Part 107 certificates and a coordinator who checks in monthly.",
                            partnerGives: "Paid mapping internships under its chief pilot, and a judge for the spring showcase.",
                            signatories: "Luis Ortega, chief pilot; Corey Nakamura, program coordinator",
                            objectives: [("Paid interns hosted", 4, "students", .studentsHosted, nil, ""),
                                         ("Students at its career fair table", 30, "students", .eventAttendance, nil, "")],
                            lastYear: nil, tenant: tenant, audit: audit, coordinator: coordinator, contact: named["luis.ortega@partners.demo.test"], year: year)

        let alliance = try await partner("Front Range Cyber Alliance", sector: "Cybersecurity", address: "", website: "https://frontrange-cyber.example",
                                         about: "Member firms send volunteer mentors to the cybersecurity team.", pathways: ["DT.3"])
        try await person("mentor@demo.test", of: alliance, title: "Security architect")
        try await log(alliance, .meeting, daysAgo: 10, "Reviewed the fusion-center architecture project with Marcus; the alliance can add two mentors.",
                      next: "Confirm the spring mentor roster", dueIn: 5)
        let lab = try await partner("Boulder AI Lab", sector: "Research", address: "", website: "https://boulder-ai-lab.example",
                                    about: "Researchers mentor the AI development team.", pathways: ["DT.1"])
        try await person("priya.raman@partners.demo.test", of: lab, title: "Research scientist")

        if let plant = partners["St. Vrain Water Treatment Plant"] {
            try await agreement(plant, "Intake inspection partnership", startsOn: "\(year)-08-01", endsOn: "\(year + 1)-07-31",
                                districtGives: "The aquatic robotics team's inspections, billed at the student rate.",
                                partnerGives: "Real problems to solve, site access and a quarterly debrief with the team.",
                                signatories: "Claire Dunn; Corey Nakamura", objectives: [("Inspection hours", 120, "hours", .engagementHours, nil, "")],
                                lastYear: nil, tenant: tenant, audit: audit, coordinator: coordinator, contact: nil, year: year)
            try await log(plant, .meeting, daysAgo: 40, "Kick-off for the intake inspection; agreed on quarterly check-ups.",
                          next: "Share the visit schedule with the plant", dueIn: -35, done: true)
        }
    }

    /// An agreement with its objectives and, when given, last school year's evaluation.
    private static func agreement(_ partner: Client, _ title: String, startsOn: String, endsOn: String, districtGives: String, partnerGives: String,
                                  signatories: String, objectives: [(String, Int, String, ObjectiveMeasure, Int?, String)],
                                  lastYear: ([Int], String, [Int])?, tenant: Tenant, audit: AuditRecorder, coordinator: UUID, contact: UUID?,
                                  year: Int) async throws {
        let agreement = PartnershipAgreement()
        agreement.districtID = tenant.districtID
        agreement.$partner.id = try partner.requireID()
        agreement.title = title
        agreement.startsOn = startsOn
        agreement.endsOn = endsOn
        agreement.districtGives = districtGives
        agreement.partnerGives = partnerGives
        agreement.signatories = signatories
        agreement.signedOn = startsOn
        try await agreement.create(on: tenant.db)
        audit.created("partnershipAgreement", id: agreement.id, try AgreementRecord(agreement))
        var ratings: [UUID: Int] = [:]
        for (index, (details, target, unit, measure, recorded, how)) in objectives.enumerated() {
            let objective = PartnershipObjective()
            objective.districtID = tenant.districtID
            objective.$agreement.id = try agreement.requireID()
            objective.details = details
            objective.target = target
            objective.unit = unit
            objective.measure = measure
            objective.recordedValue = recorded
            objective.howMeasured = how
            try await objective.create(on: tenant.db)
            audit.created("partnershipObjective", id: objective.id, ObjectiveRecord(objective))
            if let lastYear, index < lastYear.2.count { ratings[try objective.requireID()] = lastYear.2[index] }
        }
        guard let (answers, comment, _) = lastYear else { return }
        let evaluation = PartnershipEvaluation()
        evaluation.districtID = tenant.districtID
        evaluation.$agreement.id = try agreement.requireID()
        evaluation.schoolYear = year - 1
        evaluation.answers = answers.map(String.init).joined(separator: ",")
        evaluation.comment = comment
        evaluation.answeredBy = contact
        evaluation.answeredOn = "\(year)-06-10"
        evaluation.ratings = PartnershipEvaluation.ratingsText(ratings)
        evaluation.ratedBy = coordinator
        evaluation.ratedOn = "\(year)-06-12"
        try await evaluation.create(on: tenant.db)
        audit.created("partnershipEvaluation", id: evaluation.id, EvaluationRecord(evaluation))
    }
}
