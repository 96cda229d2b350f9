"""Calibration of the synthetic national year: every number `synth` draws from, with its source.

"DOMAIN" below marks a published figure from the team's domain notes (the figure's own source
and section are named in each comment). Everything marked ASSUMPTION is a modelling choice of
the generator, not a published figure: change it freely, but keep the comment honest.
"""

from __future__ import annotations

# --- Scale --------------------------------------------------------------------------------------

# The size `participants` is compared with: a national year of distinct participants.
# DOMAIN "Scale": 41.56 M active (Dec 2023), 45.2 M (end 2024), 39.7 M (Apr 2025); 40 M is the
# round national figure the benchmark uses ("40 M participants x 12 months").
NATIONAL_PARTICIPANTS = 40_000_000

# DOMAIN "Scale": employed population 144.64 M (BPS Sakernas Aug 2024). Scaled by
# participants / NATIONAL_PARTICIPANTS for the synthetic workforce base.
EMPLOYED_AUG_2024 = 144_640_000

# --- Segments -----------------------------------------------------------------------------------

# DOMAIN "Scale": active participants Apr 2025: PU 25.43 M, BPU 8.99 M, Jakon 4.64 M, PMI 0.64 M.
# The segment mix of distinct participants is taken proportional to these.
SEGMENT_ACTIVE_APR_2025 = {"PU": 25_430_000, "BPU": 8_990_000, "Jakon": 4_640_000, "PMI": 640_000}

# --- Provinces ----------------------------------------------------------------------------------

# DOMAIN "Scale": active participants by province, Dec 2023 (Kemnaker data), 28 provinces.
PROVINCE_ACTIVE_DEC_2023 = {
    "11": 583_638,  # Aceh
    "12": 2_057_246,  # Sumatera Utara
    "13": 710_474,  # Sumatera Barat
    "14": 1_108_274,  # Riau
    "15": 658_038,  # Jambi
    "16": 915_142,  # Sumatera Selatan
    "17": 212_266,  # Bengkulu
    "18": 578_889,  # Lampung
    "19": 216_685,  # Kepulauan Bangka Belitung
    "21": 614_605,  # Kepulauan Riau
    "31": 7_498_532,  # DKI Jakarta
    "32": 4_855_121,  # Jawa Barat
    "33": 3_947_422,  # Jawa Tengah
    "34": 558_681,  # DI Yogyakarta
    "35": 4_583_246,  # Jawa Timur
    "36": 2_631_601,  # Banten
    "51": 1_027_234,  # Bali
    "52": 570_391,  # Nusa Tenggara Barat
    "53": 364_870,  # Nusa Tenggara Timur
    "61": 729_270,  # Kalimantan Barat
    "62": 686_023,  # Kalimantan Tengah
    "63": 634_862,  # Kalimantan Selatan
    "64": 1_323_233,  # Kalimantan Timur
    "65": 245_948,  # Kalimantan Utara
    "71": 578_610,  # Sulawesi Utara
    "72": 565_871,  # Sulawesi Tengah
    "73": 1_003_082,  # Sulawesi Selatan
    "74": 323_070,  # Sulawesi Tenggara
}
# DOMAIN "Scale": 41.56 M active in Dec 2023 nationally.
NATIONAL_ACTIVE_DEC_2023 = 41_560_000
# ASSUMPTION: the ten provinces DOMAIN has no count for (Gorontalo, Sulawesi Barat, Maluku,
# Maluku Utara and the six Papua provinces) share the remainder of the national total
# (41.56 M - 39.78 M = 1.78 M, about 23,700 per kab/kota) in proportion to their number of
# kab/kota.

# ASSUMPTION, within a province: a kab/kota's weight is 8 per kelurahan (urban village, code
# digit 1) plus 1 per desa (rural village): cities weigh more than their village count says.
# Without villages in the RegionIndex: kota (code 71 and up) 3, kabupaten 1.
KELURAHAN_WEIGHT = 8
DESA_WEIGHT = 1
KOTA_WEIGHT_WITHOUT_VILLAGES = 3
KABUPATEN_WEIGHT_WITHOUT_VILLAGES = 1

# --- Employers ----------------------------------------------------------------------------------

# DOMAIN "Scale": 839,937 registered employers (Feb 2025), 677,820 of them micro. The employer
# count scales with participants / NATIONAL_PARTICIPANTS.
EMPLOYERS_FEB_2025 = 839_937
MICRO_EMPLOYERS_FEB_2025 = 677_820

# ASSUMPTION: shares of employers that are construction contractors (their registered workers are
# Jakon) and migrant-worker placement agencies (P3MI; their workers are PMI). P3MI are never micro.
JAKON_EMPLOYER_SHARE = 0.05
PMI_EMPLOYER_SHARE = 0.005

# ASSUMPTION: size classes by number of workers (BPS convention): mikro 1-4, kecil 5-19,
# menengah 20-99, besar 100 and more. A micro employer registers 1-4 workers with these odds.
SIZE_CLASS_MIN_WORKERS = {"mikro": 1, "kecil": 5, "menengah": 20, "besar": 100}
MICRO_WORKER_ODDS = (0.40, 0.30, 0.20, 0.10)  # 1, 2, 3, 4 workers
# ASSUMPTION: non-micro employers split 60% kecil, 28% menengah, 12% besar; kecil and menengah
# sizes spread log-uniformly over their class; besar employers take the rest of the segment's
# workers with a Pareto tail of this shape (so the few large employers hold most PU workers,
# ~84% at national scale). The largest holds at most LARGEST_EMPLOYER_SHARE of its segment's
# workers, or 3 times the mean besar size when that is larger (small synthetic sizes), but never
# more than half the largest province's share of the segment (so that a small synthetic year
# keeps the province order; at national scale this never binds).
LARGEST_VS_TOP_PROVINCE = 0.5
NON_MICRO_CLASS_SHARES = {"kecil": 0.60, "menengah": 0.28, "besar": 0.12}
PARETO_SHAPE = 1.1
LARGEST_EMPLOYER_SHARE = 0.01

# ASSUMPTION: reported workforce against registered workers. Most report exactly their
# registered workers; UNDER_REGISTRATION_SHARE report more (factor 1.1-2.5: under-registration);
# STALE_REPORT_SHARE report fewer (a stale report, a data-quality flag). Micro stays <= 4.
UNDER_REGISTRATION_SHARE = 0.25
UNDER_REGISTRATION_FACTOR = (1.1, 2.5)
STALE_REPORT_SHARE = 0.02

# ASSUMPTION: sectors of PU employers, their weight and their JKK risk group (PP 44/2015 groups;
# the mapping of a sector to a group is illustrative, real employers are classified one by one).
PU_SECTORS = (
    ("perdagangan", 0.30, "low"),
    ("industri pengolahan", 0.15, "medium"),
    ("jasa lainnya", 0.14, "very_low"),
    ("akomodasi dan makan minum", 0.10, "low"),
    ("pertanian dan perkebunan", 0.10, "high"),
    ("transportasi dan pergudangan", 0.08, "medium"),
    ("jasa keuangan", 0.04, "very_low"),
    ("konstruksi", 0.04, "high"),
    ("informasi dan komunikasi", 0.03, "very_low"),
    ("pertambangan", 0.02, "very_high"),
)
JAKON_SECTOR = ("konstruksi", "high")
PMI_SECTOR = ("penempatan pekerja migran", "low")
SECTOR_RISK = dict([(name, risk) for name, _, risk in PU_SECTORS] + [JAKON_SECTOR, PMI_SECTOR])
NAME_WORDS = (
    "Maju",
    "Jaya",
    "Sentosa",
    "Makmur",
    "Abadi",
    "Sejahtera",
    "Mandiri",
    "Karya",
    "Bersama",
    "Lestari",
    "Nusantara",
    "Harapan",
    "Sumber",
    "Mulia",
    "Cahaya",
    "Perkasa",
)

# --- Participants -------------------------------------------------------------------------------

# ASSUMPTION: 90% of participants are registered all year, 5% join in a month from February to
# December, 5% leave after a month from January to November (rows ~ participants x 11.4).
FULL_YEAR_SHARE = 0.90
JOINER_SHARE = 0.05

# ASSUMPTION: village_code is filled for every BPU participant (BPU registration goes through
# villages) and for this share of the others; NULL otherwise.
VILLAGE_SHARE_NON_BPU = 0.30

# ASSUMPTION: programmes. PU is enrolled in all four except a JP gap (a compliance finding) with
# this chance by employer size; BPU has JKK+JKM and 20% also JHT (brief); PMI JKK+JKM and 25%
# JHT; Jakon JKK+JKM (DOMAIN "Jamsostek": PU all four, BPU optional JHT, Jakon JKK and JKM).
PU_JP_GAP = {"mikro": 0.25, "kecil": 0.10, "menengah": 0.03, "besar": 0.01}
BPU_JHT_SHARE = 0.20
PMI_JHT_SHARE = 0.25

# ASSUMPTION: wages. PU lognormal with median Rp3.5 M and log-sd 0.55 (about 2% above the JP
# wage cap), at least Rp1 M, rounded to Rp1,000. Jakon workers: median Rp3.2 M, log-sd 0.3.
# BPU declared income Rp1-5 M in steps of Rp100,000, skewed to the low end. PMI: declared income
# Rp1-2 M, and their dues follow the BPU rules (the rules table has no PMI rule).
PU_WAGE_MEDIAN, PU_WAGE_LOG_SD = 3_500_000, 0.55
JAKON_WAGE_MEDIAN, JAKON_WAGE_LOG_SD = 3_200_000, 0.30
WAGE_FLOOR = 1_000_000
# ASSUMPTION, Jakon: a worker-month stands for the part of a construction contract its wage is
# the labour share of (labour ~30% of contract value): contract_value = wage * 10 // 3, charged
# with the marginal tier rates of the rules table each month.
JAKON_CONTRACT_PER_WAGE = (10, 3)

# --- Payment behaviour --------------------------------------------------------------------------

# ASSUMPTION: each employer (and each BPU participant) has a payment habit: 0 orderly,
# 1 often late, 2 chronically in arrears (stops paying from a month in April..December and stays
# unpaid). Odds by size class; tuned so that ~85% of records are paid by the due date (brief).
PAY_CLASS_ODDS = {
    "besar": (0.80, 0.18, 0.02),
    "menengah": (0.72, 0.22, 0.06),
    "kecil": (0.65, 0.25, 0.10),
    "mikro": (0.60, 0.28, 0.12),
    "BPU": (0.70, 0.20, 0.10),
}
# Per record, by habit: (on time, late) chances; the rest is unpaid. Arrears habit: before the
# stop month only. Late records are paid 1..LATE_DAYS days after the due date.
RECORD_ODDS = {0: (0.955, 0.035), 1: (0.62, 0.35), 2: (0.50, 0.45)}
LATE_DAYS = {0: 20, 1: 45, 2: 120}
ARREARS_STOP_MONTHS = (4, 12)
# ASSUMPTION: a late or arrears-habit payer pays half of what is due in this share of its
# paid records (underpayment for the compliance metric).
PARTIAL_SHARE = 0.05
DUE_DAY = 15  # ASSUMPTION: due the 15th of the following month (brief)

# --- Inputs besides contributions ---------------------------------------------------------------

# DOMAIN "UCJ": Kalimantan Barat ~1.8 M workers, 31% covered (2025): that province's workforce
# is set so its December UCJ is ~31%.
UCJ_ANCHORS = {"61": 31.0}
# ASSUMPTION: other provinces' workforce: UCJ proportional to sqrt(participant share / kab/kota
# share) (formal work concentrates in a few regions), scaled to the national employed total;
# inside a province, workforce proportional to sqrt(participants) of each kab/kota. Previous
# year: 2% fewer workers.
WORKFORCE_GROWTH = 0.02
WORKFORCE_SOURCE = "sintetis: BPS Sakernas Agustus 2024 (144,64 juta) diskalakan"
# At the published scale (`synth_scale`): the national total is BPS's published figure, its
# spread over provinces and kab/kota synthetic.
PUBLISHED_WORKFORCE_SOURCE = (
    "sintetis: total nasional BPS Sakernas Agustus {year}, sebaran wilayah sintetis"
)

# DOMAIN "UCJ": Kemendagri 2025 target 52.15% (default for every province); per-region targets
# Kalimantan Barat 59.56% and Bali 67.28% (2025), Kalimantan Selatan 70% (2026).
DEFAULT_TARGET = (52.15, "Kemendagri 2025 (bawaan sintetis)")
REGION_TARGETS = {
    ("61", 2025): (59.56, "target Kalimantan Barat 2025"),
    ("51", 2025): (67.28, "target Bali 2025"),
    ("63", 2026): (70.0, "target Kalimantan Selatan 2026"),
}

# DOMAIN "UCJ": Kalimantan Barat 2024 benefits paid: Rp 711.58 bn to 61,533 participants and
# heirs. Benefits are proportional to participants, at that rate per Kalimantan Barat
# participant at national scale.
KALBAR_BENEFITS_2024 = (711_580_000_000, 61_533)
# ASSUMPTION: split of amount and recipients over programmes (JHT dominates the money, JKK the
# claims after it).
BENEFIT_SPLIT = {
    "JHT": (0.80, 0.70),
    "JP": (0.08, 0.05),
    "JKM": (0.06, 0.05),
    "JKK": (0.06, 0.20),
}
