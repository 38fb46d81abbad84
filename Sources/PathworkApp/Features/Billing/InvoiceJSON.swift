import Fluent
import Foundation
import PathworkDomain
import Vapor

struct InvoiceJSON: Content, Equatable {
    struct Line: Content, Equatable {
        var engagementId: UUID
        var description: String
        var pricing: Pricing
        var actualMinutes: Int
        var billedMinutes: Int
        var rateCents: Int
        var amountCents: Int
    }

    var id: UUID?
    var clientId: UUID
    var clientName: String
    var number: Int?
    var displayNumber: String
    var status: InvoiceStatus
    var periodStart: String
    var periodEnd: String
    var issuedOn: String?
    var paidOn: String?
    var voidReason: String?
    var totalCents: Int
    var lines: [Line]

    init(_ invoice: Invoice, lines: [InvoiceLine], clientName: String) {
        id = invoice.id; clientId = invoice.clientID; self.clientName = clientName; number = invoice.number
        displayNumber = invoice.displayNumber; status = invoice.status; periodStart = invoice.periodStart; periodEnd = invoice.periodEnd
        issuedOn = invoice.issuedOn; paidOn = invoice.paidOn; voidReason = invoice.voidReason.isEmpty ? nil : invoice.voidReason
        totalCents = invoice.totalCents
        self.lines = lines.sorted { $0.position < $1.position }.map {
            Line(engagementId: $0.engagementID, description: $0.summary, pricing: $0.pricing, actualMinutes: $0.actualMinutes,
                 billedMinutes: $0.billedMinutes, rateCents: $0.rateCents, amountCents: $0.amountCents)
        }
    }

    static func load(_ invoice: Invoice, tenant: Tenant) async throws -> InvoiceJSON {
        let lines = try await tenant.query(InvoiceLine.self).filter(\.$invoice.$id == invoice.requireID()).all()
        let client = try await tenant.find(Client.self, invoice.clientID)
        return InvoiceJSON(invoice, lines: lines, clientName: client.name)
    }

    // `number` is a required key that is null on drafts, as the contract says.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id); try c.encode(clientId, forKey: .clientId); try c.encode(clientName, forKey: .clientName)
        try c.encode(number, forKey: .number); try c.encode(displayNumber, forKey: .displayNumber); try c.encode(status, forKey: .status)
        try c.encode(periodStart, forKey: .periodStart); try c.encode(periodEnd, forKey: .periodEnd)
        try c.encodeIfPresent(issuedOn, forKey: .issuedOn); try c.encodeIfPresent(paidOn, forKey: .paidOn)
        try c.encodeIfPresent(voidReason, forKey: .voidReason); try c.encode(totalCents, forKey: .totalCents); try c.encode(lines, forKey: .lines)
    }

    static let schema = Schema.object([
        ("id", .string(format: "uuid")), ("clientId", .string(format: "uuid")), ("clientName", .string()),
        ("number", .nullable(.integer())), ("displayNumber", .string()), ("status", .enumeration(InvoiceStatus.allCases.map(\.rawValue))),
        ("periodStart", .string(format: "date")), ("periodEnd", .string(format: "date")), ("issuedOn", .string(format: "date")),
        ("paidOn", .string(format: "date")), ("voidReason", .string()), ("totalCents", .integer()),
        ("lines", .array(.object([("engagementId", .string(format: "uuid")), ("description", .string()),
                                  ("pricing", .enumeration(["hourly", "fixedFee"])), ("actualMinutes", .integer()),
                                  ("billedMinutes", .integer()), ("rateCents", .integer()), ("amountCents", .integer())],
                                 required: ["engagementId", "actualMinutes", "billedMinutes", "amountCents"]))),
    ], required: ["id", "number", "status", "totalCents", "lines"])
}
