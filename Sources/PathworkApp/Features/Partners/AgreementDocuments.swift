import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The signed copy of a partnership agreement, as a file. Each upload is kept; the newest is
/// the agreement's document, and earlier ones stay listed with who uploaded them when.
final class AgreementDocument: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "partnership_documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "agreement_id") var agreement: PartnershipAgreement
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size_bytes") var sizeBytes: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateAgreementDocuments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AgreementDocument.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("agreement_id", .uuid, .required, .references(PartnershipAgreement.schema, "id"))
            .storedFileColumns()
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(AgreementDocument.schema).delete() }
}

struct AgreementDocumentJSON: Content {
    var id: UUID
    var filename: String
    var contentType: String
    var sizeBytes: Int
    var sha256: String
    var uploadedAt: Date?

    init(_ d: AgreementDocument) throws {
        id = try d.requireID(); filename = d.filename; contentType = d.contentType; sizeBytes = d.sizeBytes; sha256 = d.sha256; uploadedAt = d.createdAt
    }
}

enum AgreementDocuments {
    /// Staff who manage partners, and the partner's own people, read the signed copy.
    static func reachable(_ req: Request) async throws -> PartnershipAgreement {
        if try req.viewer.can(.manageClients) { return try await AgreementPages.agreement(req) }
        return try await AgreementPages.partnersOwn(req)
    }

    static func attach(_ file: File, to agreement: PartnershipAgreement, on req: Request) async throws -> AgreementDocument {
        try req.viewer.require(.manageClients)
        let document = AgreementDocument()
        document.id = UUID()
        document.districtID = agreement.districtID
        document.$agreement.id = try agreement.requireID()
        let stored = try AttachmentStore.store(file, district: agreement.districtID, id: try document.requireID(), dataDirectory: req.pathwork.config.dataDirectory)
        document.filename = stored.filename
        document.contentType = stored.contentType
        document.sizeBytes = stored.sizeBytes
        document.sha256 = stored.sha256
        document.uploadedBy = try req.viewer.personID
        do {
            return try await req.change { tenant, audit in
                try await document.create(on: tenant.db)
                audit.created("partnershipDocument", id: document.id, ["agreementID": try agreement.requireID().uuidString, "filename": document.filename, "sha256": document.sha256])
                return document
            }
        } catch {
            try? FileManager.default.removeItem(atPath: stored.path)
            throw error
        }
    }

    static func latest(_ agreement: PartnershipAgreement, tenant: Tenant) async throws -> [AgreementDocument] {
        try await tenant.query(AgreementDocument.self).filter(\.$agreement.$id == agreement.requireID()).sort(\.$createdAt, .descending).all()
    }

    static func download(_ req: Request) async throws -> Response {
        let agreement = try await reachable(req)
        guard let newest = try await latest(agreement, tenant: try req.tenant).first else { throw Abort(.notFound, reason: "No signed copy is uploaded yet.") }
        return try AttachmentStore.response(path: AttachmentStore.path(district: newest.districtID, id: try newest.requireID(), dataDirectory: req.pathwork.config.dataDirectory),
                                            filename: newest.filename, contentType: newest.contentType)
    }

    static func register(_ pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        pages.get(SiteRoute.agreementStep(.pattern, step: "document").pattern) { req async throws -> Response in try await download(req) }
        pages.on(.POST, SiteRoute.agreementStep(.pattern, step: "document").pattern, body: .collect(maxSize: "12mb")) { req async throws -> Response in
            let agreement = try await AgreementPages.agreement(req)
            return try await AgreementPages.attempt(req, agreement) {
                let document = try await attach(try AttachmentStore.Upload.read(req).file, to: agreement, on: req)
                return "Signed copy uploaded: \(document.filename)."
            }
        }
        let schema = Schema.object([("id", .string(format: "uuid")), ("filename", .string()), ("contentType", .string()), ("sizeBytes", .integer()),
                                    ("sha256", .string()), ("uploadedAt", .string(format: "date-time"))],
                                   required: ["id", "filename", "contentType", "sizeBytes", "sha256"])
        registry.add(APIOperation(method: .POST, path: ["api", "v1", "partnership-agreements", ":agreementID", "document"],
                                  summary: "Upload the signed copy of an agreement (multipart field 'file'; PDF, PNG, JPEG, text, CSV or Office; up to 10 MB)",
                                  tag: "Partners", body: .object([("file", .string(format: "binary"))], required: ["file"]), response: schema, success: .created,
                                  consumes: "multipart/form-data",
                                  rules: [OperationRule(code: "attachment.rejected", says: "the file is not empty, at most 10 MB, and its name and content are one of the accepted kinds")]))
        api.on(.POST, ["partnership-agreements", ":agreementID", "document"], body: .collect(maxSize: "12mb")) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let document = try await attach(try AttachmentStore.Upload.read(req).file, to: try await AgreementPages.agreement(req), on: req)
            return try await AgreementDocumentJSON(document).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["partnership-agreements", ":agreementID", "document"], summary: "Download the agreement's signed copy",
                                  tag: "Partners", response: .string(format: "binary"), produces: "application/octet-stream",
                                  alsoProduces: [AttachmentRules.Kind.pdf, .png, .jpeg, .text, .csv].map { (type: String($0.contentType.prefix { $0 != ";" }), schema: .string(format: "binary")) }),
                     registry: registry) { req in
            try await download(req)
        }
    }

    /// On the agreement's page: the signed copy, its history, and the upload form.
    static func section(_ agreement: PartnershipAgreement, documents: [AgreementDocument], viewer: Viewer) -> Node<HTML.BodyContext> {
        let id = agreement.id ?? UUID()
        return .section(.class("card"), .h2(.text("Signed copy")),
            .if(documents.isEmpty, .p(.text("No signed copy uploaded yet."))),
            .unwrap(documents.first) { newest in
                .p(.a(.href(SiteRoute.agreementStep(id, step: "document").path), .text(newest.filename)),
                   .span(.class("muted"), .text(" · \(newest.sizeBytes / 1024 + 1) KB · SHA-256 \(newest.sha256.prefix(12))…")))
            },
            .if(documents.count > 1, .p(.class("muted"), .text("Earlier uploads: \(documents.dropFirst().map(\.filename).joined(separator: ", ")).")) ),
            .form(.method(.post), .action(SiteRoute.agreementStep(id, step: "document").path), .enctype(.multipartData), Layout.csrfField(viewer.csrfToken),
                  .label(.for("agreement-document"), .text(documents.isEmpty ? "Upload the signed agreement" : "Upload a newer signed copy")),
                  .input(.type(.file), .name("file"), .id("agreement-document")),
                  .button(.type(.submit), .class("secondary"), .text("Upload"))))
    }
}
