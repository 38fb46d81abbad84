/// White space trimmed scalar by scalar (Unicode's White_Space: what Foundation's
/// `whitespacesAndNewlines` holds). Foundation trims through NSString, which was a measurable
/// share of reading a million roster users, whose emails and lists are all trimmed.
extension StringProtocol {
    var trimmingWhitespace: String {
        // Most values begin and end with a visible ASCII character: nothing to trim, and no
        // Unicode property to look up (a sixth of reading a million-line student file).
        // `String(self)` (the string itself, for a String), never `Substring(self)`: in this
        // generic extension that is the initializer from any sequence of characters, which
        // appended a field's characters one by one (a tenth of reading a StudentTracker file).
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return text }
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
