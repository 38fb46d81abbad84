/// An enumeration read from outside (an API body, a stored row) whose refusal names what it
/// accepts: decoding an unknown value says "Choose one of: …", which the API turns into a 422
/// naming the field, instead of the standard library's "Cannot initialize … from invalid String".
public protocol ChoiceCodable: RawRepresentable, CaseIterable, Codable where RawValue == String {}

extension ChoiceCodable {
    public static var choices: [String] { allCases.map(\.rawValue) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Choose one of: \(Self.choices.joined(separator: ", ")).")
        }
        self = value
    }
}
