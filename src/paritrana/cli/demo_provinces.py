"""The 38 provinces as the demo seats their teams: where each governor's office sits (the
interviews are held there, in its local time), the BPJS Ketenagakerjaan branch office whose head
is the team's secretary, and the public university an academic member comes from.

Province codes and names are Kemendagri's (`paritrana.regions`); what is here only dresses the
demo's synthetic teams. A province without a university named here seats "an academic of a
university in <capital>".
"""

from __future__ import annotations

from dataclasses import dataclass

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
WIB_KALIMANTAN = "Asia/Pontianak"


@dataclass(frozen=True)
class Province:
    slug: str
    capital: str  # seat of the governor's office, where interviews are held
    bpjs_office: str  # the BPJS Ketenagakerjaan branch office whose head is the secretary
    university: str
    zone: str  # local time of the interviews


def _p(slug: str, capital: str, university: str, zone: str, office: str = "") -> Province:
    return Province(slug, capital, office or capital, university or f"Akademisi, {capital}", zone)


PROVINCES: dict[str, Province] = {
    "11": _p("aceh", "Banda Aceh", "Universitas Syiah Kuala", WIB),
    "12": _p("sumut", "Medan", "Universitas Sumatera Utara", WIB),
    "13": _p("sumbar", "Padang", "Universitas Andalas", WIB),
    "14": _p("riau", "Pekanbaru", "Universitas Riau", WIB),
    "15": _p("jambi", "Jambi", "Universitas Jambi", WIB),
    "16": _p("sumsel", "Palembang", "Universitas Sriwijaya", WIB),
    "17": _p("bengkulu", "Bengkulu", "Universitas Bengkulu", WIB),
    "18": _p("lampung", "Bandar Lampung", "Universitas Lampung", WIB),
    "19": _p("babel", "Pangkalpinang", "Universitas Bangka Belitung", WIB),
    "21": _p("kepri", "Tanjungpinang", "Universitas Maritim Raja Ali Haji", WIB),
    "31": _p("jakarta", "Jakarta", "Universitas Indonesia", WIB),
    "32": _p("jabar", "Bandung", "Universitas Padjadjaran", WIB),
    "33": _p("jateng", "Semarang", "Universitas Diponegoro", WIB),
    "34": _p("diy", "Yogyakarta", "Universitas Gadjah Mada", WIB),
    "35": _p("jatim", "Surabaya", "Universitas Airlangga", WIB),
    "36": _p("banten", "Serang", "Universitas Sultan Ageng Tirtayasa", WIB),
    "51": _p("bali", "Denpasar", "Universitas Udayana", WITA),
    "52": _p("ntb", "Mataram", "Universitas Mataram", WITA),
    "53": _p("ntt", "Kupang", "Universitas Nusa Cendana", WITA),
    "61": _p("kalbar", "Pontianak", "Universitas Tanjungpura", WIB_KALIMANTAN),
    "62": _p("kalteng", "Palangka Raya", "Universitas Palangka Raya", WIB_KALIMANTAN),
    "63": _p("kalsel", "Banjarbaru", "Universitas Lambung Mangkurat", WITA, "Banjarmasin"),
    "64": _p("kaltim", "Samarinda", "Universitas Mulawarman", WITA),
    "65": _p("kaltara", "Tanjung Selor", "Universitas Borneo Tarakan", WITA, "Tarakan"),
    "71": _p("sulut", "Manado", "Universitas Sam Ratulangi", WITA),
    "72": _p("sulteng", "Palu", "Universitas Tadulako", WITA),
    "73": _p("sulsel", "Makassar", "Universitas Hasanuddin", WITA),
    "74": _p("sultra", "Kendari", "Universitas Halu Oleo", WITA),
    "75": _p("gorontalo", "Gorontalo", "Universitas Negeri Gorontalo", WITA),
    "76": _p("sulbar", "Mamuju", "Universitas Sulawesi Barat", WITA),
    "81": _p("maluku", "Ambon", "Universitas Pattimura", WIT),
    "82": _p("malut", "Sofifi", "Universitas Khairun", WIT, "Ternate"),
    "91": _p("papua", "Jayapura", "Universitas Cenderawasih", WIT),
    "92": _p("papuabarat", "Manokwari", "Universitas Papua", WIT),
    "93": _p("papuaselatan", "Merauke", "Universitas Musamus", WIT),
    "94": _p("papuatengah", "Nabire", "", WIT),
    "95": _p("papuapegunungan", "Wamena", "", WIT),
    "96": _p("papuabaratdaya", "Sorong", "", WIT),
}
KALIMANTAN = ("61", "62", "63", "64", "65")


def province(code: str) -> Province:
    """The province's details; a code the table does not know (a future split) gets neutral
    ones rather than failing the demo."""
    return PROVINCES.get(code) or _p(f"prov{code}", f"ibu kota provinsi {code}", "", WIB)
