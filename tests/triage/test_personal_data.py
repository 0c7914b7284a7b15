import pytest

from triage.personal_data import find, kinds, kinds_all, redact

POSITIVES = [
    ("NIK saya 3174051203850002 tolong dicek", "national id (NIK)"),
    ("nik istri 3273124506900001", "national id (NIK)"),  # day + 40: a woman born on the 5th
    ("KTP 3578 0101 0190 0003 ga kebaca", "national id (NIK)"),
    ("hub saya 0812-3456-7890", "phone number"),
    ("wa +62 812 3456 7890 ya min", "phone number"),
    ("telp 6281234567890", "phone number"),
    ("kantor (021) 555-1234", "phone number"),
    ("email saya budi.santoso@gmail.com", "e-mail address"),
    ("suami saya register B.I 1234/2023", "prisoner register number"),
    ("no reg BIIa-56/2024 atas nama ayah", "prisoner register number"),
    ("rumah di Jl. Melati Raya No. 12 Bandung", "home address"),
    ("alamat gang mawar no 7", "home address"),
    ("RT 03/RW 05 kelurahan cempaka", "home address"),
]
NEGATIVES = [
    "remisi 17 agustus 2025 diberikan ke 1234 napi",
    "jam besuk 08.00-12.00 hari senin",
    "transfer rp 1.500.000 ke rekening resmi",
    "order 1234567890123456",  # 16 digits but province 12 and month 78 make no NIK
    "pasal 22 ayat 7 UU 14/2008",
    "@budi_88 liat nih",
    "lapas kelas IIA cipinang",
    "jalan jalan ke nusakambangan",
]


@pytest.mark.parametrize(("text", "kind"), POSITIVES)
def test_personal_data_is_found(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_numbers_are_not_personal_data(text):
    assert kinds(text) == []


def test_redact_replaces_what_was_found():
    assert redact("hub 0812-3456-7890 atau budi@x.id") == "hub [phone number] atau [e-mail address]"


def test_a_batch_finds_what_each_text_alone_finds():
    long_article = "berita 2017/12/22 harga naik 10%. " * 300 + "hubungi 0812-3456-7890. " + "x" * 50
    texts = ([text for text, _ in POSITIVES] + NEGATIVES
             + ["", "baris\npertama 0812 3456 7890", "nul\x00di 0812-3456-7890", long_article,
                "Jl. İstana No. 5", "B.I 1234/20231", "a register B.I 1234/2023 and A.II.77/2025"])
    assert kinds_all(texts) == [kinds(text) for text in texts]
    assert kinds_all(texts)[-4:-2] == [["phone number"], ["home address"]]


def test_a_register_number_is_found_however_far_into_a_long_text():
    text = "kata " * 2000 + "register B.I 1234/2023, lalu A.II.77/2025"
    assert [text[f.start:f.end] for f in find(text)] == ["register B.I 1234/2023", "A.II.77/2025"]
