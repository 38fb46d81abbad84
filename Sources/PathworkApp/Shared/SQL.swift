import FluentKit
import SQLKit
import Vapor

extension Database {
    /// The SQL side of a Fluent database, for queries Fluent cannot say or says slowly. Both
    /// engines Pathwork runs on are SQL databases; anything else is a server fault, reported
    /// as a 500 rather than a crash.
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            throw Abort(.internalServerError, reason: "The database does not speak SQL.")
        }
        return sql
    }
}
