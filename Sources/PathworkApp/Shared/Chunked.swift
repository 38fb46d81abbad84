extension Array {
    /// Consecutive slices of at most `size` elements: bulk statements stay within both engines'
    /// limits on bound values.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
