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
        path(district: attachment.districtID, id: try attachment.requireID(), dataDirectory: dataDirectory)
    }

    /// A file checked and written to storage, not yet recorded.
    struct StoredFile: Sendable {
        var filename: String
        var contentType: String
        var sizeBytes: Int
        var sha256: String
        var path: String
    }

    static func path(district: UUID, id: UUID, dataDirectory: String) -> String {
        "\(dataDirectory)/attachments/\(district.uuidString.lowercased())/\(id.uuidString.lowercased())"
    }

    /// Checks a file (its type from its first bytes, agreeing with its name) and writes it
    /// beside its final name, then renames it into place. The caller records it, and removes
    /// the file again if that fails, so nothing is half-written.
    static func store(_ file: File, district: UUID, id: UUID, dataDirectory: String) throws -> StoredFile {
        let bytes = Array(file.data.readableBytesView)
        let isUTF8 = !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
        let kind: AttachmentRules.Kind
        switch AttachmentRules.check(filename: file.filename, size: bytes.count, head: Array(bytes.prefix(8)), isUTF8: isUTF8) {
        case .success(let found): kind = found
        case .failure(let problem):
            throw PathworkError(status: .unprocessableEntity, code: "attachment.rejected", reason: problem.message,
                                fieldErrors: [FieldError(field: "file", message: problem.message)])
        }
        let target = path(district: district, id: id, dataDirectory: dataDirectory)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temporary = target + ".partial"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary), options: .atomic)
        if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
        try FileManager.default.moveItem(atPath: temporary, toPath: target)
        return StoredFile(filename: AttachmentRules.cleanName(file.filename), contentType: kind.contentType, sizeBytes: bytes.count,
                          sha256: SHA256.hash(data: bytes).lowercaseHex, path: target)
    }

    /// A stored file as a download.
    static func response(path: String, filename: String, contentType: String) throws -> Response {
        guard let data = FileManager.default.contents(atPath: path) else { throw Abort(.notFound, reason: "The file is missing from storage.") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// Stores the file and records it against the deliverable.
    static func attach(_ file: File, to deliverable: Deliverable, on req: Request) async throws -> DeliverableAttachment {
        let attachment = DeliverableAttachment()
        attachment.id = UUID()
        attachment.districtID = deliverable.districtID
        attachment.deliverableID = try deliverable.requireID()
        let stored = try store(file, district: deliverable.districtID, id: try attachment.requireID(), dataDirectory: req.pathwork.config.dataDirectory)
        attachment.filename = stored.filename
        attachment.contentType = stored.contentType
        attachment.sizeBytes = stored.sizeBytes
        attachment.sha256 = stored.sha256
        attachment.uploadedBy = try req.viewer.personID
        let target = stored.path
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
        try response(path: try path(attachment, dataDirectory: req.pathwork.config.dataDirectory), filename: attachment.filename, contentType: attachment.contentType)
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
