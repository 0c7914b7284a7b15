"""Every kind of model is promoted the same way: the not-worse check on its kind's fixed
evidence, HISTORY, and a model event in the audit. Here the account model, through the CLI."""

import json

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from tests.triage.model.test_fake_accounts import write_corpora
from triage.cli.main import app
from triage.model import artifact, promotion, registry
from triage.model.fake_accounts import build_model
from triage.settings import get_settings
from triage.store.db import engine_for, session_scope
from triage.store.models import ModelEvent

runner = CliRunner()


@pytest.fixture
def corpora(tmp_path, monkeypatch):
    write_corpora(tmp_path / "corpora")
    # ten rounds instead of a hundred: promotion is under test here, not the model
    monkeypatch.setattr("triage.training.fake_accounts.build_model",
                        lambda: build_model().set_params(max_iter=10))
    return tmp_path / "corpora"


def events() -> list[ModelEvent]:
    with session_scope(engine_for(get_settings().database_url)) as session:
        return [(e.kind, e.version, e.previous_version, e.details)
                for e in session.exec(select(ModelEvent).order_by(ModelEvent.id))]


def train_accounts(corpora, out, version):
    return runner.invoke(app, ["train-accounts", "--corpora", str(corpora), "--out", str(out),
                               "--version", version])


def test_train_accounts_promotes_through_the_registry_with_history_and_an_event(
        corpora, tmp_path, temporary_database):
    out = tmp_path / "models" / "triage-accounts"
    first = train_accounts(corpora, out, "a1")
    assert first.exit_code == 0, first.output
    assert "promoted a1: F1 of the fake class" in first.output and "before none" in first.output
    second = train_accounts(corpora, out, "a2")  # the same data and seed: not worse
    assert second.exit_code == 0, second.output
    assert registry.current(out) == "a2" and registry.history(out) == ["a1"]
    (kind, version, previous, details), = events()[1:]
    assert (kind, version, previous) == ("promote", "a2", "a1")
    assert details["model"] == "triage-accounts"
    assert details["candidate_macro_f1"] >= details["current_macro_f1"]


def test_a_worse_account_model_is_refused_unless_forced(corpora, tmp_path, temporary_database):
    out = tmp_path / "models" / "triage-accounts"
    assert train_accounts(corpora, out, "a1").exit_code == 0
    assert runner.invoke(app, ["train-accounts", "--corpora", str(corpora), "--out", str(out),
                               "--version", "a2", "--no-promote"]).exit_code == 0
    card_file = out / "a2" / artifact.CARD
    card = json.loads(card_file.read_text())
    card["thresholds"]["fake_at_or_above"] = 0.9999  # flags no one: a far worse account model
    card_file.write_text(json.dumps(card))  # the checksum covers model.joblib, which is untouched
    engine = engine_for(get_settings().database_url)
    with pytest.raises(registry.PromotionRefused, match="not promoted"):
        promotion.promote(engine, out, "a2", corpora)
    assert registry.current(out) == "a1" and len(events()) == 1
    promotion.promote(engine, out, "a2", corpora, force=True)
    assert registry.current(out) == "a2" and events()[-1][3]["forced"] is True
    back = runner.invoke(app, ["model", "rollback", "--out", str(out)])
    assert back.exit_code == 0 and registry.current(out) == "a1"
    assert events()[-1][:3] == ("rollback", "a1", "a2")
