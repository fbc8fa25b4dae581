import Foundation
import Testing
@testable import Datasets

@Test(.enabled(if: hasDigits, "digits asset not downloaded"))
func digitsLoadsAllImagesWithTheRightHistogram() throws {
    let digits = try Dataset.digits(assetsRoot: assetsRoot)
    #expect(digits.count == 1_797)
    #expect(digits.exampleShape == [1, 8, 8])
    #expect(digits.classNames == (0...9).map(String.init))
    // Ground truth: `cut -d, -f65 digits.csv | sort -n | uniq -c`.
    #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    guard case .dense(let pixels, _) = digits.features else { Issue.record("dense expected"); return }
    #expect(pixels.count == 1_797 * 64)
    #expect(pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    // First row starts 0,0,5,13,9,1 → /16.
    let firstRow: [Float] = [0, 0, 5, 13, 9, 1].map { $0 / 16 }
    #expect(Array(pixels.prefix(6)) == firstRow)
}

@Test func digitsMissingFileNamesThePath() {
    let error = #expect(throws: DatasetError.self) { try Dataset.digits(assetsRoot: "/nonexistent/assets") }
    #expect(error?.description == "/nonexistent/assets/digits/digits.csv: digits data not found")
}

@Test(arguments: [
    ("0,1,2\n", 1, "expected 65 comma-separated values (64 pixels, then the label), found 3"),
    (row(label: "3") + row(label: "x"), 2, "column 65: 'x' is not a whole number"),
    (row(label: "3") + "\n" + row(label: "12"), 3, "column 65: label 12 is outside 0...9"),
    (row(label: "3", pixel: "17"), 1, "column 1: pixel value 17 is outside 0...16"),
])
func digitsMalformedRowsNameTheLine(contents: String, line: Int, message: String) throws {
    let root = URL(fileURLWithPath: try temporaryFile("unused", "")).deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: root + "/digits", withIntermediateDirectories: true)
    try contents.write(toFile: root + "/digits/digits.csv", atomically: true, encoding: .utf8)
    let error = #expect(throws: DatasetError.self) { try Dataset.digits(assetsRoot: root) }
    #expect(error?.path == root + "/digits/digits.csv")
    #expect(error?.line == line)
    #expect(error?.message == message)
}

/// One digits row of 64 pixels and a label, with the first pixel replaceable.
private func row(label: String, pixel: String = "0") -> String {
    ([pixel] + Array(repeating: "1", count: 63) + [label]).joined(separator: ",") + "\n"
}
