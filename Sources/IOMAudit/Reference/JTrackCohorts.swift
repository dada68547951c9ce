/// Which cohorts JTrack is expected to track (seed `jtrack_cohorts.csv`; default PPO and DYO).
public struct JTrackCohorts: Hashable, Sendable {
    public let tracked: Set<CohortType>

    public init(tracked: Set<CohortType>) {
        self.tracked = tracked
    }

    public static let `default` = JTrackCohorts(tracked: [.ppo, .dyo])

    public func isTracked(_ cohort: CohortType) -> Bool {
        tracked.contains(cohort)
    }
}
