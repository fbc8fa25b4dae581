import Foundation

/// What `finetune --version` prints: the version, and the git commit when the binary was built
/// inside a checkout (`<checkout>/.build/…`), read from that checkout's `.git` at run time.
public enum FinetuneVersion {
    public static var text: String {
        guard let commit = currentCommit else { return RunResult.finetuneVersion }
        return "\(RunResult.finetuneVersion) (\(commit))"
    }

    /// The commit of the checkout this process's binary was built in; nil when installed.
    public static var currentCommit: String? {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return commit(ofCheckoutHolding: executable)
    }

    /// The commit `HEAD` names in the checkout whose `.build` folder holds `executable`; nil
    /// for an installed binary.
    public static func commit(ofCheckoutHolding executable: String) -> String? {
        guard let range = executable.range(of: "/.build/") else { return nil }
        var git = String(executable[..<range.lowerBound]) + "/.git"
        // A worktree's .git is a file naming its git folder.
        if let pointer = try? String(contentsOfFile: git, encoding: .utf8), pointer.hasPrefix("gitdir: ") {
            git = pointer.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let head = try? String(contentsOfFile: git + "/HEAD", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) else {
            return nil
        }
        guard head.hasPrefix("ref: ") else { return head.count >= 12 ? String(head.prefix(12)) : nil }
        let ref = String(head.dropFirst(5))
        if let loose = try? String(contentsOfFile: git + "/" + ref, encoding: .utf8) {
            return String(loose.trimmingCharacters(in: .whitespacesAndNewlines).prefix(12))
        }
        // A packed ref: "<hash> <ref>" lines.
        let packed = (try? String(contentsOfFile: git + "/packed-refs", encoding: .utf8)) ?? ""
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            return String(line.prefix(12))
        }
        return nil
    }
}
