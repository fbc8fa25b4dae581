/// The [N, C, H, W] layout of a batch of images.
struct ImageGeometry {
    let count: Int
    let channels: Int
    let height: Int
    let width: Int

    init(shape: [Int], valueCount: Int) {
        precondition(shape.count == 4, "image augmentation expects shape [N, C, H, W], got \(shape)")
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == valueCount,
                     "shape \(shape) does not match \(valueCount) values")
        (count, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
    }

    var exampleSize: Int { channels * height * width }

    func range(of example: Int) -> Range<Int> {
        (example * exampleSize)..<((example + 1) * exampleSize)
    }
}
