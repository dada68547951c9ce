import Foundation

/// SIGTERM, SIGINT and SIGHUP end a run cleanly: the private folder it was building (names and dates of
/// birth in its store) is removed on the way out, the log says which signal, and the exit status is the
/// shell's 128 + signal (143, 130, 129). SIGPIPE is ignored: a closed standard error (cron's mailer gone)
/// never stops a run; the log line is simply lost.
public enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: Set<String> = []
    nonisolated(unsafe) private static var log: RunLog?
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let queue = DispatchQueue(label: "iomaudit.interruption")

    /// Installs the handlers once per process.
    public static func install() {
        signal(SIGPIPE, SIG_IGN)
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for (sig, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT"), (SIGHUP, "SIGHUP")] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { stop(sig, name) }
            source.resume()
            sources.append(source)
        }
    }

    /// A folder to remove if the process is interrupted, and the log to say so in.
    static func guardFolder(_ path: String, log: RunLog) {
        lock.lock(); defer { lock.unlock() }
        folders.insert(path)
        Interruption.log = log
    }

    static func releaseFolder(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        folders.remove(path)
    }

    private static func stop(_ sig: Int32, _ name: String) {
        lock.lock()
        let paths = folders, log = Interruption.log
        lock.unlock()
        log?.error("run", "interrupted by \(name): the run's private folder removed, nothing published by this run", ["signal": name])
        for path in paths {
            // The run may still be writing into it: try a few times.
            for _ in 0..<5 where FileManager.default.fileExists(atPath: path) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        _exit(128 + sig)
    }
}
