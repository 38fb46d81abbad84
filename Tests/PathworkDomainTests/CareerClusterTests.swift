import PathworkDomain
import Testing

@Suite struct CareerClusterTests {
    @Test func theOriginalFrameworkHasSixteenClustersAndSeventyNinePathways() {
        #expect(CareerClusters.original.count == 16)
        #expect(CareerClusters.original.reduce(0) { $0 + $1.pathways.count } == 79)
        // The seed article's titles, in its order.
        #expect(CareerClusters.original.map(\.title).first == "Agriculture, Food & Natural Resources")
        #expect(CareerClusters.original.contains { $0.title == "Marketing, Sales & Service" })
    }

    @Test func theModernizedFrameworkHasFourteenClusters() {
        #expect(CareerClusters.modernized.count == 14)
        #expect(CareerClusters.crossCutting.isSubset(of: Set(CareerClusters.modernized.map(\.code))))
        #expect(CareerClusters.modernized.first { $0.code == "DT" }?.pathways.map(\.title).contains("Network Systems & Cybersecurity") == true)
    }

    @Test func theModernizedFrameworkHasSeventyTwoSubClustersAndKeepsTheCodesAlreadyInUse() {
        #expect(CareerClusters.modernized.reduce(0) { $0 + $1.pathways.count } == 72)
        #expect(CareerClusters.modernized.allSatisfy { (4...6).contains($0.pathways.count) })
        let titles = CareerClusters.modernized.flatMap(\.pathways).map(\.title)
        #expect(Set(titles).count == 72)
        // DT.1–DT.5 and EN.1–EN.6 were listed first and districts placed teams on them.
        #expect(CareerClusters.pathway(code: "DT.3")?.1.title == "Network Systems & Cybersecurity")
        #expect(CareerClusters.pathway(code: "DT.5")?.1.title == "Web & Cloud")
        #expect(CareerClusters.pathway(code: "DT.6")?.1.title == "Unmanned Vehicle Technology")
        #expect(CareerClusters.pathway(code: "EN.4")?.1.title == "Environmental Protection")
        #expect(CareerClusters.pathway(code: "HC.6")?.0.title == "Healthcare & Human Services")
    }

    @Test func codesAreUniqueAndTheCrosswalkPointsAtRealClusters() {
        let all = CareerClusters.original + CareerClusters.modernized
        #expect(Set(all.map(\.code)).count == all.count)
        let pathways = all.flatMap(\.pathways).map(\.code)
        #expect(Set(pathways).count == pathways.count)
        let modern = Set(CareerClusters.modernized.map(\.code))
        #expect(Set(CareerClusters.crosswalk.keys) == Set(CareerClusters.original.map(\.code)))
        #expect(CareerClusters.crosswalk.values.allSatisfy { $0.allSatisfy(modern.contains) })
        // Every modern cluster received work from some original cluster.
        #expect(modern.allSatisfy { !CareerClusters.counterparts(of: $0).isEmpty })
        #expect(CareerClusters.counterparts(of: "PS") == ["GV", "LW"])
        #expect(CareerClusters.pathway(code: "IT.2")?.1.title == "Network Systems")
    }
}

@Suite struct OccupationTests {
    @Test func theStarterSetHasWellFormedCodesOnRealPathways() {
        #expect(Set(Occupation.starterSet.map(\.socCode)).count == Occupation.starterSet.count)
        for occupation in Occupation.starterSet {
            #expect(Occupation.isSOCCode(occupation.socCode), "\(occupation.socCode)")
            #expect(CareerClusters.pathway(code: occupation.pathwayCode) != nil, "\(occupation.pathwayCode)")
        }
    }

    @Test(arguments: [("15-1212", true), ("151212", false), ("15-121", false), ("1a-1212", false), ("15-12123", false)])
    func socCodes(_ code: String, _ valid: Bool) {
        #expect(Occupation.isSOCCode(code) == valid)
    }
}
