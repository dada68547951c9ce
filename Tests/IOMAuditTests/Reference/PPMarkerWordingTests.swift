import Testing
@testable import IOMAudit

@Suite("Reference: PP marker wording")
struct ReferencePPMarkerWordingTests {
    let wording: PPMarkerWording

    init() throws { wording = try ReferenceSeeds.load().markerWording }

    static let ppo = PPMarkerReading.marker(cohort: .ppo, active: true, standardWording: true)
    static let iom = PPMarkerReading.marker(cohort: .iom, active: true, standardWording: true)
    static let removed = PPMarkerReading.marker(cohort: nil, active: false, standardWording: true)
    static let dereg = PPMarkerReading.marker(cohort: nil, active: false, standardWording: true)

    @Test(arguments: [
        // Agreed wordings, with contact details.
        ("Prolific Offender - PPO Premium Service Required. Contact DS Smith, Leeds DOMU 0113 000000", ppo),
        ("Prolific Offender - IOM Contact PC Jones, Bradford HUB", iom),
        ("Prolific Offender - REMOVED", removed),
        ("Prolific Offender - DEREGISTERED. No Premium Service Required. Contact Leeds DOMU", dereg),
        // Upper case, other dashes, spacing, no contact details.
        ("PROLIFIC OFFENDER - PPO PREMIUM SERVICE REQUIRED. CONTACT DOMU", ppo),
        ("Prolific Offender – PPO Premium Service Required.", ppo),
        ("Prolific Offender — PPO Premium Service Required", ppo),
        ("prolific offender-ppo premium service required. contact", ppo),
        ("  Prolific  Offender -  IOM  ", iom),
        ("PROLIFIC OFFENDER – IOM CONTACT", iom),
        ("Prolific Offender – IOM Contact: DC Brown 01924 000000", iom),
        ("PROLIFIC OFFENDER - REMOVED.", removed),
        ("prolific offender – removed", removed),
        ("PROLIFIC OFFENDER – DEREGISTERED. NO PREMIUM SERVICE REQUIRED.", dereg),
        ("Prolific Offender - DEREGISTERED No Premium Service Required Contact", dereg),
    ])
    func standardWordings(text: String, expected: PPMarkerReading) {
        #expect(wording.read(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("PROLIFIC OFFENDER PPO", PPMarkerReading.marker(cohort: .ppo, active: true, standardWording: false)),
        ("Prolific Offender - PPO", .marker(cohort: .ppo, active: true, standardWording: false)),
        ("Prolific Offender - PPO Premuim Service Required. Contact DOMU", .marker(cohort: .ppo, active: true, standardWording: false)),
        ("Prolific Offender PPO Premium Service Required. Contact DOMU", .marker(cohort: .ppo, active: true, standardWording: false)),
        ("Prolific Offenders - PPO Premium Service Required", .marker(cohort: .ppo, active: true, standardWording: false)),
        ("Prolific Offender - PPO - Premium Service Required", .marker(cohort: .ppo, active: true, standardWording: false)),
        ("Prolific Offender - IOM Cohort. Contact DOMU", .marker(cohort: .iom, active: true, standardWording: false)),
        ("Prolific Offender: IOM Contact DOMU", .marker(cohort: .iom, active: true, standardWording: false)),
        ("Prolific Offender - IOM Premium Service Required", .marker(cohort: .iom, active: true, standardWording: false)),
        ("Prolific Offender - REMOVED 01/02/2020", .marker(cohort: nil, active: false, standardWording: false)),
        ("Prolific Offender - PPO REMOVED", .marker(cohort: nil, active: false, standardWording: false)),
        ("Prolific Offender - DEREGISTERED", .marker(cohort: nil, active: false, standardWording: false)),
        ("Prolific Offender - De-registered. Contact DOMU", .marker(cohort: nil, active: false, standardWording: false)),
        ("Prolific Offender - PPO Premium Service Required. DEREGISTERED", .marker(cohort: nil, active: false, standardWording: false)),
        ("Prolific Offender - PPO/IOM", .marker(cohort: nil, active: true, standardWording: false)),
        ("Prolific Offender", .marker(cohort: nil, active: true, standardWording: false)),
    ])
    func nonStandardWordings(text: String, expected: PPMarkerReading) {
        #expect(wording.read(text) == expected, "\(text)")
    }

    @Test func contactDetailsDoNotChangeTheReading() {
        #expect(wording.read("Prolific Offender - IOM Contact DC Removed-Smith") == Self.iom)
        #expect(wording.read("Prolific Offender - PPO Premium Service Required. Contact IOM team") == Self.ppo)
    }

    @Test(arguments: ["", "   ", "Violent - carries knives", "Offender - Prolific", "PPO", "Drugs - Class A supplier",
                      "Prolific burglar"])
    func notPPMarkers(text: String) {
        #expect(wording.read(text) == .notPPMarker, "\(text)")
    }

    @Test func normalForm() {
        #expect(PPMarkerWording.normalise("Prolific Offender – DEREGISTERED. No Premium") == "PROLIFIC OFFENDER DEREGISTERED NO PREMIUM")
    }
}
