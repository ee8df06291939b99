/// The matching key of a place name: Kazakh and Russian Cyrillic transliterated into Latin, case
/// and diacritics removed, and the spelling variants of both languages' romanisations folded into
/// one form, so that Kordai, Korday and Кордай, Shu, Chu and Шу, Zhambyl, Jambyl and Жамбыл each
/// give one key.
///
/// Steps, per word: lower case; Cyrillic letters by `cyrillic` (Russian and the nine Kazakh
/// letters ә ғ қ ң ө ұ ү һ і); Latin letters with diacritics to their base letter (ş ç to sh ch,
/// the Kazakh Latin of 2018); then the folds of `fold`: -skiy/-skij/-skii/-sky → ski, dzh and j → zh,
/// kh → h, gh → g, q → k, w → v, ch → sh, y → i, and doubled letters single. Words are the runs of
/// letters and digits (apostrophes inside them dropped: Kattaqo'rg'on, Ust'-Kamenogorsk); every
/// other character separates them.
public enum PlaceKey {
    /// The words of `text`, each folded (empty words dropped).
    public static func words(_ text: String) -> [String] { tokens(text).map(\.key) }

    /// The words of `text` as written (for messages) with their folded forms.
    public static func tokens(_ text: String) -> [(text: String, key: String)] {
        var out: [(text: String, key: String)] = []
        var word = "", current: [UInt8] = []
        func flush() {
            if !word.isEmpty {
                let k = fold(current)
                if !k.isEmpty { out.append((word, String(decoding: k, as: UTF8.self))) }
                word = ""
                current.removeAll(keepingCapacity: true)
            }
        }
        for s in text.unicodeScalars {
            if let latin = latin(s) {
                current.append(contentsOf: latin)
                word.unicodeScalars.append(s)
            } else if s.properties.isAlphabetic {
                current.append(contentsOf: Array("\\u{\(String(s.value, radix: 16))}".utf8))
                word.unicodeScalars.append(s)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// The key of a whole name: its folded words joined (Nur-Sultan and Nursultan are one key).
    public static func key(_ text: String) -> String { words(text).joined() }

    /// ASCII letters for one scalar, nil for a separator.
    static func latin(_ s: Unicode.Scalar) -> [UInt8]? {
        let v = s.value
        if v < 0x80 {
            let b = UInt8(v)
            if b >= 0x41 && b <= 0x5A { return [b + 32] }
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) { return [b] }
            // The apostrophe and the backtick inside a word: a soft sign or the Uzbek o' g' (dropped).
            if b == 0x27 || b == 0x60 { return [] }
            return nil
        }
        if let c = cyrillic[v] { return c }
        if let c = special[v] { return c }
        // Latin with diacritics: the base letter of the canonical decomposition.
        if s.properties.isAlphabetic {
            let base = String(s).decomposedStringWithCanonicalMapping.unicodeScalars.first!
            if base.value < 0x80, base != s { return latin(base) }
        }
        // Combining marks (a decomposed input) vanish; apostrophes and the modifier letters used for
        // the soft sign too.
        if (0x300...0x36F).contains(v) || v == 0x2BC || v == 0x2B9 || v == 0x2019 || v == 0x2018 || v == 0x2BB || v == 0x2BD { return [] }
        return nil
    }

    static let special: [UInt32: [UInt8]] = {
        var m: [UInt32: [UInt8]] = [:]
        for (c, l) in [("ş", "sh"), ("Ş", "sh"), ("ç", "ch"), ("Ç", "ch"), ("ə", "a"), ("Ə", "a"), ("ı", "i"), ("İ", "i"),
                       ("ß", "ss"), ("æ", "ae"), ("ø", "o"), ("đ", "d"), ("ł", "l")] {
            m[c.unicodeScalars.first!.value] = Array(l.utf8)
        }
        return m
    }()

    /// Russian and Kazakh Cyrillic, both cases (a common practical romanisation; the folds make the
    /// usual alternatives equal).
    static let cyrillic: [UInt32: [UInt8]] = {
        let pairs: [(String, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "e"), ("ж", "zh"),
            ("з", "z"), ("и", "i"), ("й", "y"), ("к", "k"), ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"),
            ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"), ("х", "kh"), ("ц", "ts"),
            ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ъ", ""), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "yu"),
            ("я", "ya"),
            // Kazakh
            ("ә", "a"), ("ғ", "g"), ("қ", "k"), ("ң", "n"), ("ө", "o"), ("ұ", "u"), ("ү", "u"), ("һ", "h"), ("і", "i"),
            // Kyrgyz, Tajik, Uzbek Cyrillic letters met in the neighbours' names
            ("ў", "u"), ("ӯ", "u"), ("ӣ", "i"), ("ҳ", "h"), ("ҷ", "j"), ("җ", "j"), ("ҙ", "z"), ("ӊ", "n"),
        ]
        var m: [UInt32: [UInt8]] = [:]
        for (c, l) in pairs {
            m[c.unicodeScalars.first!.value] = Array(l.utf8)
            for u in c.uppercased().unicodeScalars { m[u.value] = Array(l.utf8) }
        }
        return m
    }()

    /// The romanisation folds, on one lower-case ASCII word.
    static func fold(_ w: [UInt8]) -> [UInt8] {
        var a = w
        // -skiy / -skij / -skii / -sky / -ski: one ending (Russian adjectival place names).
        for end in ["skiy", "skij", "skii", "sky"] where a.count > end.count + 1 && a.suffix(end.count).elementsEqual(end.utf8) {
            a.removeLast(end.count)
            a.append(contentsOf: Array("ski".utf8))
            break
        }
        var out: [UInt8] = []
        out.reserveCapacity(a.count)
        let z = UInt8(ascii: "z"), h = UInt8(ascii: "h"), s = UInt8(ascii: "s")
        var i = 0
        while i < a.count {
            let c = a[i], n = i + 1 < a.count ? a[i + 1] : 0, n2 = i + 2 < a.count ? a[i + 2] : 0
            switch c {
            case UInt8(ascii: "d") where n == z && n2 == h:   // dzh → zh
                out += [z, h]; i += 3; continue
            case UInt8(ascii: "j"):                           // j → zh
                out += [z, h]
            case UInt8(ascii: "k") where n == h:              // kh → h
                out.append(h); i += 2; continue
            case UInt8(ascii: "g") where n == h:              // gh → g
                out.append(UInt8(ascii: "g")); i += 2; continue
            case UInt8(ascii: "c") where n == h:              // ch → sh
                out += [s, h]; i += 2; continue
            case UInt8(ascii: "q"): out.append(UInt8(ascii: "k"))
            case UInt8(ascii: "w"): out.append(UInt8(ascii: "v"))
            case UInt8(ascii: "y"): out.append(UInt8(ascii: "i"))
            default: out.append(c)
            }
            i += 1
        }
        // Doubled letters single (Kosshy / Koshi, Kapshagay / Kapchagay after ch → sh).
        var single: [UInt8] = []
        single.reserveCapacity(out.count)
        for c in out where single.last != c || (c >= 0x30 && c <= 0x39) { single.append(c) }
        return single
    }
}
