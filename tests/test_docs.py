"""The README documents every setting (as Datasette's tests do for its settings): a setting
added to `triage/settings.py` without a row in the README's settings table fails here."""

import re

from pydantic import AliasChoices

from triage.settings import PROJECT_ROOT, Settings

README = PROJECT_ROOT / "README.md"


def environment_name(name: str, field) -> str:
    """The variable a deployer sets: the first alias when the field has some, else TRIAGE_<NAME>."""
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    if isinstance(alias, str):
        return alias
    return Settings.model_config["env_prefix"] + name.upper()


def settings_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Settings\n(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, "README.md has no '## Settings' section"
    return match.group(1)


def documented_names() -> set[str]:
    """The names in the first column of the settings table: | `TRIAGE_X` | default | what |."""
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", settings_section(), flags=re.MULTILINE))


def test_every_setting_is_documented_in_the_readme():
    expected = {environment_name(name, field) for name, field in Settings.model_fields.items()}
    missing = sorted(expected - documented_names())
    assert not missing, f"settings missing from README.md's settings table: {missing}"


def test_the_readme_documents_no_setting_that_does_not_exist():
    expected = {environment_name(name, field) for name, field in Settings.model_fields.items()}
    assert documented_names() - expected == set()


def test_every_setting_has_a_help_text():
    # The README's table is written from these; a setting without one has nothing to say there.
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 10, name
