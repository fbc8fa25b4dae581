import CProcessControl
import Foundation

/// Ties a `finetune run` child's life to the sweep that started it.
///
/// The sweep sets ``variable`` to its pid in the child's environment; the child asks the
/// kernel for SIGKILL when its parent dies (Linux PR_SET_PDEATHSIG). Checking that the
/// parent is still that pid after asking closes the race of a sweep killed between spawn
/// and the request. Without the variable (a user running `finetune run` by hand) nothing
/// changes.
public enum ParentWatch {
    public static let variable = "FINETUNE_PARENT_PID"

    public static func attachIfRequested(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let text = environment[variable], let parent = pid_t(text) else { return }
        if finetune_die_with_parent(SIGKILL, parent) == 1 {
            // The sweep is already gone: nobody would record this run; it will be re-run.
            exit(137)
        }
    }
}
