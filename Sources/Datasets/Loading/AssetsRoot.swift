/// Where the downloaded assets (digits, VADER, MiniLM) live.
public enum AssetsRoot {
    /// The environment variable that overrides the default location.
    public static let environmentVariable = "FINETUNE_ASSETS"

    /// `$FINETUNE_ASSETS` when set and non-empty, else `<currentDirectory>/.cache/assets`.
    /// Pure (environment and folder are passed in) so the rule is testable; loaders take
    /// the result as their `assetsRoot` and never read the environment themselves.
    public static func resolve(environment: [String: String], currentDirectory: String) -> String {
        if let root = environment[environmentVariable], !root.isEmpty { return root }
        return currentDirectory.hasSuffix("/") ? currentDirectory + ".cache/assets" : currentDirectory + "/.cache/assets"
    }
}
