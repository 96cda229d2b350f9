"""The packaged reference texts in the reader's language.

Category and criterion names are stored in the database, copied from the packaged template
(`awards/data/paritrana_2025.json`), and the award zones from the packaged `zones.csv`: all in
Bahasa Indonesia. Where a stored name is still exactly the packaged text for its code, pages show
its label in the reader's language; its Indonesian translation is the packaged text itself, so a
Bahasa reader sees exactly what is stored. A name the secretariat edited is shown as stored.

Only the pages use these labels: certificates, the public announcement and other official
documents, the domain's messages and the stored data keep the stored Bahasa Indonesia names.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# category code -> (the packaged name, its label)
CATEGORIES: dict[str, tuple[str, Promise]] = {
    "pemda-kabkota": (
        "Pemerintah Kabupaten/Kota",
        pgettext_lazy("award template", "Regency and city governments"),
    ),
    "perusahaan-besar-menengah": (
        "Perusahaan Skala Besar dan Menengah",
        pgettext_lazy("award template", "Large and medium-sized companies"),
    ),
    "usaha-kecil-mikro": (
        "Usaha Kecil dan Mikro",
        pgettext_lazy("award template", "Small and micro businesses"),
    ),
    "pemda-desa": (
        "Pemerintah Desa/Kelurahan",
        pgettext_lazy("award template", "Village governments"),
    ),
    "pemda-provinsi": (
        "Pemerintah Provinsi (per zona)",
        pgettext_lazy("award template", "Provincial governments (per zone)"),
    ),
    "perusahaan-besar-keuangan": (
        "Perusahaan Besar sektor keuangan, perdagangan dan jasa",
        pgettext_lazy("award template", "Large companies in finance, trade and services"),
    ),
    "perusahaan-besar-manufaktur": (
        "Perusahaan Besar sektor manufaktur, pertambangan dan migas",
        pgettext_lazy("award template", "Large companies in manufacturing, mining, oil and gas"),
    ),
    "perusahaan-besar-agribisnis": (
        "Perusahaan Besar sektor pertanian, perkebunan dan perikanan",
        pgettext_lazy(
            "award template", "Large companies in agriculture, plantations and fisheries"
        ),
    ),
    "perusahaan-menengah": (
        "Perusahaan Menengah",
        pgettext_lazy("award template", "Medium-sized companies"),
    ),
    "ukm": (
        "Usaha Kecil dan Menengah (UKM)",
        pgettext_lazy("award template", "Small and medium enterprises (SMEs)"),
    ),
    "layanan-publik": ("Layanan Publik", pgettext_lazy("award template", "Public services")),
    "inovasi-pekerja-rentan": (
        "Inovasi perlindungan pekerja rentan",
        pgettext_lazy("award template", "Innovation in protecting vulnerable workers"),
    ),
    "tertib-administrasi": (
        "Tertib administrasi kepesertaan",
        pgettext_lazy("award template", "Orderly membership administration"),
    ),
}

# (criterion code, the packaged name) -> its label; one code has different names in
# different categories ("Regulasi", "Regulasi desa (Perdes/Perkades)").
CRITERIA: dict[tuple[str, str], Promise] = {
    ("regulasi", "Regulasi"): pgettext_lazy("award template", "Regulation"),
    ("regulasi", "Regulasi desa (Perdes/Perkades)"): pgettext_lazy(
        "award template", "Village regulation (Perdes/Perkades)"
    ),
    ("coverage", "Coverage (cakupan dan pertumbuhannya)"): pgettext_lazy(
        "award template", "Coverage (level and growth)"
    ),
    ("coverage", "Coverage"): pgettext_lazy("award template", "Coverage"),
    ("ucj", "Universal Coverage Jamsostek terhadap target"): pgettext_lazy(
        "award template", "Universal Coverage Jamsostek against the target"
    ),
    ("pertumbuhan", "Pertumbuhan UCJ dari tahun lalu"): pgettext_lazy(
        "award template", "UCJ growth since last year"
    ),
    ("bpu", "Cakupan pekerja rentan (BPU)"): pgettext_lazy(
        "award template", "Coverage of vulnerable workers (BPU)"
    ),
    ("anggaran", "Anggaran untuk pekerja rentan"): pgettext_lazy(
        "award template", "Budget for vulnerable workers"
    ),
    ("anggaran", "Anggaran APBDes untuk pekerja rentan"): pgettext_lazy(
        "award template", "Village budget (APBDes) for vulnerable workers"
    ),
    ("inovasi", "Inovasi"): pgettext_lazy("award template", "Innovation"),
    ("pemahaman", "Pemahaman (wawancara)"): pgettext_lazy(
        "award template", "Understanding (interview)"
    ),
    ("kepatuhan", "Komitmen kepatuhan"): pgettext_lazy(
        "award template", "Commitment to compliance"
    ),
    ("terdaftar", "Pekerja terdaftar dari yang dilaporkan"): pgettext_lazy(
        "award template", "Registered workers out of those reported"
    ),
    ("program", "Kelengkapan program"): pgettext_lazy("award template", "Complete programmes"),
    ("tepat_waktu", "Pembayaran tepat waktu"): pgettext_lazy(
        "award template", "Contributions paid on time"
    ),
    ("upah_penuh", "Iuran sesuai upah sebenarnya"): pgettext_lazy(
        "award template", "Contributions on the actual wage"
    ),
    ("vendor_csr", "Vendor dan CSR untuk pekerja rentan"): pgettext_lazy(
        "award template", "Vendors and CSR for vulnerable workers"
    ),
    ("aktif", "Peserta aktif di desa (peringkat dalam provinsi)"): pgettext_lazy(
        "award template", "Active members in the village (rank within the province)"
    ),
    ("bpu_aktif", "Peserta BPU aktif (peringkat dalam provinsi)"): pgettext_lazy(
        "award template", "Active BPU members (rank within the province)"
    ),
}

# The national group and the award zones: (zone code, the packaged group name) -> its label.
NATIONAL = ("Nasional", pgettext_lazy("award template", "National"))
ZONES: dict[str, tuple[str, Promise]] = {
    "sumatera": ("Zona Sumatera", pgettext_lazy("award template", "Sumatra zone")),
    "jawa-bali": ("Zona Jawa-Bali", pgettext_lazy("award template", "Java-Bali zone")),
    "kalimantan": ("Zona Kalimantan", pgettext_lazy("award template", "Kalimantan zone")),
    "sulawesi": ("Zona Sulawesi", pgettext_lazy("award template", "Sulawesi zone")),
    "nusa-tenggara-maluku-papua": (
        "Zona Nusa Tenggara-Maluku-Papua",
        pgettext_lazy("award template", "Nusa Tenggara-Maluku-Papua zone"),
    ),
}


def category_label(code: str, name: str) -> str:
    """The category's name for the reader: the label while it is the packaged name."""
    packaged = CATEGORIES.get(code)
    return str(packaged[1]) if packaged is not None and packaged[0] == name else name


def criterion_label(code: str, name: str) -> str:
    """The criterion's name for the reader: the label while it is the packaged name."""
    label = CRITERIA.get((code, name))
    return str(label) if label is not None else name


def group_label(code: str, name: str, *, national: bool = False) -> str:
    """A ranking group's name for the reader: "Nasional" and the zones ("Zona Jawa-Bali") in
    the reader's language; provinces by their own names."""
    if national and name == NATIONAL[0]:
        return str(NATIONAL[1])
    packaged = ZONES.get(code)
    return str(packaged[1]) if packaged is not None and packaged[0] == name else name
