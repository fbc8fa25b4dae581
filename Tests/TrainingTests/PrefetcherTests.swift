import Testing
@testable import Datasets
@testable import Training

/// Batches made ahead on a thread are the batches made in order without it.
struct PrefetcherTests {
    @Test func itemsComeInOrderAndDrawFromTheGeneratorInOrder() throws {
        let rng = UnsafeMutablePointer<SeededGenerator>.allocate(capacity: 1)
        defer { rng.deallocate() }
        rng.initialize(to: SeededGenerator(seed: 5))
        let prefetch = Prefetcher(count: 50) { index in (index, rng.pointee.next()) }
        var taken: [(Int, UInt64)] = []
        for _ in 0..<50 { taken.append(try prefetch.take()) }
        var alone = SeededGenerator(seed: 5)
        #expect(taken.map(\.0) == Array(0..<50))
        #expect(taken.map(\.1) == (0..<50).map { _ in alone.next() })
    }

    struct Failure: Error, Equatable {}

    @Test func anErrorReachesTheCallerAtItsItem() throws {
        let prefetch = Prefetcher(count: 3) { index -> Int in
            if index == 1 { throw Failure() }
            return index
        }
        #expect(try prefetch.take() == 0)
        #expect(throws: Failure.self) { try prefetch.take() }
        #expect(try prefetch.take() == 2)
    }

    @Test func drainWaitsForTheItemBeingMade() {
        let prefetch = Prefetcher(count: 2) { $0 }
        _ = try? prefetch.take()
        prefetch.drain()  // the second item was being made; returns once it is
        #expect(prefetch.waitSeconds >= 0)
    }
}
