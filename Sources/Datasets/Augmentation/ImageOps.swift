import Foundation

/// Geometric operations on one [C, H, W] image; pixels moved in from outside are zero.
enum ImageOps {
    /// Moves content right by `dx` and down by `dy` pixels.
    static func translate(_ image: [Float], geometry g: ImageGeometry, dx: Int, dy: Int) -> [Float] {
        var out = [Float](repeating: 0, count: image.count)
        for c in 0..<g.channels {
            let plane = c * g.height * g.width
            for y in 0..<g.height {
                let sourceY = y - dy
                guard sourceY >= 0, sourceY < g.height else { continue }
                for x in 0..<g.width {
                    let sourceX = x - dx
                    guard sourceX >= 0, sourceX < g.width else { continue }
                    out[plane + y * g.width + x] = image[plane + sourceY * g.width + sourceX]
                }
            }
        }
        return out
    }

    /// Rotates counter-clockwise (as displayed, y down) by `degrees` about the image centre,
    /// sampling the source bilinearly; positions outside the source read as zero.
    static func rotate(_ image: [Float], geometry g: ImageGeometry, degrees: Double) -> [Float] {
        let radians = degrees * Double.pi / 180
        let (cosine, sine) = (cos(radians), sin(radians))
        let centreX = Double(g.width - 1) / 2
        let centreY = Double(g.height - 1) / 2
        var out = [Float](repeating: 0, count: image.count)
        for c in 0..<g.channels {
            let plane = c * g.height * g.width
            func pixel(_ x: Int, _ y: Int) -> Double {
                guard x >= 0, x < g.width, y >= 0, y < g.height else { return 0 }
                return Double(image[plane + y * g.width + x])
            }
            for y in 0..<g.height {
                for x in 0..<g.width {
                    // Inverse mapping: where in the source does this output pixel come from?
                    let u = Double(x) - centreX, v = Double(y) - centreY
                    let sourceX = cosine * u - sine * v + centreX
                    let sourceY = sine * u + cosine * v + centreY
                    let x0 = Int(sourceX.rounded(.down)), y0 = Int(sourceY.rounded(.down))
                    let fx = sourceX - Double(x0), fy = sourceY - Double(y0)
                    let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
                    let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
                    out[plane + y * g.width + x] = Float(top * (1 - fy) + bottom * fy)
                }
            }
        }
        return out
    }

    static func flipHorizontally(_ image: [Float], geometry g: ImageGeometry) -> [Float] {
        var out = image
        for row in 0..<(g.channels * g.height) {
            let start = row * g.width
            for x in 0..<g.width { out[start + x] = image[start + g.width - 1 - x] }
        }
        return out
    }

    static func zeroSquare(_ image: [Float], geometry g: ImageGeometry, top: Int, left: Int, side: Int) -> [Float] {
        var out = image
        for c in 0..<g.channels {
            for y in top..<(top + side) {
                let start = c * g.height * g.width + y * g.width + left
                for index in start..<(start + side) { out[index] = 0 }
            }
        }
        return out
    }
}
