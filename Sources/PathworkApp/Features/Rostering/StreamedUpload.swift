import Foundation
import MultipartKit
import Vapor

/// One file of a multipart form, written to disk as its bytes arrive: a OneRoster set can be
/// hundreds of megabytes, and is never held in memory. Other fields are ignored.
struct StreamedUpload {
    let filename: String
    let size: Int

    enum Failure: Error {
        case notMultipart, noFile, tooLarge
    }

    /// Receives the part named `field` into `file`; at most `limit` bytes.
    static func receive(_ req: Request, field: String, to file: URL, limit: Int) async throws -> StreamedUpload {
        guard let boundary = req.headers.contentType?.parameters["boundary"], req.headers.contentType?.type == "multipart" else {
            throw Failure.notMultipart
        }
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw Abort(.internalServerError) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        let state = PartState()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            guard let disposition = HTTPHeaders([(name, value)]).contentDisposition else { return }
            state.current = disposition.name
            state.currentFilename = disposition.filename
        }
        parser.onBody = { buffer in
            guard state.current == field, state.failure == nil else { return }
            state.size += buffer.readableBytes
            if state.size > limit { state.failure = .tooLarge; return }
            do { try handle.write(contentsOf: buffer.readableBytesView) } catch { state.failure = .noFile }
        }
        parser.onPartComplete = {
            if state.current == field { state.found = state.currentFilename ?? "" }
            state.current = nil
        }
        for try await chunk in req.body {
            try parser.execute(chunk)
            if let failure = state.failure { throw failure }
        }
        guard let filename = state.found, state.size > 0 else { throw Failure.noFile }
        return StreamedUpload(filename: filename, size: state.size)
    }

    private final class PartState {
        var current: String?
        var currentFilename: String?
        var found: String?
        var size = 0
        var failure: Failure?
    }
}
