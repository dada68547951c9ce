/// Where the problems found reading a configuration file go: a run stops at the first (thrown as
/// before); `iomaudit validate` keeps them all, so a force fixes every mistake in one round.
public final class ConfigurationProblems {
    public private(set) var found: [Error] = []

    public init() {}

    /// Runs `body`; a problem it throws is kept and nil returned, so reading goes on with the next part.
    func attempt<T>(_ body: () throws -> T) -> T? {
        do { return try body() } catch {
            found.append(error)
            return nil
        }
    }

    func add(_ error: Error) { found.append(error) }
}

/// `body`'s result, or with `problems` given, nil and the problem kept.
func attempt<T>(_ problems: ConfigurationProblems?, _ body: () throws -> T) throws -> T? {
    guard let problems else { return try body() }
    return problems.attempt(body)
}
