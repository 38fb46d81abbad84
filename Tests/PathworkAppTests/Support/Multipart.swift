import Foundation
import Vapor

/// A multipart/form-data body with one file, as a browser's form sends it (with the page's
/// anti-forgery token when given).
func multipartUpload(field: String = "file", _ filename: String, _ bytes: [UInt8], csrf: String? = nil) -> (HTTPHeaders, ByteBuffer) {
    let boundary = "pathwork-test-boundary"
    var body = ByteBuffer()
    if let csrf {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
    }
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
    body.writeBytes(bytes)
    body.writeString("\r\n--\(boundary)--\r\n")
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    return (headers, body)
}
