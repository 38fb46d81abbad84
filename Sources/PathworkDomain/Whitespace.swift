/// White space trimmed scalar by scalar (Unicode's White_Space: what Foundation's
/// `whitespacesAndNewlines` holds). Foundation trims through NSString, which was a measurable
/// share of reading a million roster users, whose emails and lists are all trimmed.
extension StringProtocol {
    var trimmingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
