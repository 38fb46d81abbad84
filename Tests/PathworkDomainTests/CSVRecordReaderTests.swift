import Foundation
@testable import PathworkDomain
import Testing

@Suite("CSV records")
struct CSVRecordReaderTests {
    func records(_ text: String, chunk: Int = 1 << 16) throws -> [CSVRecord] {
        try records(Array(text.utf8), chunk: chunk)
    }

    /// The records, read both ways the reader takes bytes (as a sequence and from memory), which
    /// must agree.
    func records(_ bytes: [UInt8], chunk: Int = 1 << 16) throws -> [CSVRecord] {
        func read(fromMemory: Bool) throws -> [CSVRecord] {
            var reader = CSVRecordReader()
            var found: [CSVRecord] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                if fromMemory {
                    try bytes[start..<end].withUnsafeBytes { try reader.read($0) { found.append($0) } }
                } else {
                    try reader.read(bytes[start..<end]) { found.append($0) }
                }
                start = end
            }
            try reader.finish { found.append($0) }
            return found
        }
        let stepped = Result { try read(fromMemory: false) }
        let memory = Result { try read(fromMemory: true) }
        switch (stepped, memory) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a as? CSVSyntaxError == b as? CSVSyntaxError)
        default: Issue.record("the two ways of reading disagree: \(stepped) against \(memory)")
        }
        return try stepped.get()
    }

    @Test("LF, CRLF, a missing final newline and empty lines read alike; a BOM is dropped")
    func lineEnds() throws {
        let expected = [CSVRecord(line: 1, fields: ["sourcedId", "name"]), CSVRecord(line: 2, fields: ["o1", "North High"])]
        #expect(try records("sourcedId,name\no1,North High\n") == expected)
        #expect(try records("sourcedId,name\r\no1,North High\r\n") == expected)
        #expect(try records("sourcedId,name\r\no1,North High") == expected)
        #expect(try records([0xEF, 0xBB, 0xBF] + Array("sourcedId,name\no1,North High".utf8)) == expected)
        let blank = try records("sourcedId,name\n\no1,North High\n\n")
        #expect(blank.map(\.fields) == expected.map(\.fields))
        #expect(blank.map(\.line) == [1, 3])
    }

    @Test("quoted headers and fields, doubled quotes, empty values, lists, and a line break inside quotes")
    func quoting() throws {
        let text = "\"sourcedId\",\"grades\",note,\"x\"\nu1,\"09, 10\",\"says \"\"hi\"\"\",\"\"\nu2,,\"two\nlines\",\n"
        let found = try records(text)
        #expect(found[0].fields == ["sourcedId", "grades", "note", "x"])
        #expect(found[1].fields == ["u1", "09, 10", "says \"hi\"", ""])
        #expect(found[2] == CSVRecord(line: 3, fields: ["u2", "", "two\nlines", ""]))
    }

    @Test("the same records whatever the chunks: byte by byte, and across a multi-byte character")
    func chunking() throws {
        let text = "\u{FEFF}id,name\r\n1,\"Zoë \"\"Z\"\" Núñez\"\r\n2,Łukasz\n"
        let whole = try records(text)
        #expect(whole.count == 3)
        #expect(try records(text, chunk: 1) == whole)
        #expect(try records(text, chunk: 7) == whole)
        #expect(whole[1].fields[1] == "Zoë \"Z\" Núñez")
    }

    @Test("errors name the line and field: a carriage return inside a field, a stray quote, text after a quote, an open quote, bad UTF-8")
    func errors() throws {
        func error(_ bytes: [UInt8]) -> CSVSyntaxError? {
            do { _ = try records(bytes); return nil } catch let error as CSVSyntaxError { return error } catch { return nil }
        }
        #expect(error(Array("a,b\n1,\"x\ry\"\n".utf8)) == CSVSyntaxError(line: 2, field: 2, message: "A carriage return inside a field."))
        #expect(error(Array("a,b\n1,x\"y\n".utf8))?.line == 2)
        #expect(error(Array("a,b\n1,x\"y\n".utf8))?.field == 2)
        #expect(error(Array("a,b\n\"1\"x,y\n".utf8)) == CSVSyntaxError(line: 2, field: 1, message: "Text after a closing quote."))
        #expect(error(Array("a,b\n1,\"open\n2,3\n".utf8)) == CSVSyntaxError(line: 2, field: 2, message: "A quoted field is never closed."))
        #expect(error(Array("a,b\n".utf8) + [0x31, 0x2C, 0xFF, 0x0A]) == CSVSyntaxError(line: 2, field: 2, message: "This field is not UTF-8 text."))
    }

    @Test("keeping only the fields a reader wants: the header whole, the others handed over empty and still checked")
    func keepingAfterHeader() throws {
        func read(_ bytes: [UInt8]) throws -> [CSVRecord] {
            var reader = CSVRecordReader(keepingAfterHeader: { header in header.map { $0 != "skip" } })
            var found: [CSVRecord] = []
            try bytes.withUnsafeBytes { try reader.read($0) { found.append($0) } }
            try reader.finish { found.append($0) }
            return found
        }
        let kept = try read(Array("id,skip,name\n1,Zoë,Ana\n2,\"x,y\",Ben\n3\n".utf8))
        #expect(kept.map(\.fields) == [["id", "skip", "name"], ["1", "", "Ana"], ["2", "", "Ben"], ["3"]])
        #expect(kept.map(\.line) == [1, 2, 3, 4])
        // A field the reader skips is still CSV and still UTF-8.
        #expect(throws: CSVSyntaxError(line: 2, field: 2, message: "This field is not UTF-8 text.")) {
            try read(Array("id,skip,name\n1,".utf8) + [0xFF] + Array(",Ana\n".utf8))
        }
        #expect(throws: CSVSyntaxError.self) { try read(Array("id,skip,name\n1,x\"y,Ana\n".utf8)) }
    }
}
