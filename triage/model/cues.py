"""Cues that travel: what a comment does (asks, reports a problem, praises, insults), in words
that any topic uses, as a few binary features beside the n-grams.

Topic words ("lapas", "bpjs", "samsat") tell which service a comment is about, not whether it
asks or complains; a model that leans on them fails on a service it has never seen. The cue
groups below are about the speech act: interrogatives and request markers ("mau tanya",
"gimana"), first-person problem statements ("saya sudah ... tapi belum"), negation and time
since ("dari kemarin", "sudah seminggu"), praise, insults. Each group is one feature (present
or not), plus where a question word or mark stands and a few pairs of groups.

Reads texts as `triage.model.normalise.normalise_all` returns them (lower case, tokens apart, "?" and
emoji as tokens). Fast: one dictionary look-up per token, in Python, for the whole batch.
"""

from itertools import repeat

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

# Each group: single words, and two-word phrases written with a space.
CUE_GROUPS: dict[str, tuple[str, ...]] = {
    "question_word": (
        "apa", "apakah", "siapa", "siapakah", "kapan", "kapankah", "dimana", "dimanakah", "manakah",
        "bagaimana", "bagaimanakah", "gimana", "gmn", "gmna", "gimn", "bgmn", "berapa", "berapakah", "brp",
        "brapa", "kenapa", "knp", "mengapa", "napa", "bisakah", "bolehkah", "adakah", "haruskah", "perlukah",
        "kah", "what", "how", "when", "where", "why", "who", "which", "di mana", "ke mana", "kemana",
        "apa saja", "apa aja", "apa ya", "bisa ga", "bisa gak", "bisa nggak", "bisa tidak", "boleh ga",
        "boleh gak", "boleh tidak", "ada ga", "ada gak", "is there", "can i", "do you", "could you"),
    "asking": (
        "tanya", "nanya", "bertanya", "tanyain", "info", "infonya", "informasi", "penjelasan", "caranya",
        "syarat", "syaratnya", "persyaratan", "prosedur", "prosedurnya", "alurnya", "mau tanya",
        "izin tanya", "ijin tanya", "numpang tanya", "boleh tanya", "mohon info", "minta info",
        "info dong", "cara", "bagaimana cara", "gimana cara", "ask", "question", "information"),
    "request": (
        "mohon", "tolong", "minta", "please", "pls", "plis", "harap", "dimohon", "bantu", "bantuannya",
        "dibantu", "minta tolong", "help"),
    "first_person": ("saya", "sy", "aku", "aq", "gue", "gua", "gw", "kami", "kmi", "i", "my", "we"),
    "family": (
        "ayah", "suami", "istri", "anak", "adik", "adek", "kakak", "keluarga", "ortu", "mertua", "paman",
        "tante", "nenek", "kakek", "orang tua", "orangtua"),
    "negation": (
        "belum", "blm", "blum", "tidak", "tdk", "gak", "ga", "gk", "nggak", "ngga", "engga", "enggak", "ndak",
        "nda", "tak", "kagak", "gabisa", "not", "never", "no"),
    "time_since": (
        "seminggu", "sebulan", "setahun", "berbulan", "bertahun", "berhari", "berminggu", "sejak", "kemarin",
        "kemaren", "kmrn", "masih", "sudah lama", "udah lama", "sdh lama", "dari kemarin", "dari pagi",
        "sampai sekarang", "sampe sekarang", "sampai skrg", "sampe skrg", "hingga sekarang", "hingga kini",
        "sampai saat", "berkali kali", "terus menerus", "tiap hari", "setiap hari", "sudah 2", "sudah 3",
        "lama banget", "still", "since"),
    # Failures, faults and grievances of any service (roads, apps, offices, shops), not its topic.
    "problem": (
        "rusak", "hancur", "jebol", "bocor", "berlubang", "lubang", "bolong", "retak", "roboh", "tumbang",
        "banjir", "genangan", "tergenang", "mampet", "tersumbat", "longsor", "gelap", "licin", "bahaya",
        "berbahaya", "membahayakan", "rawan", "liar", "kumuh", "menumpuk", "numpuk", "mengganggu", "ganggu",
        "terganggu", "meresahkan", "resah", "kotor", "jorok", "bau", "basi", "hambar", "sempit", "berisik",
        "bising", "mahal", "error", "eror", "bug", "crash", "hang", "down", "gagal", "hilang", "kehilangan",
        "dicuri", "kemalingan", "dipalak", "pungli", "pungutan", "sogok", "suap", "calo", "dimintai", "denda",
        "dipotong", "salah", "keliru", "lambat", "lemot", "lelet", "telat", "terlambat", "lama", "antri",
        "antre", "ngantri", "macet", "mati", "padam", "putus", "susah", "sulit", "ribet", "dipersulit",
        "ditolak", "diabaikan", "dicuekin", "dibiarkan", "terbengkalai", "mangkrak", "kasar", "judes",
        "jutek", "galak", "sombong", "cuek", "kecewa", "mengecewakan", "kesal", "kesel", "jengkel", "capek",
        "cape", "buruk", "jelek", "parah", "payah", "zonk", "kurang", "minim", "habis", "kehabisan",
        "keluhan", "komplain", "lapor", "melapor", "laporan", "mengeluh", "diperbaiki", "perbaiki",
        "ditindak", "ditindaklanjuti", "rugi", "dirugikan", "ketipu", "penipuan", "tertipu",
        "tidak bisa", "ga bisa", "gak bisa", "nggak bisa", "tdk bisa", "g bisa", "gk bisa", "tidak ada",
        "ga ada", "gak ada", "tidak jelas", "ga jelas", "gak jelas", "tidak sesuai", "tidak ditanggapi",
        "ga ditanggapi", "belum cair", "blm cair", "tidak cair", "belum ada", "blm ada", "belum jadi",
        "blm jadi", "belum sampai", "tidak sampai", "belum diterima", "tidak diterima", "tidak ramah",
        "ga ramah", "tidak enak", "gak enak", "ga enak", "diminta bayar", "broken", "failed", "problem",
        "bad", "slow", "worst", "disappointed", "dirty", "expensive", "rude"),
    # Praise, thanks, agreement and good opinions of anything.
    "praise": (
        "mantap", "mantab", "mantul", "mantep", "keren", "bagus", "hebat", "top", "salut", "bangga",
        "makasih", "trims", "thanks", "thank", "tq", "thx", "sukses", "semangat", "apresiasi", "membantu",
        "bermanfaat", "berguna", "ramah", "enak", "nyaman", "bersih", "murah", "puas", "memuaskan", "lezat",
        "recommended", "rekomendasi", "suka", "senang", "bahagia", "indah", "cantik", "rapi", "sigap",
        "tanggap", "responsif", "profesional", "amanah", "lancar", "mudah", "praktis", "canggih",
        "inspiratif",
        "terbaik", "juara", "sip", "setuju", "sepakat", "dukung", "mendukung", "bravo", "selamat", "good",
        "great", "nice", "love", "amazing", "best", "excellent", "helpful", "jos", "josss", "alhamdulillah",
        "barakallah", "aamiin", "amin", "terima kasih", "terimakasih", "luar biasa", "sangat membantu",
        "👍", "👏", "🙏", "❤", "😍", "🥰", "💪", "🔥", "♥", "💯", "😊", "🤩"),
    "greeting": (
        "halo", "hai", "hallo", "hello", "hi", "assalamualaikum", "permisi", "selamat pagi", "selamat siang",
        "selamat sore", "selamat malam"),
    "mockery": ("wkwk", "wkwkwk", "wkwkwkwk", "haha", "hahaha", "ngakak", "lol", "🤣", "😂", "🤡", "😆"),
    "insult": (
        "anjing", "anjir", "anjrit", "njir", "asw", "bangsat", "bgst", "goblok", "goblog", "tolol", "bodoh",
        "bego", "dungu", "idiot", "bloon", "oon", "geblek", "pekok", "koplak", "sinting", "sarap", "kampret",
        "asu", "babi", "setan", "iblis", "brengsek", "bajingan", "keparat", "sampah", "tai", "taik", "tahi",
        "bacot", "bacod", "lonte", "jancok", "jancuk", "kontol", "kntl", "memek", "monyet", "bangke",
        "bangkai", "biadab", "laknat", "munafik", "pecundang", "busuk", "bobrok", "norak", "kampungan",
        "kacung", "antek", "penjilat", "pengkhianat", "maling", "rampok", "garong", "koruptor", "cebong",
        "kadrun", "buzzer", "buzzerp", "otak udang", "gak punya otak", "ga punya otak", "stupid", "fuck",
        "shit", "bullshit", "moron"),
    # Promotion and spam of any kind: gambling, porn, followers, goods, links.
    "promotion": (
        "slot", "gacor", "maxwin", "jp", "jackpot", "rtp", "scatter", "togel", "toto", "bandar", "judi",
        "deposit", "depo", "wd", "withdraw", "bonus", "cashback", "promo", "diskon", "gratis", "free",
        "klik", "link", "bio", "daftar sekarang", "cek bio", "open bo", "vcs", "followers", "follower",
        "like4like", "f4f", "jual", "jasa", "order", "ready", "murah", "hubungi", "wa", "whatsapp", "dm",
        "inbox", "admin ganteng", "modal", "cuan", "untung", "investasi", "pinjol", "pinjaman"),
    # What people ask for when they ask a service: times, costs, requirements, places, steps.
    "service_fact": (
        "jadwal", "jam", "buka", "tutup", "biaya", "harga", "tarif", "syarat", "daftar", "pendaftaran",
        "alamat", "lokasi", "kontak", "prosedur", "dokumen", "berkas", "formulir", "layanan", "pelayanan",
        "online", "offline", "hari", "sabtu", "minggu", "libur", "loket", "antrian online"),
    "address": ("min", "admin", "mimin", "pak", "bu", "bapak", "ibu", "kak", "gan", "sis", "bro", "sir"),
    "second_person": ("kalian", "anda", "lu", "lo", "elu", "kau", "kamu", "you", "your"),
}
# Pairs of groups that mean more together than apart ("saya ... belum", "kapan ... min").
PAIRS: tuple[tuple[str, str], ...] = (
    ("first_person", "negation"), ("first_person", "problem"), ("family", "problem"),
    ("negation", "time_since"), ("problem", "time_since"), ("question_word", "problem"),
    ("question_word", "address"), ("asking", "address"), ("request", "problem"), ("second_person", "insult"),
    ("question_word", "mockery"), ("question_word", "insult"), ("praise", "problem"), ("praise", "negation"),
    ("question_word", "service_fact"), ("asking", "service_fact"), ("promotion", "praise"),
)
# Where a question stands, and how long the comment is (in tokens).
POSITIONS = ("starts_with_question_word", "question_mark", "ends_with_question_mark")
LENGTHS = ((1, 2), (3, 5), (6, 15), (16, 40), (41, 1_000_000))
_SEPARATOR = "\x00"
_MARK = 1 << 40  # the token "?"
_END = 1 << 41  # the separator after each text


# What each cue means, as the desk reads it in a suggestion's reasons.
DESCRIPTIONS = {
    "question_word": "a question word", "asking": "asking for information", "request": "a request",
    "first_person": "the writer speaking of themselves", "family": "a family member",
    "negation": "a negation", "time_since": "time passing", "problem": "a problem word",
    "praise": "praise or thanks", "greeting": "a greeting", "mockery": "laughter or mockery",
    "insult": "an insult", "promotion": "promotion language",
    "service_fact": "asking after a service's hours, costs or steps",
    "address": "words addressed to the account", "second_person": "a 'you'",
    "starts_with_question_word": "opening with a question word", "question_mark": "a question mark",
    "ends_with_question_mark": "ending with a question mark",
}


def describe_cue(name: str) -> str:
    """Plain words for a cue feature name ("first_person+problem" -> "the writer speaking of
    themselves with a problem word")."""
    if name.startswith("length_"):
        low = int(name.split("_")[1])
        return "a short text" if low < 6 else "a long text" if low > 15 else "the text's length"
    return " with ".join(DESCRIPTIONS.get(part, part.replace("_", " ")) for part in name.split("+"))


def feature_names(groups: dict[str, tuple[str, ...]] = CUE_GROUPS,
                  pairs: tuple[tuple[str, str], ...] = PAIRS) -> list[str]:
    return ([*groups] + [f"{a}+{b}" for a, b in pairs] + list(POSITIONS)
            + [f"length_{low}_{high}" if high < 1_000_000 else f"length_{low}_plus" for low, high in LENGTHS])


class CueCounter(TransformerMixin, BaseEstimator):
    """Binary cue features of normalised texts, each worth `weight`. The lexicon is a
    parameter, so a saved model keeps the cues it was trained with."""

    def __init__(self, groups: dict[str, tuple[str, ...]] | None = None,
                 pairs: tuple[tuple[str, str], ...] | None = None, weight: float = 0.5):
        self.groups = groups
        self.pairs = pairs
        self.weight = weight

    def fit(self, texts, y=None):
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True  # stateless

    @property
    def names(self) -> list[str]:
        return feature_names(self._groups(), self._pairs())

    def _groups(self) -> dict[str, tuple[str, ...]]:
        return CUE_GROUPS if self.groups is None else self.groups

    def _pairs(self) -> tuple[tuple[str, str], ...]:
        return PAIRS if self.pairs is None else self.pairs

    def _tables(self):
        if getattr(self, "_cache", None) is None:
            words, phrases = {}, {}
            for bit, members in enumerate(self._groups().values()):
                for member in members:
                    table = phrases if " " in member else words
                    table[member] = table.get(member, 0) | (1 << bit)
            words["?"] = words.get("?", 0) | _MARK
            words[_SEPARATOR] = _END
            firsts = {phrase.split(" ")[0] for phrase in phrases}
            pairs = {tuple(p.split(" ")): bits for p, bits in phrases.items()}
            self._cache = (words, pairs, firsts, 1 << list(self._groups()).index("question_word"))
        return self._cache

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_cache", None)
        return state

    def transform(self, texts) -> sp.csr_matrix:
        texts = list(texts)
        if not texts:
            return sp.csr_matrix((0, len(self.names)), dtype=np.float32)
        words_of, phrases, firsts, question = self._tables()
        # Every text ends with a separator token, so each text's tokens end at one.
        tokens = (f" {_SEPARATOR} ".join(texts) + f" {_SEPARATOR}").split()
        bits = np.array(list(map(words_of.get, tokens, repeat(0))), dtype=np.int64)
        for i in [i for i, t in enumerate(tokens[:-1]) if t in firsts]:
            bits[i] |= phrases.get((tokens[i], tokens[i + 1]), 0)
        ends = np.flatnonzero(bits == _END)  # one per text, in order
        bits[ends] = 0
        starts = np.concatenate([[0], ends[:-1] + 1])
        lengths = ends - starts
        # OR of each text's tokens (an empty text's segment is its separator alone: 0).
        present = np.bitwise_or.reduceat(bits, starts) if len(bits) else np.zeros(0, np.int64)
        first = np.where(lengths > 0, bits[np.minimum(starts, len(bits) - 1)], 0)
        last = np.where(lengths > 0, bits[np.maximum(ends - 1, 0)], 0)
        return self._matrix(present, first, last, lengths, question)

    def _matrix(self, present, first, last, lengths, question) -> sp.csr_matrix:
        """One bit per feature in an int64 per text, unpacked to a sparse matrix in one pass."""
        groups = len(self._groups())
        index = {name: bit for bit, name in enumerate(self._groups())}
        features = present & ((1 << groups) - 1)
        bit = groups
        for a, b in self._pairs():
            features |= ((present >> index[a]) & (present >> index[b]) & 1) << bit
            bit += 1
        for flag in ((first & question) > 0, (present & _MARK) > 0, (last & _MARK) > 0,
                     *((lengths >= low) & (lengths <= high) for low, high in LENGTHS)):
            features |= flag.astype(np.int64) << bit
            bit += 1
        unpacked = np.unpackbits(features.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")[:, :bit]
        rows, columns = np.nonzero(unpacked)
        indptr = np.zeros(len(features) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(features)), out=indptr[1:])
        values = np.full(len(columns), self.weight, dtype=np.float32)
        return sp.csr_matrix((values, columns.astype(np.int32), indptr), shape=(len(features), bit))
