import Domain

/// The administrative words of place reports in English, Kazakh and Russian (and the neighbours'
/// oblast words): stripped from the names and read as a hint of the level the name next to them is.
public enum AdministrativeWord {
    static let levels: [(GazetteerPlace.Level, [String])] = [
        (.district, ["district", "districts", "raion", "rayon", "raiony", "rayony", "audan", "audany", "ауданы", "аудан",
                     "ауданында", "район", "района", "районе", "районы", "tuman", "tumani", "etrap", "etraby", "nohiya"]),
        (.province, ["region", "regions", "oblast", "oblasts", "oblys", "oblysy", "oblysi", "oblasty", "province", "provinces",
                     "облысы", "облысында", "область", "области", "обл", "viloyat", "viloyati", "velayat", "velayaty",
                     "welayat", "welayaty", "vilayet", "wilayat"]),
        (.settlement, ["city", "town", "village", "settlement", "kalasy", "qalasy", "kalasi", "қаласы", "қаласында",
                       "город", "города", "городе", "гор", "г", "gorod", "selo", "село", "посёлок", "поселок", "пос",
                       "аул", "ауыл", "ауылы", "aul", "auyl", "auyly", "kishlak", "qishloq", "shahar", "shahri"]),
    ]
    /// Folded word → level.
    public static let hints: [String: GazetteerPlace.Level] = {
        var m: [String: GazetteerPlace.Level] = [:]
        for (level, words) in levels {
            for w in words { for k in PlaceKey.words(w) { m[k] = level } }
        }
        return m
    }()

    /// Words that never start or end a name (connectives of report prose).
    public static let connectives: Set<String> = Set(["the", "of", "in", "on", "at", "and", "from", "a", "an", "near", "to",
                                                      "by", "for", "with", "not", "named", "stated", "place", "area",
                                                      "outskirts", "vicinity", "v", "na", "i"].flatMap(PlaceKey.words))
}
