/// A command-line refusal: printed as it is, naming the flag at fault, and the command exits
/// non-zero. Every feature's commands use it, so it lives here.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
