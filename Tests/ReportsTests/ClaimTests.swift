import Foundation
import Testing
@testable import Reports

/// summary.json's claims are the Answer: every sentence of it is one claim's text, in order,
/// and each claim carries the numbers its sentence rests on.
@Suite("claims: the Answer as data")
struct ClaimTests {
    static func answerLines(_ markdown: String) -> [String] {
        let section = markdown.components(separatedBy: "## Answer\n\n")[1].components(separatedBy: "\n## ")[0]
        return section.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
    }

    @Test func everyAnswerSentenceIsAClaim() throws {
        let rendered = try ReportGenerator.render(experimentDirectory: fixtureFolder)
        let lines = Self.answerLines(rendered.markdown)
        #expect(!lines.isEmpty)
        #expect(lines == rendered.summary.claims.map(\.text))
    }

    @Test func theTopCellClaimCarriesTheLeaderboardsComparisons() throws {
        let summary = try ReportGenerator.render(experimentDirectory: fixtureFolder).summary
        let claim = try #require(summary.claims.first { $0.kind == .topCell })
        #expect(claim.cells.first == summary.leaderboard.first?.cell)
        #expect(claim.metric == summary.selection.metric.text)
        let compared = summary.leaderboard.dropFirst().compactMap(\.bestVersusThis)
        #expect(claim.evidence.map(\.comparison) == compared)
        // Corrected within the leaderboard family: each carries both p-values and an interval.
        #expect(claim.evidence.allSatisfy { $0.comparison.adjustedPValue != nil && $0.comparison.interval != nil })
        #expect(claim.evidence.allSatisfy { $0.comparison.adjustedPValue! >= $0.comparison.pValue! })
    }

    @Test func aReportWithoutFinishedRunsSaysSoAsAClaim() throws {
        let template = try templateResult()
        let folder = constructedFolder([constructedRun(template, cell: "a", seed: 1, value: 0.5, status: .failed)])
        let summary = SummaryBuilder.build(folder)
        #expect(summary.claims.map(\.kind) == [.nothingFinished])
    }
}

@Suite("versions: what made the results")
struct ResultVersionsTests {
    @Test func mixedNumbersVersionsAreNamedInTheAnswerAndMethod() throws {
        let template = try templateResult()
        var older = template
        older.versions.numbers = nil  // written before the field: version 1
        var newer = template
        newer.versions.numbers = 2
        let folder = constructedFolder([
            constructedRun(older, cell: "a", seed: 1, value: 0.5), constructedRun(older, cell: "a", seed: 2, value: 0.6),
            constructedRun(newer, cell: "b", seed: 1, value: 0.4), constructedRun(newer, cell: "b", seed: 2, value: 0.45),
        ])
        let summary = SummaryBuilder.build(folder)
        #expect(summary.versions.numbers == [1, 2])
        let claim = try #require(summary.claims.first { $0.kind == .mixedVersions })
        #expect(claim.text.contains("mix numbers versions 1, 2"))
        let markdown = ReportWriter(summary: summary, folder: folder, figures: []).markdown
        #expect(markdown.contains("numbers version 1, 2 (mixed, see the Answer)"))
    }

    @Test func oneNumbersVersionMakesNoClaim() throws {
        let template = try templateResult()
        let folder = constructedFolder([constructedRun(template, cell: "a", seed: 1, value: 0.5)])
        let summary = SummaryBuilder.build(folder)
        #expect(summary.versions.numbers == [1])
        #expect(!summary.claims.contains { $0.kind == .mixedVersions })
    }
}
