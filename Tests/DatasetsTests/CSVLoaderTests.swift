import Testing
@testable import Datasets

@Test func csvClassificationWithTextLabels() throws {
    let path = try temporaryFile("iris.csv", """
        sepal_length,sepal_width,species
        5.1,3.5,setosa
        7.0,3.2,versicolor
        "6.3",2.9,virginica\r
        4.9, 3.0 ,setosa

        """)
    let data = try Dataset.csv(path: path, label: "species", task: .classification)
    #expect(data.name == "iris")
    #expect(data.count == 4)
    #expect(data.exampleShape == [2])
    #expect(data.classNames == ["setosa", "versicolor", "virginica"])
    #expect(data.labels == [0, 1, 2, 0])
    #expect(data.features == .dense([5.1, 3.5, 7.0, 3.2, 6.3, 2.9, 4.9, 3.0], shape: [2]))
}

@Test func csvNumericLabelsSortNaturally() throws {
    let path = try temporaryFile("n.csv", "x,label\n1,10\n2,2\n3,1\n4,2\n")
    let data = try Dataset.csv(path: path, label: "label", task: .classification)
    #expect(data.classNames == ["1", "2", "10"])
    #expect(data.labels == [2, 1, 0, 1])
}

@Test func csvSelectedFeaturesAndRegression() throws {
    let path = try temporaryFile("houses.csv", "id,rooms,area,price,name\n1,3,70.5,250000,\"a, b\"\n2,4,99,310000.5,c\n")
    let data = try Dataset.csv(path: path, label: "price", features: ["area", "rooms"], task: .regression)
    #expect(data.features == .dense([70.5, 3, 99, 4], shape: [2]))
    #expect(data.targets == .values([250000, 310000.5]))
}

@Test(arguments: [
    ("a,b,label\n1,2,x\n3,4\n", "label", 3, DatasetError.Code.raggedRow, "row has 2 cells but the header has 3 columns", nil as String?),
    ("a,b,label\n1,2,x\n3,oops,y\n", "label", 3, .notNumeric, "column 'b': 'oops' is not a finite number", nil),
    ("a,b,label\n1,,x\n", "label", 2, .notNumeric, "column 'b': an empty cell is not a finite number", nil),
    ("a,b,label\n1,nan,x\n", "label", 2, .notNumeric, "column 'b': 'nan' is not a finite number", nil),
    ("a,b,label\n1,2,x\n", "lable", 1, .unknownName, "no label column 'lable' (columns: a, b, label)", "label"),
    ("a,b,label\n1,2,x\n", "target", 1, .unknownName, "no label column 'target' (columns: a, b, label)", nil),
    ("a,b,a\n1,2,3\n", "b", 1, .malformed, "column 'a' appears more than once in the header", nil),
    ("a,b,label\n1,\"2,x\n3,4,y\n", "label", 2, .malformed, "quoted cell is never closed", nil),
    ("a,b,label\n1,\"2\"x,y\n", "label", 2, .malformed, "unexpected character after a closing quote (a quote inside a quoted cell is written \"\")", nil),
])
func csvErrorsNameFileAndLine(contents: String, label: String, line: Int?, code: DatasetError.Code,
                              message: String, suggestion: String?) throws {
    let path = try temporaryFile("bad.csv", contents)
    let error = #expect(throws: DatasetError.self) { try Dataset.csv(path: path, label: label, task: .classification) }
    #expect(error?.code == code)
    #expect(error?.path == path)
    #expect(error?.line == line)
    #expect(error?.message == message)
    #expect(error?.suggestion == suggestion)
    #expect(error?.description.hasPrefix("\(path):\(line!): ") == true)
}

@Test func csvRegressionNeedsNumericLabels() throws {
    let path = try temporaryFile("r.csv", "x,y\n1,2\n2,high\n")
    let error = #expect(throws: DatasetError.self) { try Dataset.csv(path: path, label: "y", task: .regression) }
    #expect(error?.line == 3)
    #expect(error?.message == "label column 'y': 'high' is not a finite number (regression needs numeric targets)")
}

@Test func csvUnknownFeatureColumnIsSuggested() throws {
    let path = try temporaryFile("f.csv", "width,height,label\n1,2,a\n")
    let error = #expect(throws: DatasetError.self) {
        try Dataset.csv(path: path, label: "label", features: ["widht"], task: .classification)
    }
    #expect(error?.message == "no feature column 'widht' (columns: width, height, label)")
    #expect(error?.suggestion == "width")
}

@Test(arguments: [("", "CSV file is empty; a header row naming the columns is required"),
                  ("a,label\n", "CSV file has a header but no rows")])
func csvEmptyFiles(contents: String, message: String) throws {
    let path = try temporaryFile("e.csv", contents)
    let error = #expect(throws: DatasetError.self) { try Dataset.csv(path: path, label: "label", task: .classification) }
    #expect(error?.message == message)
}

@Test func csvMultilineQuotedCellKeepsLineNumbersRight() throws {
    let path = try temporaryFile("m.csv", "x,label\n1,\"two\nlines\"\n2,ok\nthree,bad\n")
    let error = #expect(throws: DatasetError.self) { try Dataset.csv(path: path, label: "label", task: .classification) }
    #expect(error?.line == 5)
}
