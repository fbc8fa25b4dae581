import Testing
@testable import Datasets

/// Files for `finetune predict`: the training data's format, every problem at its line.
@Suite("Prediction input: JSONL and CSV in the experiment's data format")
struct PredictionInputTests {
    @Test func textsComeFromTheTrainingTextFieldAndLabelsAreIgnored() throws {
        let jsonl = try temporaryFile("in.jsonl", "{\"review\": \"great\", \"label\": \"pos\"}\n\n{\"review\": \"dull\"}\n")
        #expect(try PredictionInput.read(jsonl, fields: .text("review")) == .texts(["great", "dull"]))
        let csv = try temporaryFile("in.csv", "id,text\n1,\"good, really\"\n2,bad\n")
        #expect(try PredictionInput.read(csv, fields: .text("text")) == .texts(["good, really", "bad"]))
    }

    @Test func featuresFollowTheTrainingColumnsLeavingTheLabelOut() throws {
        let csv = try temporaryFile("rows.csv", "b,label,a\n1,x,2\n3.5,y,-4\n")
        #expect(try PredictionInput.read(csv, fields: .features(nil, label: "label", count: 2)) == .features([[1, 2], [3.5, -4]]))
        #expect(try PredictionInput.read(csv, fields: .features(["a", "b"], label: "label", count: 2)) == .features([[2, 1], [-4, 3.5]]))
    }

    @Test("bad input is refused at its line", arguments: [
        ("bad.jsonl", "{\"text\": \"a\"}\n{\"text\": \n", PredictionInput.Fields.text("text"), 2, "line is not valid JSON"),
        ("bad.jsonl", "{\"text\": \"a\"}\n{\"txt\": \"b\"}\n", .text("text"), 2, "no text field 'text' (fields: txt)"),
        ("bad.jsonl", "{\"text\": 3}\n", .text("text"), 1, "text field 'text' is a number, expected a string"),
        ("bad.csv", "x,y\n1,2\n", .text("text"), 1, "no text column 'text' (columns: x, y)"),
        ("bad.csv", "a,b\n1,2\n3\n", .features(nil, label: "label", count: 2), 3, "row has 1 fields, the header 2"),
        ("bad.csv", "a,b\n1,two\n", .features(nil, label: "label", count: 2), 2, "column 'b' is 'two', expected a finite number"),
        ("bad.csv", "a,b,c\n1,2,3\n", .features(nil, label: "label", count: 2), 1, "the model reads 2 features, but this header gives 3 (columns: a, b, c)"),
    ])
    func refused(name: String, text: String, fields: PredictionInput.Fields, line: Int, message: String) throws {
        let path = try temporaryFile(name, text)
        let error = #expect(throws: DatasetError.self) { try PredictionInput.read(path, fields: fields) }
        #expect(error?.line == line)
        #expect(error?.message == message)
        #expect(error?.description.hasPrefix("\(path):\(line): ") == true)
    }
}
