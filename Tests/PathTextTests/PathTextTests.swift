import Foundation
import PathText
import Testing

struct PathTextTests {
    /// The same answers as Foundation's deletingLastPathComponent where that one does not crash,
    /// and an answer where it does (`r`, `r/`).
    @Test(arguments: [
        ("r", ""), ("r/", ""), ("ab", ""), ("a/b", "a"), ("a/bc", "a"), ("/r", "/"), ("./r", "."), ("", ""), ("/", "/"),
        ("results/x/runs/id", "results/x/runs"), ("a//b", "a"), ("/a/b/", "/a"), ("x.yaml", ""),
    ])
    func parent(path: String, expected: String) {
        #expect(PathText.parent(path) == expected)
        if path.split(separator: "/").last.map({ $0.count > 1 }) ?? true {
            #expect(PathText.parent(path) == (path as NSString).deletingLastPathComponent, "as Foundation answers")
        }
    }
}
