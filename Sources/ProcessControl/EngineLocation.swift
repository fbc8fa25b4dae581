import Foundation
import PathText

/// Where the engine binary is. `finetune` itself never loads libtorch (so `validate`, `plan`,
/// `report` and a sweep's submission start in milliseconds); the commands that train or
/// predict run `finetune-engine`, installed beside it.
public enum EngineLocation {
    public static let name = "finetune-engine"
    /// Set to use another engine binary (tests, unusual installs).
    public static let variable = "FINETUNE_ENGINE"

    /// `$FINETUNE_ENGINE`, else `finetune-engine` in the folder of the running executable
    /// (symbolic links resolved, so a link to an installed `finetune` finds its engine).
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment[variable], !explicit.isEmpty { return explicit }
        return (executableFolder as NSString).appendingPathComponent(name)
    }

    /// The running executable's path with links resolved.
    public static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static var executableFolder: String { PathText.parent(executable) }

    /// The engine's path, or an error a user can act on when it is not there.
    public static func require(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let path = path(environment: environment)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ProcessError("the engine \(path) is missing or not executable; it is built and installed with finetune (`swift build`, `make install`), or set \(variable) to its path")
        }
        return path
    }

    /// Replaces this process with the engine, passing `arguments` (the engine's argv[1...]).
    /// Returns only when it cannot.
    public static func exec(arguments: [String]) -> ProcessError {
        let path: String
        do { path = try require() } catch let error as ProcessError { return error } catch { return ProcessError("\(error)") }
        let argv = (["finetune"] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        return ProcessError("cannot start the engine \(path): \(String(cString: strerror(errno)))")
    }
}
