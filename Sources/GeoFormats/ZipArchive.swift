/// A ZIP archive (PKWARE APPNOTE 6.3) of files stored uncompressed (method 0), in memory: what QGIS
/// reads as a `.qgz` project, e.g. from a GeoPackage's `qgis_projects` table. Names are UTF-8
/// (general purpose flag bit 11); no ZIP64, so every file and the archive stay under 4 GiB.
public enum ZipArchive {
    /// The archive of `files` (name, bytes), in order, every entry dated 1980-01-01 00:00 so the
    /// same files give the same bytes.
    public static func stored(_ files: [(name: String, bytes: [UInt8])]) throws -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, bytes) in files {
            guard bytes.count < Int(UInt32.max), out.count < Int(UInt32.max) else {
                throw GeoFormatsError(.limitExceeded, "ZIP entry \(name) is 4 GiB or more (no ZIP64)")
            }
            let nameBytes = Array(name.utf8)
            let crc = CRC32.checksum(bytes)
            let offset = UInt32(out.count)
            func common(_ b: inout [UInt8]) {
                u16(20, &b)                // version needed: 2.0
                u16(0x0800, &b)            // UTF-8 names
                u16(0, &b)                 // stored
                u16(0, &b)                 // time 00:00
                u16(0x21, &b)              // date 1980-01-01
                u32(crc, &b)
                u32(UInt32(bytes.count), &b)
                u32(UInt32(bytes.count), &b)
                u16(UInt16(nameBytes.count), &b)
                u16(0, &b)                 // extra field length
            }
            u32(0x0403_4b50, &out)
            common(&out)
            out += nameBytes
            out += bytes

            u32(0x0201_4b50, &central)
            u16(0x0314, &central)          // made by: Unix, 2.0
            common(&central)
            u16(0, &central)               // comment length
            u16(0, &central)               // disk number
            u16(0, &central)               // internal attributes
            u32(0o100644 << 16, &central)  // external attributes: a regular file, rw-r--r--
            u32(offset, &central)
            central += nameBytes
        }
        let centralOffset = UInt32(out.count)
        out += central
        u32(0x0605_4b50, &out)
        u16(0, &out)
        u16(0, &out)
        u16(UInt16(files.count), &out)
        u16(UInt16(files.count), &out)
        u32(UInt32(central.count), &out)
        u32(centralOffset, &out)
        u16(0, &out)
        return out
    }

    private static func u16(_ v: UInt16, _ out: inout [UInt8]) { out += [UInt8(v & 0xff), UInt8(v >> 8)] }
    private static func u32(_ v: UInt32, _ out: inout [UInt8]) { WKB.uint32(v, &out) }
}
