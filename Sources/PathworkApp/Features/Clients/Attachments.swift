import Crypto
import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// A file attached to a deliverable, stored under `PATHWORK_DATA/attachments/<district>/<id>`.
final class DeliverableAttachment: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "deliverable_attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "deliverable_id") var deliverableID: UUID
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size_bytes") var sizeBytes: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct AttachmentJSON: Content {
    var id: UUID
    var filename: String
    var contentType: String
    var sizeBytes: Int
    init(_ a: DeliverableAttachment) throws { id = try a.requireID(); filename = a.filename; contentType = a.contentType; sizeBytes = a.sizeBytes }
}

enum AttachmentStore {
    struct Upload: Content {
        var file: File

        /// The upload in a multipart body; a body that is not one (or has no file) is a 422
        /// naming the field, not the parser's error as a 500.
        static func read(_ req: Request) throws -> Upload {
            do {
                return try req.input(Upload.self)
            } catch let error as PathworkError {
                throw error
            } catch {
                throw PathworkError.invalid([FieldError(field: "file", message: "Send the file as multipart/form-data, in a field named file.")])
            }
        }
    }

    static func path(_ attachment: DeliverableAttachment, dataDirectory: String) throws -> String {
        "\(dataDirectory)/attachments/\(attachment.districtID.uuidString.lowercased())/\(try attachment.requireID().uuidString.lowercased())"
    }

    /// Checks the file, writes it beside its final name and renames it into place, then records
    /// it; a failed database write removes the file again, so nothing is half-written.
    static func attach(_ file: File, to deliverable: Deliverable, on req: Request) async throws -> DeliverableAttachment {
        let bytes = Array(file.data.readableBytesView)
        let isUTF8 = !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
        let kind: AttachmentRules.Kind
        switch AttachmentRules.check(filename: file.filename, size: bytes.count, head: Array(bytes.prefix(8)), isUTF8: isUTF8) {
        case .success(let found): kind = found
        case .failure(let problem):
            throw PathworkError(status: .unprocessableEntity, code: "attachment.rejected", reason: problem.message,
                                fieldErrors: [FieldError(field: "file", message: problem.message)])
        }
        let attachment = DeliverableAttachment()
        attachment.id = UUID()
        attachment.districtID = deliverable.districtID
        attachment.deliverableID = try deliverable.requireID()
        attachment.filename = AttachmentRules.cleanName(file.filename)
        attachment.contentType = kind.contentType
        attachment.sizeBytes = bytes.count
        attachment.sha256 = SHA256.hash(data: bytes).lowercaseHex
        attachment.uploadedBy = try req.viewer.personID
        let target = try path(attachment, dataDirectory: req.pathwork.config.dataDirectory)
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = target + ".partial"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary), options: .atomic)
        try FileManager.default.moveItem(atPath: temporary, toPath: target)
        do {
            return try await req.change { tenant, audit in
                try await attachment.create(on: tenant.db)
                audit.created("deliverableAttachment", id: attachment.id,
                              ["deliverableID": try deliverable.requireID().uuidString, "filename": attachment.filename, "sha256": attachment.sha256])
                return attachment
            }
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
    }

    static func download(_ attachment: DeliverableAttachment, on req: Request) throws -> Response {
        let target = try path(attachment, dataDirectory: req.pathwork.config.dataDirectory)
        guard let data = FileManager.default.contents(atPath: target) else { throw Abort(.notFound, reason: "The file is missing from storage.") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: attachment.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(attachment.filename)\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// Finds an attachment the viewer reaches through its deliverable's engagement.
    static func find(_ id: UUID?, req: Request) async throws -> DeliverableAttachment {
        let attachment = try await req.tenant.find(DeliverableAttachment.self, id)
        let (deliverable, _) = try await req.clientScope.deliverable(attachment.deliverableID, try req.tenant)
        // Like the deliverable itself, its files reach the client once the team submits it.
        if deliverable.status == .planned, try !req.viewer.isStaff {
            throw Abort(.notFound, reason: "No such file.")
        }
        return attachment
    }
}
