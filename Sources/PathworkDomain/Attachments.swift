/// Which files a deliverable may carry. The type is decided from the content's first bytes and
/// must agree with the file name, so a renamed executable is not served as a PDF.
public enum AttachmentRules {
    public static let maximumBytes = 10 * 1024 * 1024

    public enum Kind: String, Sendable, CaseIterable {
        case pdf, png, jpeg, text, csv, officeDocument

        public var contentType: String {
            switch self {
            case .pdf: "application/pdf"
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .text: "text/plain; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            case .officeDocument: "application/octet-stream"
            }
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case empty, tooLarge, unsupportedName, contentMismatch

        public var message: String {
            switch self {
            case .empty: "The file is empty."
            case .tooLarge: "Files may be at most 10 MB."
            case .unsupportedName: "Attach a PDF, PNG, JPEG, text, CSV or Office (docx, xlsx, pptx) file."
            case .contentMismatch: "The file's content does not match its name."
            }
        }
    }

    /// `head` is the start of the file (at least its first 8 bytes when it has them); `isUTF8`
    /// says whether the whole file is valid UTF-8 text without NUL bytes.
    public static func check(filename: String, size: Int, head: [UInt8], isUTF8: Bool) -> Result<Kind, Problem> {
        if size == 0 { return .failure(.empty) }
        if size > maximumBytes { return .failure(.tooLarge) }
        let ext = filename.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let kind: Kind
        switch ext {
        case "pdf": kind = .pdf
        case "png": kind = .png
        case "jpg", "jpeg": kind = .jpeg
        case "txt", "md": kind = .text
        case "csv": kind = .csv
        case "docx", "xlsx", "pptx": kind = .officeDocument
        default: return .failure(.unsupportedName)
        }
        let matches: Bool
        switch kind {
        case .pdf: matches = head.starts(with: Array("%PDF-".utf8))
        case .png: matches = head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: matches = head.starts(with: [0xFF, 0xD8, 0xFF])
        case .text, .csv: matches = isUTF8
        case .officeDocument: matches = head.starts(with: [0x50, 0x4B, 0x03, 0x04])
        }
        return matches ? .success(kind) : .failure(.contentMismatch)
    }

    /// A file name safe to put in a Content-Disposition header and show on a page.
    public static func cleanName(_ filename: String) -> String {
        let base = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "file"
        let kept = base.filter { $0.isLetter || $0.isNumber || " ._-()".contains($0) }
        return kept.isEmpty ? "file" : String(kept.prefix(120))
    }
}
