import Foundation
import PathworkDomain
import ZIPFoundation

/// A OneRoster set as a folder of CSV files.
struct RosterFolder: RosterSource {
    let folder: URL
    let fileNames: [String]

    init(_ folder: URL) throws {
        self.folder = folder
        fileNames = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
    }

    func size(of name: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int) ?? nil
    }

    func stream(_ name: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: folder.appendingPathComponent(name))
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            try data.withUnsafeBytes(chunk)
        }
    }
}

/// A OneRoster set as a zip, its files at the root. A zip whose files all sit in one folder is
/// read from that folder, and the report says so; the binding wants them at the root.
struct RosterZip: RosterSource {
    private let url: URL
    private let archive: Archive
    private let prefix: String
    let fileNames: [String]
    let notes: [RosterIssue]

    init(_ url: URL) throws {
        self.url = url
        archive = try Archive(url: url, accessMode: .read)
        let files = archive.filter { $0.type == .file }.map(\.path).filter { !$0.hasPrefix("__MACOSX/") }
        let atRoot = files.filter { !$0.contains("/") }
        let folders = Set(files.compactMap { $0.split(separator: "/", maxSplits: 1).count == 2 ? String($0.split(separator: "/")[0]) : nil })
        if atRoot.isEmpty, folders.count == 1, let folder = folders.first {
            prefix = folder + "/"
            notes = [RosterIssue(.warning, "zip-folder", file: url.lastPathComponent,
                                 "The files are in the folder \(folder)/ rather than at the zip's root; read from there.")]
        } else {
            prefix = ""
            notes = []
        }
        let root = prefix
        fileNames = files.filter { $0.hasPrefix(root) }.map { String($0.dropFirst(root.count)) }
            .filter { !$0.contains("/") && $0.hasSuffix(".csv") }.sorted()
    }

    func size(of name: String) -> Int? { archive[prefix + name].map { Int($0.uncompressedSize) } }

    /// An archive reads through one file position: a second thread opens the zip again.
    func secondReader() throws -> any RosterSource { try RosterZip(url) }

    func stream(_ name: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let entry = archive[prefix + name] else { throw CocoaError(.fileNoSuchFile) }
        _ = try archive.extract(entry, bufferSize: 1 << 20) { data in try data.withUnsafeBytes(chunk) }
    }
}

enum RosterSources {
    /// The set at `path`: a folder or a `.zip`.
    static func open(_ path: String) throws -> any RosterSource {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandFailure("\(path): no such file or folder")
        }
        let url = URL(fileURLWithPath: path)
        if isFolder.boolValue { return try RosterFolder(url) }
        guard path.lowercased().hasSuffix(".zip") else { throw CommandFailure("\(path): give a folder of OneRoster CSV files or a .zip") }
        do { return try RosterZip(url) } catch { throw CommandFailure("\(path): not a zip file that can be read (\(error))") }
    }
}

/// A source handed to the one thread that reads it (the check's, a file's batches): only one
/// thread uses it at a time, which the compiler cannot see.
struct SourceHandoff: @unchecked Sendable { let source: any RosterSource }
