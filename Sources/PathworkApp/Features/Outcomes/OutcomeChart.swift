import Foundation
import PathworkDomain
import Plot

/// Server-drawn SVG charts. Every bar carries its value as text and the all-students reference is
/// a labelled dashed line, so nothing depends on colour; the table beside each chart holds the
/// same figures.
enum OutcomeChart {
    static func bars<C: HTML.BodyContext>(rows: [OutcomeRow], all: OutcomeRow, indicator: OutcomeIndicator) -> Node<C> {
        let (labelWidth, barWidth, rowHeight, top) = (230, 330, 26, 30)
        let height = top + rows.count * rowHeight + 10
        func x(_ tenths: Int) -> Int { labelWidth + barWidth * min(max(tenths, 0), 1000) / 1000 }
        var svg = """
            <svg class="chart" viewBox="0 0 \(labelWidth + barWidth + 80) \(height)" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">\
            <title id="chart-title">\(escape("\(indicator.title): rate by group, with all students for reference"))</title>
            """
        if let reference = all.cell(indicator).rateTenths {
            svg += """
                <line x1="\(x(reference))" y1="\(top - 8)" x2="\(x(reference))" y2="\(height - 6)" class="reference" stroke-dasharray="4 3"/>\
                <text x="\(x(reference))" y="\(top - 12)" text-anchor="middle">All students \(OutcomeArithmetic.decimal(reference, places: 1))%</text>
                """
        }
        for (index, row) in rows.enumerated() {
            let y = top + index * rowHeight
            let cell = row.cell(indicator)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(escape(row.title))</text>"
            if cell.suppressed {
                svg += "<text x=\"\(labelWidth + 4)\" y=\"\(y + 17)\" class=\"muted\">suppressed</text>"
            } else if let rate = cell.rateTenths {
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(x(rate) - labelWidth, 1))\" height=\"\(rowHeight - 8)\" class=\"bar\"/>"
                svg += "<text x=\"\(x(rate) + 4)\" y=\"\(y + 17)\">\(OutcomeArithmetic.decimal(rate, places: 1))%</text>"
            } else {
                svg += "<text x=\"\(labelWidth + 4)\" y=\"\(y + 17)\" class=\"muted\">no students</text>"
            }
        }
        return .div(.class("chart-wrap"), .raw(svg + "</svg>"))
    }

    /// One bar per school year for all students, oldest first; a suppressed year says so.
    static func trend<C: HTML.BodyContext>(_ points: [(year: ReportingYear, cell: OutcomeCell)], indicator: OutcomeIndicator) -> Node<C> {
        let (left, columnWidth, plotHeight, top) = (40, 90, 160, 20)
        let width = left + columnWidth * points.count + 20
        func y(_ tenths: Int) -> Int { top + plotHeight - plotHeight * min(max(tenths, 0), 1000) / 1000 }
        var svg = """
            <svg class="chart trend" viewBox="0 0 \(width) \(top + plotHeight + 40)" role="img" aria-labelledby="trend-title" xmlns="http://www.w3.org/2000/svg">\
            <title id="trend-title">\(escape("\(indicator.title): all students' rate by school year"))</title>\
            <line x1="\(left)" y1="\(top + plotHeight)" x2="\(width - 10)" y2="\(top + plotHeight)" class="reference"/>
            """
        for (index, point) in points.enumerated() {
            let x = left + index * columnWidth + 15
            if let rate = point.cell.rateTenths {
                svg += "<rect x=\"\(x)\" y=\"\(y(rate))\" width=\"\(columnWidth - 30)\" height=\"\(max(top + plotHeight - y(rate), 1))\" class=\"bar\"/>"
                svg += "<text x=\"\(x + (columnWidth - 30) / 2)\" y=\"\(y(rate) - 4)\" text-anchor=\"middle\">\(OutcomeArithmetic.decimal(rate, places: 1))%</text>"
            } else {
                svg += "<text x=\"\(x + (columnWidth - 30) / 2)\" y=\"\(top + plotHeight - 6)\" text-anchor=\"middle\" class=\"muted\">\(point.cell.suppressed ? "suppressed" : "—")</text>"
            }
            svg += "<text x=\"\(x + (columnWidth - 30) / 2)\" y=\"\(top + plotHeight + 18)\" text-anchor=\"middle\">\(escape(point.year.title))</text>"
        }
        return .div(.class("chart-wrap"), .raw(svg + "</svg>"))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
