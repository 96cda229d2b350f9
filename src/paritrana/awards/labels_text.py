"""The packaged template's descriptions and rubric descriptors in the reader's language.

Like the names (`paritrana.awards.labels`), the descriptions of the categories and criteria and
the rubric's descriptors are stored in Bahasa Indonesia, copied from the packaged template
(`awards/data/paritrana_2025.json`). Where a stored text is still exactly a packaged one, pages
show its label in the reader's language; its Indonesian translation is the packaged text itself.
A text the secretariat edited is shown as stored. The labels are keyed by the packaged text, so
a descriptor repeated across categories is translated once.

Only the pages use these labels: official documents, workbooks, the API and the command line
keep the stored texts.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# the packaged text -> its label
TEXTS: dict[str, Promise] = {
    "Perda, Perkada, Pergub/Perbup/Perwali tentang Jamsostek.": pgettext_lazy(
        "award template",
        "Regional bylaws (Perda), regional head regulations (Perkada) and governor, regent or "
        "mayor regulations (Pergub/Perbup/Perwali) on Jamsostek.",
    ),
    "Belum ada regulasi daerah tentang perlindungan Jamsostek.": pgettext_lazy(
        "award template", "No local regulation on Jamsostek protection yet."
    ),
    "Regulasi sedang disusun atau hanya berupa surat edaran.": pgettext_lazy(
        "award template", "A regulation is being drafted, or there is only a circular letter."
    ),
    (
        "Ada Perda/Perkada, tetapi belum mewajibkan anggaran atau belum mencakup pekerja rentan."
    ): pgettext_lazy(
        "award template",
        "A Perda/Perkada exists, but it does not yet require a budget or does not yet cover "
        "vulnerable workers.",
    ),
    (
        "Ada Perda/Perkada yang mewajibkan kepesertaan dan anggaran; pelaksanaan sebagian."
    ): pgettext_lazy(
        "award template", "A Perda/Perkada requires membership and a budget; partly implemented."
    ),
    (
        "Regulasi lengkap (non-ASN, pekerja rentan, pengadaan), dianggarkan dan dilaksanakan "
        "menyeluruh."
    ): pgettext_lazy(
        "award template",
        "Complete regulations (non-ASN staff, vulnerable workers, procurement), budgeted and "
        "implemented in full.",
    ),
    "Capaian UCJ dibanding target wilayah; 100 bila target tercapai.": pgettext_lazy(
        "award template", "UCJ achieved against the region's target; 100 when the target is met."
    ),
    "0 bila tidak tumbuh, 100 bila naik 5 poin atau lebih.": pgettext_lazy(
        "award template", "0 with no growth, 100 for a rise of 5 points or more."
    ),
    "0 pada 0%, 100 pada 20% angkatan kerja.": pgettext_lazy(
        "award template", "0 at 0%, 100 at 20% of the labour force."
    ),
    "APBD untuk iuran JKK dan JKM pekerja rentan.": pgettext_lazy(
        "award template",
        "Regional budget (APBD) for vulnerable workers' work-accident (JKK) and death benefit "
        "(JKM) contributions.",
    ),
    "Tidak ada anggaran APBD/APBDes untuk iuran pekerja rentan.": pgettext_lazy(
        "award template", "No APBD/APBDes budget for vulnerable workers' contributions."
    ),
    (
        "Anggaran kecil, kurang dari 1.000 pekerja rentan atau kurang dari sepertiga kebutuhan."
    ): pgettext_lazy(
        "award template",
        "A small budget: fewer than 1,000 vulnerable workers or less than a third of the need.",
    ),
    "Anggaran menutup sebagian kebutuhan pekerja rentan.": pgettext_lazy(
        "award template", "The budget covers part of the need for vulnerable workers."
    ),
    "Anggaran menutup sebagian besar kebutuhan dan direalisasikan.": pgettext_lazy(
        "award template", "The budget covers most of the need and is actually spent."
    ),
    "Anggaran menutup seluruh sasaran pekerja rentan dan meningkat dari tahun lalu.": pgettext_lazy(
        "award template",
        "The budget covers all the targeted vulnerable workers and has grown since last year.",
    ),
    "Tidak ada inovasi.": pgettext_lazy("award template", "No innovation."),
    "Ada gagasan inovasi, belum dilaksanakan.": pgettext_lazy(
        "award template", "An idea for an innovation, not yet put into practice."
    ),
    "Inovasi dilaksanakan dalam skala kecil.": pgettext_lazy(
        "award template", "An innovation put into practice on a small scale."
    ),
    "Inovasi dilaksanakan luas dan berdampak pada cakupan.": pgettext_lazy(
        "award template", "An innovation put into practice widely, with an effect on coverage."
    ),
    (
        "Inovasi berdampak terukur, berkelanjutan dan dapat ditiru daerah/perusahaan lain."
    ): pgettext_lazy(
        "award template",
        "An innovation with a measurable, lasting effect that other regions or companies can copy.",
    ),
    "Tidak memahami program Jamsostek dan kewajibannya.": pgettext_lazy(
        "award template",
        "Does not understand the Jamsostek programmes and the obligations they bring.",
    ),
    "Memahami sebagian program; tidak dapat menjelaskan langkah perluasan cakupan.": pgettext_lazy(
        "award template",
        "Understands some of the programmes; cannot explain the steps to widen coverage.",
    ),
    "Memahami program dan kewajiban; rencana perluasan umum.": pgettext_lazy(
        "award template",
        "Understands the programmes and the obligations; a general plan to widen coverage.",
    ),
    "Memahami dengan baik; rencana terukur dan terkait anggaran.": pgettext_lazy(
        "award template", "Understands them well; a measurable plan tied to the budget."
    ),
    (
        "Pemahaman menyeluruh, komitmen pimpinan kuat (kepala daerah/pimpinan hadir langsung), "
        "rencana terukur."
    ): pgettext_lazy(
        "award template",
        "Thorough understanding, strong commitment from the top (the regional head or the head "
        "of the organisation attends in person), a measurable plan.",
    ),
    "0 pada 50%, 100 bila seluruh pekerja terdaftar.": pgettext_lazy(
        "award template", "0 at 50%, 100 when every worker is registered."
    ),
    "Seluruh program wajib sesuai segmen.": pgettext_lazy(
        "award template", "Every programme compulsory for the membership segment."
    ),
    "Iuran dibayar penuh sebelum jatuh tempo.": pgettext_lazy(
        "award template", "Contributions paid in full before the due date."
    ),
    "Iuran dibayar dibanding iuran menurut aturan atas upah yang dilaporkan.": pgettext_lazy(
        "award template",
        "Contributions paid, against those the rules require on the reported wages.",
    ),
    (
        "Tidak ada persyaratan Jamsostek bagi vendor dan tidak ada program CSR pekerja rentan."
    ): pgettext_lazy(
        "award template",
        "No Jamsostek requirement for vendors and no CSR programme for vulnerable workers.",
    ),
    "Persyaratan vendor atau CSR ada, belum dijalankan.": pgettext_lazy(
        "award template",
        "A vendor requirement or a CSR programme exists but is not yet carried out.",
    ),
    "Sebagian vendor dipersyaratkan atau CSR menjangkau sedikit pekerja rentan.": pgettext_lazy(
        "award template",
        "Some vendors are held to the requirement, or CSR reaches a few vulnerable workers.",
    ),
    "Sebagian besar vendor dipersyaratkan dan CSR berjalan.": pgettext_lazy(
        "award template", "Most vendors are held to the requirement and CSR is running."
    ),
    "Seluruh rantai pasok dipersyaratkan dan CSR melindungi banyak pekerja rentan.": pgettext_lazy(
        "award template",
        "The whole supply chain is held to the requirement and CSR protects many vulnerable "
        "workers.",
    ),
    "Peringkat jumlah peserta aktif di antara desa kandidat provinsi.": pgettext_lazy(
        "award template",
        "Rank by the number of active members among the province's candidate villages.",
    ),
    "Peringkat peserta BPU (pekerja rentan) aktif.": pgettext_lazy(
        "award template", "Rank by active BPU members (vulnerable workers)."
    ),
    "Varian edisi sebelumnya.": pgettext_lazy(
        "award template", "A variant from an earlier edition."
    ),
    "Penghargaan khusus (artikel sumber).": pgettext_lazy(
        "award template", "A special award (source article)."
    ),
}


def text_label(text: str) -> str:
    """A description or a rubric descriptor for the reader: the label while it is a packaged
    text, otherwise as stored."""
    label = TEXTS.get(text)
    return str(label) if label is not None else text
