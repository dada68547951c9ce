import Foundation
import IOMAudit

/// Runs the built `iomaudit` binary, as the scheduler would.
enum Binary {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("package root not found")
    }()

    /// The binary sits beside the test bundle in the build folder.
    static var path: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" || dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("iomaudit").path
    }

    struct Result { let status: Int32; let stdout: String; let stderr: String }

    /// `environment`: added to this process's (for example `IOMAUDIT_FAULT`).
    static func run(_ args: [String], in directory: String = repoRoot, environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDirectory() -> String {
        let dir = NSTemporaryDirectory() + "iomaudit-e2e-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Rows of a small CSV with no quoted commas (the truth files), header dropped.
    static func csvRows(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            var fields: [String] = [], cur = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == ",", !quoted { fields.append(cur); cur = "" } else { cur.append(ch) }
            }
            fields.append(cur)
            return fields
        }
    }
}

// MARK: processes that run in the background (kill and lock tests)

extension Binary {
    /// Starts the binary without waiting; its output goes to /dev/null.
    static func start(_ args: [String], in directory: String = repoRoot) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Polls `condition` every millisecond until it holds (true) or `timeout` seconds pass (false).
    static func waitFor(timeout: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    /// Names in `directory`, or none when it does not exist.
    /// A fresh folder holding a copy of the shipped extracts to edit (`input`) and an output folder beside it.
    static func samplesToEdit() throws -> (input: String, out: String) {
        let root = tempDirectory()
        let input = root + "/in", out = root + "/out"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let samples = repoRoot + "/Samples"
        for f in try FileManager.default.contentsOfDirectory(atPath: samples) where f.hasSuffix(".csv") || f.hasSuffix(".xml") {
            try FileManager.default.copyItem(atPath: samples + "/" + f, toPath: input + "/" + f)
        }
        return (input, out)
    }

    static func entries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// `cp -a`: a copy of an output folder that keeps the `current` symlink a symlink.
    static func copyTree(_ from: String, to: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/cp")
        p.arguments = ["-a", from, to]
        try p.run()
        p.waitUntilExit()
        precondition(p.terminationStatus == 0, "cp -a \(from) \(to) failed")
    }

    /// Every entry under `directory` (relative path → kind, size, modification time and, for files, the
    /// bytes), without following symlinks: equal snapshots mean nothing was changed.
    static func snapshot(_ directory: String) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ relative: String) {
            let full = relative.isEmpty ? directory : directory + "/" + relative
            var st = stat()
            guard lstat(full, &st) == 0 else { return }
            let kind = st.st_mode & S_IFMT
            var entry = "mode=\(String(st.st_mode, radix: 8)) size=\(st.st_size) mtime=\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
            if kind == S_IFLNK { entry += " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?") }
            if kind == S_IFREG, let digest = try? SHA256.hexDigest(fileAt: full) { entry += " sha256=" + digest }
            out[relative.isEmpty ? "." : relative] = entry
            if kind == S_IFDIR {
                for name in entries(full) { walk(relative.isEmpty ? name : relative + "/" + name) }
            }
        }
        walk("")
        return out
    }
}
