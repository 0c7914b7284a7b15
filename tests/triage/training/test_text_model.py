import json
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from triage.cli.main import app
from triage.model import artifact
from triage.settings import get_settings

ROOT = Path(__file__).resolve().parents[3]
runner = CliRunner()


def small_splits(folder: Path) -> Path:
    """A few rows per source and label from each shipped split: the written examples give
    every label to the rule that joins the detectors, the corpora what they annotate."""
    folder.mkdir()
    for name, per_label in (("train", 40), ("valid", 8), ("test", 8)):
        rows = pd.read_csv(ROOT / f"data/splits/{name}.csv", keep_default_na=False)
        written = rows[rows["source"] == "seed"].groupby("label").head(per_label)
        corpora = rows[rows["source"] != "seed"].groupby(["source", "label"]).head(per_label // 4)
        pd.concat([written, corpora]).to_csv(folder / f"{name}.csv", index=False)
    return folder


def test_train_writes_a_versioned_artifact_with_its_card(tmp_path, temporary_database):
    splits = small_splits(tmp_path / "splits")
    out = tmp_path / "models" / "triage-text"
    result = runner.invoke(app, ["train", "--data", str(splits), "--out", str(out), "--version", "t1"])
    assert result.exit_code == 0, result.output
    assert (out / "CURRENT").read_text().strip() == "t1"
    card = json.loads((out / "t1" / "card.json").read_text())
    assert card["version"] == "t1" and card["data"]["rows"]["train"] == len(pd.read_csv(splits / "train.csv"))
    assert set(card["metrics"]["test"]["per_class"]) == set(card["labels"])
    assert card["versions"]["scikit-learn"] and card["data"]["sha256"]
    loaded = artifact.load(out / "t1" / "model.joblib")
    assert loaded.classifier.predict(["mantap min"])[0].label in card["labels"]

    evaluated = runner.invoke(app, ["evaluate", "--data", str(splits / "test.csv"), "--json",
                                    "--model", str(out / "t1" / "model.joblib")])
    report = json.loads(evaluated.output)
    assert report["model_version"] == "t1" and set(report["per_source"]) <= set(card["data"]["licences"])
    assert set(card["thresholds"]["auto_resolve_from"]) == set(card["labels"])
    assert card["metrics"]["auto_resolve"]["target_precision"] == get_settings().auto_precision


def test_model_thresholds_writes_them_into_a_saved_models_card(tmp_path, temporary_database):
    splits = small_splits(tmp_path / "splits")
    out = tmp_path / "models" / "triage-text"
    assert runner.invoke(app, ["train", "--data", str(splits), "--out", str(out), "--version", "t1",
                               "--no-leave-one-out", "--no-promote"]).exit_code == 0
    model = out / "t1" / "model.joblib"
    before = json.loads((out / "t1" / "card.json").read_text())
    result = runner.invoke(app, ["model", "thresholds", "--model", str(model), "--data", str(splits),
                                 "--precision", "0.9", "--no-leave-one-out"])
    assert result.exit_code == 0, result.output
    card = artifact.load(model).card  # the checksum still matches: the joblib is untouched
    assert card["thresholds"]["auto_resolve_target"] == 0.9
    figures = card["metrics"]["auto_resolve"]
    assert figures["target_precision"] == 0.9 and "test" in figures
    assert card["metrics"]["test"] == before["metrics"]["test"] and card["artifact"] == before["artifact"]
    assert all(label in result.output for label in card["labels"])


@pytest.fixture
def desk_database(tmp_path, monkeypatch, shipped_model):
    """A desk with one admin override and one supervisor review that names the right label."""
    from tests.factories import comment, load, make_user
    from triage.store import audit, queue
    from triage.store.db import make_engine, session_scope, upgrade
    from triage.store.models import Comment
    from triage.store.users import Role, find_user

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade(url)
    engine = make_engine(url)
    make_user(engine, "ani")
    make_user(engine, "sari", Role.SUPERVISOR)
    load(engine, shipped_model, [comment("1", "hadir"), comment("2", "rame banget hari ini")])
    with session_scope(engine) as session:
        ani, sari = find_user(session, "ani"), find_user(session, "sari")
        first, second = session.exec(select(Comment).order_by(Comment.id)).all()
        for target in (first, second):
            queue.claim(session, target.id, ani, 10)
        queue.decide(session, first.id, ani, "support", "like")  # overrides the model
        accepted = queue.decide(session, second.id, ani, "other", "no_response")
        audit.review(session, accepted.id, sari, "wrong", "a complaint about crowds", "complaint")
    yield engine
    get_settings.cache_clear()


def test_the_learning_loop_trains_on_desk_corrections_and_promotes_only_if_not_worse(
        tmp_path, desk_database):
    from triage.store.db import session_scope
    from triage.store.models import ModelEvent

    splits = small_splits(tmp_path / "splits")
    out = tmp_path / "models" / "triage-text"
    first = runner.invoke(app, ["train", "--data", str(splits), "--out", str(out), "--version", "t1",
                                "--no-leave-one-out"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["train", "--data", str(splits), "--out", str(out), "--version", "t2",
                                 "--no-leave-one-out", "--with-decisions",
                                 "--desk-out", str(tmp_path / "corrections.csv")])
    assert second.exit_code in (0, 2), second.output
    assert "2 corrections from the desk" in second.output
    corrections = pd.read_csv(tmp_path / "corrections.csv")
    assert sorted(corrections["label"]) == ["complaint", "support"]
    assert corrections["source_label"].str.match(r"(override|review) \d+ by (ani|sari)").all()
    card = json.loads((out / "t2" / "card.json").read_text())
    assert card["data"]["desk"]["rows"] == 2
    assert card["data"]["rows"]["train"] == len(pd.read_csv(splits / "train.csv")) + 2
    promoted = "promoted t2" in second.output
    assert promoted or "not promoted" in second.output  # the fixed split decides, either way is reported
    listing = runner.invoke(app, ["model", "list", "--out", str(out)]).output
    assert "t1" in listing and "t2" in listing and "+2 desk corrections" in listing

    forced = runner.invoke(app, ["model", "promote", "t2", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and (out / "CURRENT").read_text().strip() == "t2"
    back = runner.invoke(app, ["model", "rollback", "--out", str(out)])
    assert back.exit_code == 0 and (out / "CURRENT").read_text().strip() == "t1"
    with session_scope(desk_database) as session:
        kinds = [e.kind for e in session.exec(select(ModelEvent).order_by(ModelEvent.id))]
    assert kinds[-2:] == ["promote", "rollback"]
    assert runner.invoke(app, ["model", "rollback", "--out", str(out)]).exit_code == 2  # nothing earlier
