import Testing
@testable import IOMAudit

/// Every subcommand `--help` lists can be run and answers its own `--help` with its usage.
@Suite struct CommandLineTests {
    @Test func everyListedSubcommandRunsAndHasItsHelp() {
        for c in IOMAuditCommand.subcommands where c.name != "help" {
            #expect(IOMAuditCommand.runner(c.name) != nil, "\(c.name) has an entry point")
            var text = ""
            #expect(IOMAuditCommand.main(arguments: [c.name, "--help"]) { text += $0 } == 0)
            #expect(text.hasPrefix("USAGE: \(c.usage)"), "\(c.name)")
        }
        #expect(IOMAuditCommand.runner("nope") == nil)
    }
}
