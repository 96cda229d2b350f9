"""The contribution calculator (public), as the calculator page and `paritrana contribution`
show it: each programme as BPJS bills it, and the JKP recomposition as a note."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from paritrana.api.auth import PUBLIC_DOC, public
from paritrana.rules import calculate

router = Router(tags=["iuran"], auth=public())

Risk = Literal[
    "very_low",
    "low",
    "medium",
    "high",
    "very_high",
    "sangat_rendah",
    "rendah",
    "sedang",
    "tinggi",
    "sangat_tinggi",
]


class ContributionQuery(Schema):
    segmen: Literal["PU", "BPU", "Jakon"] = Field(description="PU, BPU atau Jakon.")
    tanggal: dt.date | None = Field(None, description="Tanggal berlaku (bawaan: hari ini).")
    upah: int | None = Field(None, description="PU: upah sebulan, rupiah.")
    risiko: Risk | None = Field(None, description="PU: kelompok risiko JKK.")
    usia: int | None = Field(None, description="PU: usia pekerja dalam tahun (untuk JP).")
    diskon: bool = Field(False, description="PU: pemberi kerja berhak atas diskon JKK.")
    penghasilan: int | None = Field(None, description="BPU: penghasilan sebulan, rupiah.")
    jht: bool = Field(False, description="BPU: ikut JHT (pilihan).")
    nilai_kontrak: int | None = Field(None, description="Jakon: nilai kontrak, rupiah.")


class RuleOut(Schema):
    key: str = Field(description="Kunci baris tabel aturan (untuk program, bukan untuk dibaca).")
    label: str = Field(description="Nama aturan dengan kata-kata.")
    description: str = Field(
        description="Aturan dengan nilainya, mis. 'JKK, ...: 0,89% dari upah'."
    )
    value: str = Field(description="Nilai desimal, mis. 0.89.")
    unit: str = Field(description="percent, rupiah atau years.")
    valid_from: dt.date
    valid_to: dt.date | None
    basis: str = Field(description="Dasar hukum.")
    verified: bool


class BilledOut(Schema):
    programme: str = Field(description="JKK, JKM, JHT atau JP: satu baris tagihan.")
    employer: int = Field(description="Bagian pemberi kerja, rupiah.")
    worker: int = Field(description="Bagian pekerja (peserta BPU), rupiah.")
    total: int
    base: int | None = Field(description="Dasar perhitungan (upah, upah berbatas, nilai kontrak).")
    discount: int = Field(
        description="Diskon JKK yang sudah dikurangkan dari bagian pemberi kerja."
    )
    rules: list[RuleOut]


class TotalsOut(Schema):
    employer: int
    worker: int
    billed: int = Field(description="Seluruh tagihan: jumlah baris tagihan.")


class RecompositionOut(Schema):
    base: int = Field(description="Dasar JKP: upah, paling banyak batas upah JKP.")
    wage_cap: int
    from_jkk: int = Field(description="Bagian iuran JKK yang dialihkan BPJS ke JKP.")
    from_jkk_rate: str
    from_jkm: int = Field(description="Bagian iuran JKM yang dialihkan BPJS ke JKP.")
    from_jkm_rate: str
    recomposed: int = Field(description="Jumlah rekomposisi; sudah termasuk dalam tagihan.")
    government: int = Field(description="Iuran JKP pemerintah pusat, di luar tagihan.")
    government_rate: str
    jkp_total: int
    basis: str
    note: str = Field(description="Catatan rekomposisi dengan kata-kata.")


class ContributionOut(Schema):
    segment: str
    date: dt.date
    inputs: dict[str, Any]
    billed: list[BilledOut]
    totals: TotalsOut
    recomposition: RecompositionOut | None = Field(
        description="PU sejak 2021-02-02: pendanaan JKP; tidak menambah tagihan."
    )
    notes: list[str]
    rules: list[RuleOut]
    unverified_rules: list[str] = Field(description="Kunci aturan yang belum terverifikasi.")


@router.get(
    "",
    response=ContributionOut,
    summary="Hitung iuran Jamsostek",
    description="Setiap program seperti ditagih BPJS menurut tabel aturan yang berlaku pada "
    "tanggal itu; rekomposisi JKP sebagai catatan. Masukan yang salah dijawab 422.",
    openapi_extra=PUBLIC_DOC,
)
def contribution(request: HttpRequest, query: Query[ContributionQuery]) -> dict[str, Any]:
    result = calculate(
        segment=query.segmen,
        on=query.tanggal or timezone.localdate(),
        wage=query.upah,
        risk=query.risiko,
        age=query.usia,
        discount_eligible=query.diskon,
        income=query.penghasilan,
        bpu_jht=query.jht,
        contract_value=query.nilai_kontrak,
    )
    return result.to_dict()
