import Foundation

/// Deterministic faults for the sweep's tests, from the environment: a chosen run kills
/// itself, or waits forever, at the start of a chosen epoch — so a test of "a child that
/// crashes" or "Ctrl-C while runs train" never depends on how fast a run happens to be.
///
/// `FINETUNE_FAULT=kill:seed=2:1` — the run named (or with the id) `seed=2` sends itself
/// SIGKILL before epoch 1. `FINETUNE_FAULT=pause:*:2` — every run prints
/// `paused before epoch 2 (FINETUNE_FAULT)` to its log, then sleeps until it is signalled.
/// `FINETUNE_FAULT=hold:seed=2:1` with `FINETUNE_FAULT_GATE=FILE` — the run prints `held before
/// epoch 1`, waits until FILE exists, then goes on. Unset (always, outside tests), it does nothing.
public struct FaultHook: Sendable, Equatable {
    public enum Action: String, Sendable { case kill, pause, hold }

    public static let variable = "FINETUNE_FAULT"
    /// The file a `hold` waits for.
    public static let gateVariable = "FINETUNE_FAULT_GATE"

    public let action: Action
    /// A run id, a run name, or `*` for every run.
    public let run: String
    /// 1-based.
    public let epoch: Int
    /// For `hold`: the file whose appearance releases the run.
    public var gate: String?

    /// The hook of `FINETUNE_FAULT` for the run `id` named `name`, or nil.
    public static func from(environment: [String: String], id: String, name: String) -> FaultHook? {
        guard let spec = environment[variable], !spec.isEmpty else { return nil }
        // ACTION:RUN:EPOCH, split at the first and last ':' so a run name may contain one.
        guard let first = spec.firstIndex(of: ":"), let last = spec.lastIndex(of: ":"), first < last,
              let action = Action(rawValue: String(spec[..<first])),
              let epoch = Int(spec[spec.index(after: last)...]) else { return nil }
        let run = String(spec[spec.index(after: first)..<last])
        guard run == "*" || run == id || run == name else { return nil }
        return FaultHook(action: action, run: run, epoch: epoch, gate: environment[gateVariable])
    }

    /// Acts when `epoch` (1-based) is the hook's epoch.
    func fire(before epoch: Int, log: (String) -> Void) {
        guard epoch == self.epoch else { return }
        switch action {
        case .kill:
            fflush(nil)
            kill(getpid(), SIGKILL)
        case .pause:
            log("paused before epoch \(epoch) (\(Self.variable))")
            fflush(nil)
            while true { pause() }
        case .hold:
            log("held before epoch \(epoch) (\(Self.variable))")
            fflush(nil)
            while !FileManager.default.fileExists(atPath: gate ?? "/") { usleep(20_000) }
        }
    }
}
