import PathworkDomain
import Testing

@Suite("A OneRoster 1.0 student's grade from their classes")
struct ClassGradeTallyTests {
    @Test("the grade most classes are for; a class for two grades counts for both")
    func most() {
        var tally = ClassGradeTally()
        tally.add(user: 1, grades: [10])
        tally.add(user: 1, grades: [9, 10])
        tally.add(user: 1, grades: [9])
        tally.add(user: 1, grades: [10])
        #expect(tally.grade(of: 1) == 10)
    }

    @Test("a tie goes to the lower grade; a grade listed twice in one class counts once")
    func tie() {
        var tally = ClassGradeTally()
        tally.add(user: 1, grades: [11, 11])
        tally.add(user: 1, grades: [12])
        #expect(tally.grade(of: 1) == 11)
    }

    @Test("grades Pathwork does not serve give nothing; a user without classes has no grade")
    func outside() {
        var tally = ClassGradeTally()
        tally.add(user: 1, grades: [4, 5])
        tally.add(user: 2, grades: [5, 6])
        #expect(tally.grade(of: 1) == nil)
        #expect(tally.grade(of: 2) == 6)
        #expect(tally.grade(of: 3) == nil)
        #expect(ClassGradeTally.grades(["09", "KG", "10"]) == [9, 10])
    }

    @Test("counts stop at 255 rather than spilling into the next grade")
    func saturates() {
        var tally = ClassGradeTally()
        for _ in 0..<300 { tally.add(user: 1, grades: [6]) }
        tally.add(user: 1, grades: [7])
        #expect(tally.grade(of: 1) == 6)
        for _ in 0..<300 { tally.add(user: 1, grades: [7]) }
        #expect(tally.grade(of: 1) == 6)
    }
}
