import Testing
@testable import Datasets

@Test func subsetGathersDenseExamplesInOrder() {
    let data = Dataset(name: "t", features: .dense([0, 1, 10, 11, 20, 21], shape: [2]),
                       targets: .classes([0, 1, 0], names: ["a", "b"]))
    let picked = data.subset([2, 0, 2])
    #expect(picked.count == 3)
    #expect(picked.features == .dense([20, 21, 0, 1, 20, 21], shape: [2]))
    #expect(picked.labels == [0, 0, 0])
    #expect(picked.classNames == ["a", "b"])
}

@Test func subsetOfTextRegression() {
    let data = Dataset(name: "t", features: .text(["x", "y", "z"]), targets: .values([1, 2, 3]))
    let picked = data.subset([1])
    #expect(picked.features == .text(["y"]))
    #expect(picked.targets == .values([2]))
    #expect(picked.classCounts == nil)
}

@Test func keepingClassesRemapsInTheGivenOrder() throws {
    let data = Dataset(name: "digits", features: .dense([0, 1, 2, 3, 4, 5], shape: [1]),
                       targets: .classes([0, 5, 6, 9, 5, 1], names: (0...9).map(String.init)))
    let kept = try data.keepingClasses(["9", "5", "6"])
    #expect(kept.classNames == ["9", "5", "6"])
    #expect(kept.labels == [1, 2, 0, 1])
    #expect(kept.features == .dense([1, 2, 3, 4], shape: [1]))
}

@Test(arguments: [
    (["5", "eleven"], "digits has no class 'eleven' (classes: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)"),
    (["5", "5"], "class '5' is listed more than once"),
    ([], "the list of classes to keep is empty"),
])
func keepingClassesRejectsBadLists(classes: [String], message: String) {
    let data = Dataset(name: "digits", features: .dense([0], shape: [1]), targets: .classes([3], names: (0...9).map(String.init)))
    let error = #expect(throws: DatasetError.self) { try data.keepingClasses(classes) }
    #expect(error?.message == message)
}

@Test func keepingClassesSuggestsCloseName() {
    let data = Dataset(name: "s", features: .text(["a"]), targets: .classes([0], names: ["negative", "positive"]))
    let error = #expect(throws: DatasetError.self) { try data.keepingClasses(["postive"]) }
    #expect(error?.suggestion == "positive")
    #expect(error?.description.hasSuffix("; did you mean 'positive'?") == true)
}

/// One machine-wide cache whatever the current folder: $FINETUNE_ASSETS, else
/// $XDG_CACHE_HOME/finetune, else ~/.cache/finetune (empty values count as unset).
@Test(arguments: [
    ([AssetsRoot.environmentVariable: "/data/assets", "XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"], "/data/assets"),
    ([AssetsRoot.environmentVariable: "", "XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"], "/xdg/finetune"),
    (["XDG_CACHE_HOME": "/xdg/", "HOME": "/home/u"], "/xdg/finetune"),
    (["XDG_CACHE_HOME": "", "HOME": "/home/u"], "/home/u/.cache/finetune"),
    (["HOME": "/home/u"], "/home/u/.cache/finetune"),
])
func assetsRootIsMachineWide(environment: [String: String], expected: String) {
    #expect(AssetsRoot.resolve(environment: environment) == expected)
}
