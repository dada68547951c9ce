import Testing
@testable import IOMAudit
@Test func systemsAreSix() { #expect(SourceSystem.allCases.count == 6) }
