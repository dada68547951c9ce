/// Link scores as reports show them: two decimals, no Foundation.
enum Score {
    static func text(_ v: Double) -> String {
        let hundredths = Int((v * 100).rounded())
        let frac = abs(hundredths) % 100
        return (hundredths < 0 ? "-" : "") + String(abs(hundredths) / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
    }
}
