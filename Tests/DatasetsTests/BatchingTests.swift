import Testing
@testable import Datasets

@Test func epochBatchesCoverEveryIndexOnceWithoutDroppingTheRemainder() {
    let indices = Array(100..<170)
    let batches = Batching.epochBatches(indices, batchSize: 32, seed: 1, epoch: 0)
    #expect(batches.map(\.count) == [32, 32, 6])
    #expect(batches.flatMap { $0 }.sorted() == indices)
    #expect(batches.flatMap { $0 } != indices, "shuffled")
}

@Test func epochBatchesAreSeededPerEpoch() {
    let indices = Array(0..<50)
    let epoch3 = Batching.epochBatches(indices, batchSize: 8, seed: 5, epoch: 3)
    #expect(Batching.epochBatches(indices, batchSize: 8, seed: 5, epoch: 3) == epoch3)
    #expect(Batching.epochBatches(indices, batchSize: 8, seed: 5, epoch: 4) != epoch3)
    #expect(Batching.epochBatches(indices, batchSize: 8, seed: 6, epoch: 3) != epoch3)
}

@Test func smallInputsGiveOneOrNoBatches() {
    #expect(Batching.epochBatches([7, 8], batchSize: 32, seed: 1, epoch: 0).map { $0.sorted() } == [[7, 8]])
    #expect(Batching.epochBatches([], batchSize: 4, seed: 1, epoch: 0).isEmpty)
}
