import PathworkDomain
import Testing

@Suite struct InterestInventoryTests {
    static func answers(_ byType: [InterestType: InterestInventory.Answer]) -> [String: InterestInventory.Answer] {
        Dictionary(uniqueKeysWithValues: InterestInventory.items.map { ($0.id, byType[$0.type] ?? .notForMe) })
    }

    @Test func thirtySixItemsSixPerTypeWithUniqueIds() {
        #expect(InterestInventory.items.count == 36)
        #expect(Set(InterestInventory.items.map(\.id)).count == 36)
        for type in InterestType.allCases { #expect(InterestInventory.items.filter { $0.type == type }.count == 6) }
        #expect(InterestInventory.maximumScore == 12)
    }

    @Test func scoresSumTheAnswersOfEachType() {
        var answers = Self.answers([.investigative: .soundsFun, .realistic: .maybe, .conventional: .maybe])
        answers["C1"] = .soundsFun   // C: five maybes and one "sounds fun" = 7
        let profile = InterestInventory.score(answers)
        #expect(profile.scores == [.realistic: 6, .investigative: 12, .artistic: 0, .social: 0, .enterprising: 0, .conventional: 7])
        #expect(profile.code == "ICR")
    }

    @Test func tiesGoInRIASECOrderSoTheCodeIsStable() {
        let profile = InterestInventory.score(Self.answers([.social: .maybe, .artistic: .maybe, .enterprising: .maybe]))
        #expect(profile.code == "ASE")
        #expect(InterestInventory.score(Self.answers([:])).code == "RIA")
    }

    @Test func unansweredItemsAreNamed() {
        var answers = Self.answers([:])
        answers["S3"] = nil
        answers["R1"] = nil
        #expect(InterestInventory.unanswered(answers) == ["R1", "S3"])
    }

    @Test func suggestionsRankClustersByWeightedInterests() {
        // I=12, C=7, R=6: IT is I,C,R → 3·12 + 2·7 + 6 = 56; ST is I,R,A → 36 + 12 + 0 = 48;
        // MN is R,C,I → 18 + 14 + 12 = 44; AG is R,I,E → 18 + 24 + 0 = 42 and HS is I,S,R → 36 + 0 + 6 = 42,
        // a tie that AG wins by coming first in the framework.
        var answers = Self.answers([.investigative: .soundsFun, .realistic: .maybe, .conventional: .maybe])
        answers["C1"] = .soundsFun
        let suggestions = InterestInventory.suggestions(for: InterestInventory.score(answers), limit: 4)
        #expect(suggestions.map(\.clusterCode) == ["IT", "ST", "MN", "AG"])
        #expect(suggestions.map(\.score) == [56, 48, 44, 42])
        #expect(suggestions[0].why.contains("Investigative (12 of 12)"))
        #expect(suggestions[0].why.contains("Conventional (7 of 12)"))
    }

    @Test func everyOriginalClusterHasThreeDistinctInterests() {
        for cluster in CareerClusters.original {
            let interests = InterestInventory.clusterInterests[cluster.code] ?? []
            #expect(interests.count == 3 && Set(interests).count == 3, "\(cluster.code)")
        }
    }
}
