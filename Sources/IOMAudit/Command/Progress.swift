import Foundation

/// On a terminal, the stage under way in place on standard error, twice a second: work done of the
/// work expected, rows, rows per second and the time left (`StageProgress`). Nothing when standard
/// error is not a terminal: a scheduler's log gets the progress lines of the run log instead.
enum Progress {
    static let enabled = isatty(STDERR_FILENO) == 1
    private static let queue = DispatchQueue(label: "iomaudit.progress")
    nonisolated(unsafe) private static var timer: DispatchSourceTimer?

    static func watch(_ progress: StageProgress) {
        guard enabled else { return }
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
        t.setEventHandler {
            let s = progress.snapshot()
            guard !s.stage.isEmpty else { return }
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + s.line).utf8))
        }
        queue.sync { timer = t }
        t.resume()
    }

    static func done() {
        guard enabled else { return }
        queue.sync {
            timer?.cancel()
            timer = nil
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}
