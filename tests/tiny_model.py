"""A tiny text model for tests of the store, pages, API and CLI that need a model's suggestions
but not the shipped model's judgement: a real `TextClassifier` fit in about a second on the few
dozen examples below, saved as an artifact with its card and loaded back through the checksum
check, as a trained model is. Tests of what the shipped model decides use `shipped_model`."""

from pathlib import Path

from triage.labels import LABELS
from triage.model import artifact, classifier

VERSION = "tiny-test-model"

EXAMPLES: dict[str, list[str]] = {
    "support": ["mantap min semangat terus", "terima kasih min pelayanannya bagus", "keren sukses selalu",
                "semangat pak petugas", "mantap pelayanannya cepat", "terima kasih informasinya min",
                "luar biasa kerja bagus", "sukses terus ditjenpas"],
    "info_request": ["min jam besuk lapas cipinang kapan ya?", "syarat remisi apa aja min?",
                     "bagaimana cara daftar kunjungan online?", "kapan jadwal besuk hari sabtu?",
                     "apa syarat pembebasan bersyarat?", "min mau tanya cara titip barang gimana?",
                     "dimana alamat rutan salemba?", "berapa lama proses asimilasi?"],
    "complaint": ["keluarga saya dimintai uang sama petugas rutan, tolong ditindak",
                  "ada pungli waktu besuk di lapas", "petugas kasar sama keluarga napi tolong ditindak",
                  "saya dimintai uang untuk kunjungan", "pelayanan lambat sudah tiga jam menunggu",
                  "ada narkoba beredar di dalam lapas tolong ditindak", "anak saya dipukuli di rutan",
                  "sudah lapor tapi tidak ada tanggapan"],
    "attack": ["dasar admin goblok kerja ga becus", "petugas bodoh semua tidak berguna",
               "anjing kalian semua", "admin tolol bisanya hapus komentar", "dasar koruptor semua busuk",
               "goblok banget kerjanya", "bangsat petugasnya", "sampah kalian semua"],
    "fake_account": ["slot gacor maxwin depo 10rb link di bio", "judi online gacor hari ini daftar sekarang",
                     "promo slot deposit pulsa tanpa potongan", "link alternatif gacor cek bio",
                     "situs slot terpercaya bonus new member", "maxwin hari ini klik link di bio",
                     "togel online depo 5rb", "dijamin jp slot gacor"],
    "other": ["hadir", "@budi liat nih", "nyimak", "first", "@sari coba lihat", "absen dulu", "wkwk",
              "@andi ini bukan"],
}


def save_tiny_model(directory: Path) -> Path:
    """Fit the tiny model and save it with its card into `directory`; the model.joblib's path."""
    # Each example twice: the joining rule learns from a random 30% of the rows and needs every
    # label among them.
    texts = [text for label in LABELS for text in EXAMPLES[label]] * 2
    labels = [label for label in LABELS for _ in EXAMPLES[label]] * 2
    # Small hashing spaces: the artifact is some 40 KB and loads at once.
    pipeline = classifier.fit(texts, labels, word_bits=12, char_bits=12, source_cap=100)
    card = {"version": VERSION, "labels": list(LABELS), "thresholds": {"needs_review_below": 0.0},
            "metrics": {}, "note": "tests/tiny_model.py: a test fixture, not a model for the desk"}
    artifact.save(classifier.TextClassifier(pipeline), directory, card)
    return directory / artifact.ARTIFACT
