/// How findings name a record to a data manager: "Niche nominal N10004046", "MiCase case MC100252".
enum RecordLabel {
    static func noun(_ system: SourceSystem) -> String {
        switch system {
        case .pnc: return "PNC nominal"
        case .niche: return "Niche nominal"
        case .micase: return "MiCase case"
        case .jtrack: return "JTrack record"
        case .cozart: return "Cozart test"
        case .prison: return "prison record"
        }
    }

    static func of(_ identity: RecordIdentity) -> String { noun(identity.system) + " " + identity.recordID }

    /// For a `system:id` key; the key itself when the system is not known.
    static func of(key: String) -> String {
        guard let colon = key.firstIndex(of: ":"), let system = SourceSystem(rawValue: String(key[..<colon])) else { return key }
        return noun(system) + " " + key[key.index(after: colon)...]
    }

    static func system(ofKey key: String) -> SourceSystem? {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        return SourceSystem(rawValue: String(key[..<colon]))
    }
}
