import Foundation

/// Names outside Latin-1 (Polish, Czech, Turkish, Romanian, Vietnamese), for the small share of people
/// `--non-latin-share` gives them to. Every name here has at least one letter that ISO-8859-1 cannot
/// hold. The same person is written as is in the UTF-8 extracts (MiCase, Cozart), as a Windows-1252 or
/// ISO-8859-1 system stores them in Niche and the prison extract (letters the code page has are kept,
/// the others lose their diacritics: Łukasz Wiśniewski → Lukasz Wisniewski, Dvořák → Dvorák, Šťastný →
/// Štastný in Windows-1252 and Stastný in ISO-8859-1), and in upper-case ASCII on PNC and JTrack.
///
/// Known: a few such names stored in Windows-1252 are also valid UTF-8 byte sequences (KŘÍŽ is written
/// KRÍŽ, 0xCD 0x8E), which the loader's check for a mis-declared UTF-8 extract reports as BAD-ENCODING
/// and loads with the name empty. The generator writes what a real system would; the loader's check
/// is what would need to change.
enum SampleNonLatinNames {
    struct Culture {
        let name: String
        /// Relative share among people given a name from here (West Yorkshire's larger communities first).
        let weight: Int
        let maleSurnames: [String]
        let femaleSurnames: [String]
        let male: [String]
        let female: [String]
        /// Second forenames; empty: another forename of the culture.
        let maleMiddle: [String]
        let femaleMiddle: [String]
    }

    static let cultures: [Culture] = [
        Culture(name: "Polish", weight: 35,
                maleSurnames: ["Wiśniewski", "Dąbrowski", "Zieliński", "Szymański", "Woźniak", "Kozłowski", "Jabłoński",
                               "Błaszczyk", "Łuczak", "Żak", "Kamiński", "Kołodziej", "Michałowski", "Pawłowski"],
                femaleSurnames: ["Wiśniewska", "Dąbrowska", "Zielińska", "Szymańska", "Woźniak", "Kozłowska", "Jabłońska",
                                 "Błaszczyk", "Łuczak", "Żak", "Kamińska", "Kołodziej", "Michałowska", "Pawłowska"],
                male: ["Łukasz", "Wojciech", "Paweł", "Michał", "Grzegorz", "Przemysław", "Radosław", "Jarosław",
                       "Mirosław", "Bartłomiej", "Jędrzej", "Stanisław"],
                female: ["Małgorzata", "Elżbieta", "Bożena", "Grażyna", "Łucja", "Żaneta", "Bogusława", "Mirosława",
                         "Stanisława", "Wiesława"],
                maleMiddle: [], femaleMiddle: []),
        Culture(name: "Romanian", weight: 25,
                maleSurnames: ["Tănase", "Stănescu", "Rădulescu", "Pătrașcu", "Bălan", "Ștefănescu", "Vlăduț", "Țurcanu",
                               "Crăciun", "Mușat", "Brătianu"],
                femaleSurnames: ["Tănase", "Stănescu", "Rădulescu", "Pătrașcu", "Bălan", "Ștefănescu", "Vlăduț", "Țurcanu",
                                 "Crăciun", "Mușat", "Brătianu"],
                male: ["Ștefan", "Răzvan", "Gheorghiță", "Ionuț", "Cătălin", "Nicușor", "Costică", "Mădălin"],
                female: ["Mădălina", "Ancuța", "Cătălina", "Anișoara", "Ștefania", "Lăcrămioara", "Luminița", "Brândușa"],
                maleMiddle: [], femaleMiddle: []),
        Culture(name: "Turkish", weight: 15,
                maleSurnames: ["Şahin", "Yıldız", "Yılmaz", "Aydın", "Doğan", "Kılıç", "Şimşek", "Erdoğan", "Karataş",
                               "Ağaoğlu", "Işık", "Çağlar"],
                femaleSurnames: ["Şahin", "Yıldız", "Yılmaz", "Aydın", "Doğan", "Kılıç", "Şimşek", "Erdoğan", "Karataş",
                                 "Ağaoğlu", "Işık", "Çağlar"],
                male: ["İbrahim", "Uğur", "Barış", "Ertuğrul", "Oğuz", "İsmail", "Tuğrul", "Şükrü"],
                female: ["Ayşe", "Gülşen", "Şule", "Tuğba", "Büşra", "Çiğdem", "Gülşah", "Yeşim"],
                maleMiddle: [], femaleMiddle: []),
        Culture(name: "Vietnamese", weight: 15,
                maleSurnames: ["Nguyễn", "Trần", "Phạm", "Huỳnh", "Đặng", "Đỗ", "Hồ", "Dương", "Vũ", "Đinh", "Trương"],
                femaleSurnames: ["Nguyễn", "Trần", "Phạm", "Huỳnh", "Đặng", "Đỗ", "Hồ", "Dương", "Vũ", "Đinh", "Trương"],
                male: ["Tuấn", "Dũng", "Đức", "Hùng", "Cường", "Thắng", "Quốc", "Hiếu", "Khải"],
                female: ["Hương", "Thảo", "Phương", "Ngọc", "Hằng", "Nguyệt", "Thủy", "Liễu"],
                maleMiddle: ["Văn", "Hữu", "Đình"], femaleMiddle: ["Thị", "Ngọc"]),
        Culture(name: "Czech", weight: 10,
                maleSurnames: ["Dvořák", "Černý", "Kučera", "Růžička", "Šťastný", "Beneš", "Kříž", "Němec"],
                femaleSurnames: ["Dvořáková", "Černá", "Kučerová", "Růžičková", "Šťastná", "Benešová", "Křížová", "Němcová"],
                male: ["Jiří", "Tomáš", "Lukáš", "Ondřej", "Přemysl", "Matěj", "Vojtěch", "Čestmír"],
                female: ["Jiřina", "Zdeňka", "Kateřina", "Věra", "Alžběta", "Šárka", "Růžena", "Božena"],
                maleMiddle: [], femaleMiddle: []),
    ]

    /// Surnames in index order: per culture, its male then its female forms.
    static let surnames: [String] = cultures.flatMap { $0.maleSurnames + $0.femaleSurnames }
    /// Male forenames in index order: per culture, its forenames then its middle names.
    static let maleForenames: [String] = cultures.flatMap { $0.male + $0.maleMiddle }
    static let femaleForenames: [String] = cultures.flatMap { $0.female + $0.femaleMiddle }

    /// Where each culture's entries start in the flattened lists.
    static let surnameStart: [Int] = starts(cultures.map { $0.maleSurnames.count + $0.femaleSurnames.count })
    static let maleStart: [Int] = starts(cultures.map { $0.male.count + $0.maleMiddle.count })
    static let femaleStart: [Int] = starts(cultures.map { $0.female.count + $0.femaleMiddle.count })

    static func starts(_ counts: [Int]) -> [Int] {
        var out: [Int] = [], total = 0
        for c in counts { out.append(total); total += c }
        return out
    }

    /// ASCII for one letter outside Latin-1, as a system that cannot store it writes it: the base
    /// letter without its diacritics (canonical decomposition, marks dropped), and by hand for the
    /// letters that do not decompose (Ł, Đ, dotless ı). Empty when there is no sensible letter.
    static func fold(_ u: Unicode.Scalar) -> [UInt8] {
        switch u.value {
        case 0x141: return [76]            // Ł
        case 0x142: return [108]           // ł
        case 0x110: return [68]            // Đ
        case 0x111: return [100]           // đ
        case 0x131: return [105]           // ı
        default: break
        }
        var out: [UInt8] = []
        for d in String(u).decomposedStringWithCanonicalMapping.unicodeScalars where d.value < 0x80 {
            out.append(UInt8(d.value))
        }
        return out
    }
}
