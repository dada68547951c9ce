/// The six systems whose extracts the product reads.
public enum SourceSystem: String, CaseIterable, Codable, Sendable, Comparable {
    case pnc, niche, micase, jtrack, cozart, prison

    public var displayName: String {
        switch self {
        case .pnc: return "PNC"
        case .niche: return "Niche"
        case .micase: return "MiCase"
        case .jtrack: return "JTrack"
        case .cozart: return "Cozart"
        case .prison: return "Prison releases"
        }
    }

    public static func < (a: SourceSystem, b: SourceSystem) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
