import Testing
@testable import Datasets

@Test func jsonlClassificationAndRegression() throws {
    let path = try temporaryFile("reviews.jsonl", """
        {"text": "great film", "label": "pos", "score": 3.5}
        {"text": "dull", "label": "neg", "score": -2}

        {"text": "fine", "label": "pos", "score": 1, "extra": [1, {"a": null}]}
        """)
    let classes = try Dataset.jsonl(path: path, text: "text", label: "label", task: .classification)
    #expect(classes.name == "reviews")
    #expect(classes.features == .text(["great film", "dull", "fine"]))
    #expect(classes.classNames == ["neg", "pos"])
    #expect(classes.labels == [1, 0, 1])

    let scores = try Dataset.jsonl(path: path, text: "text", label: "score", task: .regression)
    #expect(scores.targets == .values([3.5, -2, 1]))

    let numbered = try Dataset.jsonl(path: path, text: "text", label: "score", task: .classification)
    #expect(numbered.classNames == ["-2", "1", "3.5"])
}

@Test(arguments: [
    ("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 2\n", "label", 2, DatasetError.Code.malformed, "line is not valid JSON", nil as String?),
    ("{\"text\": \"a\", \"label\": 1}\n[1, 2]\n", "label", 2, .malformed, "line is an array, expected a JSON object", nil),
    ("{\"text\": \"a\", \"label\": 1}\n\n{\"txt\": \"b\", \"label\": 1}\n", "label", 3, .unknownName, "no text field 'text' (fields: label, txt)", "txt"),
    ("{\"text\": \"a\", \"labels\": 1}\n", "label", 1, .unknownName, "no label field 'label' (fields: labels, text)", "labels"),
    ("{\"text\": 5, \"label\": 1}\n", "label", 1, .wrongType, "text field 'text' is a number, expected a string", nil),
    ("{\"text\": \"a\", \"label\": true}\n", "label", 1, .wrongType, "label field 'label' is a boolean, expected a string or a number", nil),
])
func jsonlErrorsNameFileAndLine(contents: String, label: String, line: Int, code: DatasetError.Code,
                                message: String, suggestion: String?) throws {
    let path = try temporaryFile("bad.jsonl", contents)
    let error = #expect(throws: DatasetError.self) { try Dataset.jsonl(path: path, text: "text", label: label, task: .classification) }
    #expect(error?.code == code)
    #expect(error?.description.hasPrefix("\(path):\(line): ") == true, "\(String(describing: error))")
    #expect(error?.message == message)
    #expect(error?.suggestion == suggestion)
}

@Test func jsonlRegressionNeedsNumbers() throws {
    let path = try temporaryFile("r.jsonl", "{\"text\": \"a\", \"y\": \"high\"}\n")
    let error = #expect(throws: DatasetError.self) { try Dataset.jsonl(path: path, text: "text", label: "y", task: .regression) }
    #expect(error?.message == "label field 'y' is a string, expected a number (regression needs numeric targets)")
}
