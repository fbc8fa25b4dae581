import Dispatch

/// Makes item `i + 1` on a background thread while the caller works on item `i`, so a step
/// does not wait for its batch to be cropped and augmented.
///
/// Items are made strictly in order, one at a time, so anything they draw from a shared
/// generator is drawn in the same order as without the thread: the same seed gives the same
/// batches. Only plain Swift work belongs in `make`; tensors are created by the caller.
final class Prefetcher<Item>: @unchecked Sendable {
    private let count: Int
    private let make: (Int) throws -> Item
    private let queue = DispatchQueue(label: "finetune.prefetch")
    private let ready = DispatchSemaphore(value: 0)
    private var slot: Result<Item, Error>?
    private var next = 0
    /// Seconds the caller spent waiting for items: the data time of the steps.
    private(set) var waitSeconds = 0.0

    init(count: Int, make: @escaping (Int) throws -> Item) {
        self.count = count
        self.make = make
        schedule(0)
    }

    private func schedule(_ index: Int) {
        guard index < count else { return }
        queue.async {
            self.slot = Result { try self.make(index) }
            self.ready.signal()
        }
    }

    /// The next item, in order; waits for it when it is not ready yet.
    func take() throws -> Item {
        precondition(next < count, "no items left")
        let start = DispatchTime.now().uptimeNanoseconds
        ready.wait()
        waitSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let item = slot!
        slot = nil
        next += 1
        schedule(next)
        return try item.get()
    }

    /// Waits for an item still being made, so nothing runs after the caller moves on.
    func drain() {
        if next < count { ready.wait() }
    }
}
