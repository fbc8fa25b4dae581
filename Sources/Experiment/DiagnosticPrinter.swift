import Foundation

/// Writes diagnostics as `file:line:column: error: message`, coloured only on a terminal.
public struct DiagnosticPrinter {
    public var colour: Bool

    public init(colour: Bool = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil) {
        self.colour = colour
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        guard colour else { return diagnostic.description }
        let code = switch diagnostic.severity {
        case .error: "31"
        case .warning: "33"
        case .note: "36"
        }
        return diagnostic.description
            .replacingOccurrences(of: ": \(diagnostic.severity.rawValue): ", with: ": \u{1B}[1;\(code)m\(diagnostic.severity.rawValue)\u{1B}[0m: ")
    }

    public func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((render(diagnostic) + "\n").utf8))
        }
    }
}
