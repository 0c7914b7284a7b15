"""Behavioural tests of the shipped model: minimum functionality, invariance, direction."""

import pytest

CLEAR_EXAMPLES = [
    ("mantap min, semangat terus buat petugas pemasyarakatan 👍", "support"),
    ("terima kasih ditjenpas, programnya keren sekali", "support"),
    ("min jam besuk di lapas cipinang hari apa aja ya?", "info_request"),
    ("syarat pengajuan remisi apa saja kak", "info_request"),
    ("keluarga saya dimintai uang sama petugas rutan waktu besuk, tolong ditindak", "complaint"),
    ("pelayanan di lapas ini buruk, petugasnya kasar", "complaint"),
    # Was a known shortcut (SmSA restaurant reviews teach "antri", queueing, as praise); fixed
    # with written examples of visiting queues as complaints (none of them this sentence).
    ("pelayanan kunjungan di lapas ini lambat banget, antri dari pagi gak dilayani", "complaint"),
    ("dasar petugas goblok, institusi sampah semua", "attack"),
    ("𝐀𝐄𝐑𝐎𝟖𝟖 gacor hari ini, saldo langsung nambah, main sekarang!", "fake_account"),
    ("slot gacor maxwin depo 10rb wd lancar link di bio", "fake_account"),
]


@pytest.mark.parametrize(("text", "label"), CLEAR_EXAMPLES)
def test_clear_examples_land_on_their_label(classifier, text, label):
    assert classifier.predict([text])[0].label == label


# The many ways people ask and complain: short, misspelt, no question mark, English.
HOW_PEOPLE_WRITE = [
    ("jadwal besuk rutan salemba min", "info_request"),
    ("gmn cara daftar kunjungan online", "info_request"),
    ("what time can families visit inmates at cipinang", "info_request"),
    ("my husband was asked to pay for a better cell by the guards", "complaint"),
    ("petugasnya minta duit terus tiap besuk", "complaint"),
]


@pytest.mark.parametrize(("text", "label"), HOW_PEOPLE_WRITE)
def test_informal_and_english_requests_and_complaints(classifier, text, label):
    assert classifier.predict([text])[0].label == label


# Questions and complaints in any service's words, not the agency's (lapas, remisi): the model
# must read the speech act. These sentences are from the judgement issue; none is in training.
ANY_SERVICE = [
    ("kantor pelayanan hari sabtu buka jam berapa ya", "info_request"),
    ("biaya pembuatannya berapa", "info_request"),
    ("websitenya down dari pagi", "complaint"),
]


@pytest.mark.parametrize(("text", "label"), ANY_SERVICE)
def test_questions_and_complaints_about_any_service(classifier, text, label):
    assert classifier.predict([text])[0].label == label


def test_a_number_called_a_nik_moves_the_comment_to_dm(shipped_model):
    from triage.scoring import Comment, suggest

    text = "NIK saya 3174012345678901 mohon dibantu cek status pembebasan ayah saya"
    suggestion = suggest(shipped_model.classifier, [Comment("1", text)])[0]
    assert suggestion.action == "move_to_dm" and suggestion.personal_data


# Gambling promos hide behind look-alike letters; each disguise must still read as spam.
DISGUISES = [
    "situs gacor hari ini maxwin pasti wd",
    "𝐬𝐢𝐭𝐮𝐬 𝐠𝐚𝐜𝐨𝐫 𝐡𝐚𝐫𝐢 𝐢𝐧𝐢 𝐦𝐚𝐱𝐰𝐢𝐧 𝐩𝐚𝐬𝐭𝐢 𝐰𝐝",
    "ѕіtuѕ gасоr hаrі іnі mахwіn раѕtі wd",
    "s1tus g4c0r hari ini maxwin pasti wd",
    "S I T U S gacor hari ini maxwin pasti wd",
]


@pytest.mark.parametrize("text", DISGUISES)
def test_disguised_gambling_promos_stay_fake_account(classifier, text):
    assert classifier.predict([text])[0].label == "fake_account"


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


def test_low_confidence_is_flagged_for_review(classifier):
    assert 0 < classifier.review_below < 1
    predictions = classifier.predict(["mantap min semangat", "ok", "hmm gimana ya"])
    assert all(p.needs_review == (p.confidence < classifier.review_below) for p in predictions)


def test_an_inauthentic_profile_turns_chatter_into_fake_account(shipped_model):
    from triage.scoring import Comment, suggest

    bot = {"username": "promo88213", "followers": 2, "following": 3900, "posts": 0,
           "has_profile_picture": False}
    person = {"username": "dewi.lestari", "followers": 410, "following": 350, "posts": 90,
              "has_profile_picture": True, "bio": "ibu dua anak"}
    text = "wah rame juga ya"
    plain, from_bot, from_person = suggest(shipped_model.classifier, [
        Comment("1", text), Comment("2", text, author=bot), Comment("3", text, author=person)],
        accounts=shipped_model.accounts)
    assert from_bot.label == "fake_account" and any("account score" in r for r in from_bot.reasons)
    assert from_person.label == plain.label != "fake_account"
