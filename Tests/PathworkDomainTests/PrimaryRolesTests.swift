@testable import PathworkDomain
import Testing

@Suite("A user's role from roles.csv")
struct PrimaryRolesTests {
    @Test("the primary role wins wherever it comes; else the first given; users apart")
    func primaryThenFirst() {
        var roles = PrimaryRoles()
        roles.note(user: 1, role: "teacher", org: "s1", primary: false)
        roles.note(user: 1, role: "counselor", org: "s2", primary: false)
        roles.note(user: 1, role: "principal", org: "s3", primary: true)
        roles.note(user: 1, role: "aide", org: "s1", primary: true)
        roles.note(user: 2, role: "teacher", org: "s2", primary: false)
        roles.note(user: 2, role: "aide", org: "s1", primary: false)
        #expect(roles[1]! == ("principal", "s3"))
        #expect(roles[2]! == ("teacher", "s2"))
        #expect(roles[3] == nil)
    }
}
