"""Behavioural tests of the shipped model: minimum functionality, invariance, direction."""

import pytest

CLEAR_EXAMPLES = [
    ("mantap min, semangat terus buat petugas pemasyarakatan 👍", "support"),
    ("terima kasih ditjenpas, programnya keren sekali", "support"),
    ("min jam besuk di lapas cipinang hari apa aja ya?", "info_request"),
    ("syarat pengajuan remisi apa saja kak", "info_request"),
    ("keluarga saya dimintai uang sama petugas rutan waktu besuk, tolong ditindak", "complaint"),
    ("pelayanan di lapas ini buruk, petugasnya kasar", "complaint"),
    pytest.param(
        "pelayanan kunjungan di lapas ini lambat banget, antri dari pagi gak dilayani", "complaint",
        marks=pytest.mark.xfail(strict=True, reason=(
            "known shortcut: SmSA restaurant reviews teach 'antri' (queueing) as praise; "
            "to be fixed by the data work of the judgement-quality issue"))),
    ("dasar petugas goblok, institusi sampah semua", "attack"),
    ("𝐀𝐄𝐑𝐎𝟖𝟖 gacor hari ini, saldo langsung nambah, main sekarang!", "fake_account"),
    ("slot gacor maxwin depo 10rb wd lancar link di bio", "fake_account"),
]


@pytest.mark.parametrize(("text", "label"), CLEAR_EXAMPLES)
def test_clear_examples_land_on_their_label(classifier, text, label):
    assert classifier.predict([text])[0].label == label


VARIANTS = [
    ("syarat remisi apa saja", "syarat remisiii apa sajaaa"),
    ("syarat remisi apa saja", "SYARAT REMISI APA SAJA"),
    ("syarat remisi apa saja", "syarat remisi apa saja 🙏"),
    ("di rutan keluarga dimintai uang", "di rutan keluarga dimintai uaaang"),
    ("mantap semangat min", "Mantap Semangat Min 👍"),
]


@pytest.mark.parametrize(("plain", "variant"), VARIANTS)
def test_invariant_to_elongation_case_and_trailing_emoji(classifier, plain, variant):
    assert classifier.predict([variant])[0].label == classifier.predict([plain])[0].label


def test_adding_extortion_words_raises_complaint_probability(classifier):
    base, extra = classifier.predict(["waktu besuk di rutan", "waktu besuk di rutan dimintai uang pungli"])
    assert extra.probabilities["complaint"] > base.probabilities["complaint"]


def test_probabilities_are_a_distribution_over_all_six_labels(classifier):
    prediction = classifier.predict(["hadir"])[0]
    assert len(prediction.probabilities) == 6
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert prediction.confidence == max(prediction.probabilities.values())


def test_reasons_name_words_that_push_the_label(classifier):
    prediction = classifier.predict(["tolong petugas yang minta pungli ditindak"], with_reasons=True)[0]
    assert prediction.reasons
    assert all(prediction.label in reason for reason in prediction.reasons)
