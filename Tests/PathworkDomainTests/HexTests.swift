import PathworkDomain
import Testing

@Suite struct HexTests {
    @Test func lowercaseHexMatchesPrintf() {
        let bytes: [UInt8] = [0, 1, 15, 16, 127, 128, 254, 255]
        #expect(bytes.lowercaseHex == "00010f107f80feff")
        #expect(bytes.lowercaseHex == bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined())
        #expect([UInt8]().lowercaseHex == "")
    }
}
