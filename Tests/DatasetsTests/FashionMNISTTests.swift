import Foundation
import Testing
@testable import Datasets

let hasFashionMNIST = Dataset.FashionMNISTFile.allCases.allSatisfy {
    FileManager.default.fileExists(atPath: assetsRoot + "/fashion-mnist/" + $0.rawValue)
}

/// Fashion-MNIST from the asset cache, and the strict IDX reader under damaged files.
struct FashionMNISTTests {
    @Test(.enabled(if: hasFashionMNIST, "needs `finetune fetch fashion-mnist`"))
    func theShippedSetsAreReadWithTheirTestSetMarked() throws {
        let data = try Dataset.fashionMNIST(assetsRoot: assetsRoot)
        #expect(data.count == 70_000)
        #expect(data.shippedTest?.filter { $0 }.count == 10_000)
        #expect(data.shippedTest?.prefix(60_000).allSatisfy { !$0 } == true)
        #expect(data.classCounts == Array(repeating: 7_000, count: 10))
        #expect(data.exampleShape == [1, 28, 28])
        // Kept classes keep the marks of their photos.
        let shoes = try data.keepingClasses(["sandal", "sneaker", "ankle-boot"])
        #expect(shoes.count == 21_000 && shoes.shippedTest?.filter { $0 }.count == 3_000)
    }

    @Test(.enabled(if: hasFashionMNIST, "needs `finetune fetch fashion-mnist`"))
    func aSizeResizesEveryPhoto() throws {
        let data = try Dataset.fashionMNIST(assetsRoot: assetsRoot, sizing: ImageSizing(imageSize: 32, cropFraction: 1))
        guard case .images(let set) = data.features else { Issue.record("not images"); return }
        #expect(set.images.allSatisfy { $0.width == 32 && $0.height == 32 })
        #expect(data.exampleShape == [1, 32, 32])
    }

    /// Seeded damage to a valid IDX file: every outcome is a parsed file or a DatasetError
    /// naming the file, never a crash.
    @Test func damagedIDXFilesAreRefusedWithTheirPath() {
        var valid: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3]
        valid += (0..<18).map { UInt8($0 * 9) }
        #expect(throws: Never.self) { try IDXFile(valid, path: "x", dimensionCount: 3) }
        var rng = SeededGenerator(seed: 20)
        var refused = 0
        for _ in 0..<3000 {
            var bytes = valid
            switch rng.nextInt(below: 3) {
            case 0: bytes = Array(bytes.prefix(rng.nextInt(below: bytes.count)))
            case 1: bytes[rng.nextInt(below: 16)] = UInt8(truncatingIfNeeded: rng.next())
            default: bytes += Array(repeating: 1, count: rng.nextInt(in: 1...5))
            }
            do {
                let file = try IDXFile(bytes, path: "damaged.idx", dimensionCount: 3)
                #expect(file.values.count == file.dimensions.reduce(1, *))
            } catch {
                refused += 1
                #expect(error.path == "damaged.idx")
            }
        }
        #expect(refused > 1500)
    }
}
