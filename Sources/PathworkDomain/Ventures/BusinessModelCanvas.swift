import Foundation

/// The blocks of a Lean business model canvas, in the order the canvas is read: what a
/// venture believes about its problem, customers and money, kept version by version so its
/// history shows how the team's thinking changed (seed 002: "identifying an actual problem,
/// then develops a solution and business model").
public enum CanvasBlock: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case problem, customerSegments, valueProposition, solution, channels, revenue, costs, keyMetrics, unfairAdvantage

    public var title: String {
        switch self {
        case .problem: "Problem"
        case .customerSegments: "Customer segments"
        case .valueProposition: "Value proposition"
        case .solution: "Solution"
        case .channels: "Channels"
        case .revenue: "Revenue streams"
        case .costs: "Cost structure"
        case .keyMetrics: "Key metrics"
        case .unfairAdvantage: "Unfair advantage"
        }
    }

    public var prompt: String {
        switch self {
        case .problem: "The top problems, and how people solve them today."
        case .customerSegments: "Who has the problem; who will use it first."
        case .valueProposition: "Why it is different and worth it, in one sentence."
        case .solution: "The simplest thing that solves the top problems."
        case .channels: "How customers will find and get it."
        case .revenue: "Who pays, how much, how often."
        case .costs: "What it costs to make, deliver and run."
        case .keyMetrics: "The few numbers that say it is working."
        case .unfairAdvantage: "What cannot easily be copied or bought."
        }
    }
}

/// One saved version of a canvas: every block's text.
public struct BusinessModelCanvas: Codable, Equatable, Sendable {
    public var blocks: [CanvasBlock: String]

    public init(blocks: [CanvasBlock: String] = [:]) {
        self.blocks = blocks.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.value.isEmpty }
    }

    public subscript(block: CanvasBlock) -> String { blocks[block] ?? "" }

    public static let maximumBlockLength = 2000

    /// What keeps a version from being saved, each naming its block.
    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if blocks.isEmpty { problems.append(("blocks", "Write at least one block of the canvas.")) }
        for block in CanvasBlock.allCases where self[block].count > Self.maximumBlockLength {
            problems.append(("blocks.\(block.rawValue)", "Keep \(block.title.lowercased()) under \(Self.maximumBlockLength) characters."))
        }
        return problems
    }

    /// The blocks that differ from `earlier`, in canvas order, each with its lines taken out
    /// and put in: what two versions shown side by side highlight.
    public func changes(since earlier: BusinessModelCanvas) -> [CanvasChange] {
        CanvasBlock.allCases.compactMap { block in
            let before = earlier[block], after = self[block]
            guard before != after else { return nil }
            let old = CanvasChange.lines(before), new = CanvasChange.lines(after)
            let kind: CanvasChange.Kind = before.isEmpty ? .added : after.isEmpty ? .removed : .changed
            return CanvasChange(block: block, kind: kind, removedLines: old.filter { !new.contains($0) }, addedLines: new.filter { !old.contains($0) })
        }
    }
}

public struct CanvasChange: Equatable, Sendable {
    public enum Kind: String, Sendable { case added, removed, changed }
    public let block: CanvasBlock
    public let kind: Kind
    public let removedLines: [String]
    public let addedLines: [String]

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
