import Foundation

/// QGIS styles (.qml) of the raster layers: the travel-time surface (singleband pseudocolour) and
/// the DEM (hillshade).
public enum RasterStyles {
    /// Travel time in hours: green (near a control) through yellow to red at `maxHours` and
    /// beyond; the budget marked by the class break at `budgetHours`.
    public static func travelTime(maxHours: Double, budgetHours: Double) -> String {
        let top = max(maxHours, budgetHours, 1)
        let stops: [(Double, String, String)] = [
            (0, "#1a9850", "0 h"),
            (budgetHours / 2, "#91cf60", String(format: "%.1f h", budgetHours / 2)),
            (budgetHours, "#fee08b", String(format: "%.1f h (patrol budget)", budgetHours)),
            ((budgetHours + top) / 2, "#fc8d59", String(format: "%.1f h", (budgetHours + top) / 2)),
            (top, "#d73027", String(format: "%.1f h", top)),
        ]
        let items = stops.map { v, c, l in
            "          <item alpha=\"255\" value=\"\(String(format: "%.4f", v))\" label=\"\(XMLText.escape(l))\" color=\"\(c)\"/>"
        }.joined(separator: "\n")
        return document("""
              <pipe>
                <rasterrenderer type="singlebandpseudocolor" band="1" opacity="0.7" alphaBand="-1" classificationMin="0" classificationMax="\(String(format: "%.4f", top))">
                  <rastershader>
                    <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0" minimumValue="0" maximumValue="\(String(format: "%.4f", top))">
            \(items)
                    </colorrampshader>
                  </rastershader>
                </rasterrenderer>
                <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
                <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0"/>
                <rasterresampler maxOversampling="2"/>
              </pipe>
              <blendMode>0</blendMode>
            """)
    }

    /// A raster style document around its `<pipe>` and `<blendMode>` elements.
    public static func document(_ body: String) -> String {
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.28\" styleCategories=\"AllStyleCategories\">\n" + body + "</qgis>\n"
    }

    /// The part of a style document between `<qgis>` and `</qgis>` (for a project's map layer).
    public static func body(_ document: String) -> String {
        guard let a = document.range(of: "<pipe>"), let b = document.range(of: "</qgis>") else { return "" }
        return String(document[a.lowerBound..<b.lowerBound])
    }

    /// The DEM as a hillshade (sun from the north-west, 45° high). The grid is in degrees and
    /// the elevations in metres: the z factor 1/111,320 turns metres into degrees of latitude.
    public static func hillshade() -> String {
        document("""
          <pipe>
            <rasterrenderer type="hillshade" band="1" opacity="1" alphaBand="-1" zfactor="\(hillshadeZFactor)" azimuth="315" angle="45" multidirection="1"/>
            <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
            <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0"/>
            <rasterresampler maxOversampling="2"/>
          </pipe>
          <blendMode>6</blendMode>
        """)
    }

    /// Metres to degrees of latitude (1 / 111,320 m).
    public static let hillshadeZFactor = "0.00000898"
}
