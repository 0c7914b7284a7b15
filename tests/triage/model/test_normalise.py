from triage.model.normalise import NUMBER_TOKEN, URL_TOKEN, USER_TOKEN, dedup_key, normalise


def test_elongation_collapses_to_the_plain_word():
    assert normalise("bangeeeet") == "banget"
    assert normalise("mantaaappp") == "mantap"


def test_case_and_compatibility_forms_fold():
    assert normalise("KEREN Min") == "keren min"
    assert normalise("𝐌𝐄𝐆𝐀𝐁𝐄𝐓𝟗𝟗 gacor") == "megabet99 gacor"


def test_cyrillic_lookalikes_become_latin():
    assert normalise("АЕRО88 gacor") == "aero88 gacor"


def test_spaced_out_letters_are_joined():
    assert normalise("main di P U L A U W I N sekarang") == "main di pulauwin sekarang"


def test_urls_mentions_and_numbers_become_tokens():
    text = normalise("@budi_88 cek https://contoh.id/a?b=1 bayar 500.000")
    assert text == f"{USER_TOKEN} cek {URL_TOKEN} bayar {NUMBER_TOKEN}"


def test_digits_inside_a_word_stay_with_the_word():
    assert normalise("slot88 gacor") == "slot88 gacor"


def test_emoji_are_kept_as_their_own_tokens():
    assert normalise("mantap👍👍👍") == "mantap 👍"
    assert normalise("❤️ keren") == "❤ keren"


def test_question_mark_is_a_token_other_punctuation_goes():
    assert normalise("jam besuk, kapan?") == "jam besuk kapan ?"
    assert normalise("tahu bletoka nya , tidak kalah !") == normalise("Tahu bletoka nya, tidak kalah!")


def test_dedup_key_ignores_punctuation_case_and_mentions():
    assert dedup_key("Mantap min!!") == dedup_key("@ani mantap   MIN")
