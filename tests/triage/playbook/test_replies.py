import shutil

import pytest

from triage.playbook.replies import REPLIES_FILE, ReplyRulesError, read_reply_book, reply_book


def test_every_template_variant_renders_and_passes_the_checker():
    book = reply_book()
    for name in book.templates:
        for platform in book.platforms:
            text = book.render(name, platform, seed="c1", answer="contoh.", topic="pungutan liar")
            assert book.problems(text, platform, allow_placeholder=True) == [], (name, platform)


def test_variants_differ_between_comments_but_not_for_the_same_comment():
    book = reply_book()
    drafts = {book.render("complaint", "facebook", seed=f"c{i}") for i in range(20)}
    assert len(drafts) > 1
    assert book.render("complaint", "facebook", seed="c7") == book.render("complaint", "facebook", seed="c7")


def test_each_draft_carries_its_own_values_when_renderings_are_remembered():
    book = reply_book()

    def drafts(topic):
        return [book.render("complaint_serious", "facebook", seed=f"c{i}", topic=topic) for i in range(5)]

    first, other, again = drafts("pungutan liar"), drafts("kekerasan"), drafts("pungutan liar")
    assert all("pungutan liar" in draft for draft in first)
    assert all("kekerasan" in draft and "pungutan liar" not in draft for draft in other)
    assert again == first


def test_hashtags_only_where_they_belong():
    book = reply_book()
    assert "#PemasyarakatanPastiBermanfaat" in book.render("complaint", "instagram", seed="c1")
    assert "#" not in book.render("complaint", "x", seed="c1")


@pytest.mark.parametrize(("text", "platform", "problem"), [
    ("Terima kasih atas laporannya.", "instagram", "greeting"),
    ("Halo Sahabat Pemasyarakatan, " + "x" * 300, "x", "allows 280"),
    ("Halo Sahabat Pemasyarakatan, dasar GOBLOOOK", "instagram", '"goblok"'),
    ("Halo Sahabat Pemasyarakatan, remisi dijamin keluar", "instagram", '"dijamin"'),
    ("Halo Sahabat Pemasyarakatan, hubungi 0812-3456-7890", "instagram", "personal data (phone number)"),
    ("Halo Sahabat Pemasyarakatan, info di https://bit.ly/abc", "instagram", "not bit.ly"),
    ("Halo Sahabat Pemasyarakatan, faktanya: [isi fakta resmi]", "instagram", "placeholder"),
    ("Halo Sahabat Pemasyarakatan, {{ answer }}", "instagram", "template syntax"),
])
def test_the_checker_refuses_replies_that_break_a_rule(text, platform, problem):
    assert any(problem in found for found in reply_book().problems(text, platform))


def test_an_official_link_is_allowed():
    text = "Halo Sahabat Pemasyarakatan, ajukan lewat PPID di https://ditjenpas.go.id/ppid ya"
    assert reply_book().problems(text, "instagram") == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"Halo {{ greeting }}, terima kasih atas laporannya.', '"Terima kasih atas laporannya.', "greeting"),
    ("{{ greeting }}, terima kasih atas laporannya", "{{ greting }}, terima kasih atas laporannya",
     "greting"),
    ("{{ greeting }}, terima kasih atas laporannya",
     "{{ greeting.__class__ }} terima kasih atas laporannya", "template 'complaint'"),
    ("terima kasih atas laporannya. Mohon", "terima kasih goblok. Mohon", '"goblok"'),
])
def test_a_template_that_breaks_the_rules_is_refused_at_load(tmp_path, old, new, message):
    path = tmp_path / "replies.toml"
    shutil.copy(REPLIES_FILE, path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ReplyRulesError, match=message):
        read_reply_book(path)
