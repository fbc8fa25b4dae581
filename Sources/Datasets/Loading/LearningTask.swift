/// Whether targets are classes or real values. (Not named `Task`, which would shadow
/// Swift concurrency's `Task` in every file importing this module.)
public enum LearningTask: String, Sendable, Hashable, CaseIterable {
    case classification
    case regression
}
