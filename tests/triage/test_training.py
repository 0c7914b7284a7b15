import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from triage import artifact
from triage.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def small_splits(folder: Path) -> Path:
    """A few rows per label from each shipped split, enough for 5-fold calibration."""
    folder.mkdir()
    for name, per_label in (("train", 40), ("valid", 8), ("test", 8)):
        rows = pd.read_csv(ROOT / f"data/splits/{name}.csv", keep_default_na=False)
        rows.groupby("label").head(per_label).to_csv(folder / f"{name}.csv", index=False)
    return folder


def test_train_writes_a_versioned_artifact_with_its_card(tmp_path):
    splits = small_splits(tmp_path / "splits")
    out = tmp_path / "models" / "triage-text"
    result = runner.invoke(app, ["train", "--data", str(splits), "--out", str(out), "--version", "t1"])
    assert result.exit_code == 0, result.output
    assert (out / "CURRENT").read_text().strip() == "t1"
    card = json.loads((out / "t1" / "card.json").read_text())
    assert card["version"] == "t1" and card["data"]["rows"]["train"] == 240
    assert set(card["metrics"]["test"]["per_class"]) == set(card["labels"])
    assert card["versions"]["scikit-learn"] and card["data"]["sha256"]
    loaded = artifact.load(out / "t1" / "model.joblib")
    assert loaded.classifier.predict(["mantap min"])[0].label in card["labels"]

    evaluated = runner.invoke(app, ["evaluate", "--data", str(splits / "test.csv"), "--json",
                                    "--model", str(out / "t1" / "model.joblib")])
    report = json.loads(evaluated.output)
    assert report["model_version"] == "t1" and set(report["per_source"]) <= set(card["data"]["licences"])
