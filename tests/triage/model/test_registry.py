import shutil

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.factories import store_engine
from triage.cli.main import app
from triage.model import artifact, kinds, registry
from triage.model.interface import Model, ModelKind
from triage.settings import MODELS_DIR, Settings, shipped_model_path


@pytest.fixture
def model_dir(tmp_path):
    """Two promoted versions of the shipped model: v1 earlier, v2 in use."""
    folder = tmp_path / "triage-text"
    for version in ("v1", "v2"):
        shutil.copytree(shipped_model_path().parent, folder / version)
    (folder / "HISTORY").write_text("v1\n")
    (folder / "CURRENT").write_text("v2\n")
    return folder


def tamper(model_dir, version):
    with (model_dir / version / artifact.ARTIFACT).open("ab") as handle:
        handle.write(b"tampered")


def test_the_current_model_is_used_when_it_passes_its_checks(model_dir):
    fallbacks = []
    loaded = registry.load_in_use(model_dir, on_fallback=lambda *a: fallbacks.append(a))
    assert loaded.card["version"] == loaded.version and fallbacks == []


def test_a_tampered_current_model_is_refused_and_the_last_good_one_kept(model_dir):
    tamper(model_dir, "v2")
    fallbacks = []
    loaded = registry.load_in_use(model_dir, on_fallback=lambda *a: fallbacks.append(a))
    assert loaded.classifier.predict(["mantap min"])[0].label
    (version, reason), = fallbacks
    assert version == "v1" and "v2: checksum mismatch" in reason


def test_when_no_version_passes_nothing_is_loaded(model_dir):
    tamper(model_dir, "v1")
    tamper(model_dir, "v2")
    with pytest.raises(artifact.ModelArtifactError, match="no model version passes its checks"):
        registry.load_in_use(model_dir)


def test_the_app_keeps_serving_with_the_last_good_model(model_dir, monkeypatch, caplog):
    import api.main

    tamper(model_dir, "v2")
    monkeypatch.setattr(registry, "MODELS_DIR", model_dir.parent)
    app = api.main.create_app(Settings(secret_key="x" * 40), engine=store_engine())
    with TestClient(app) as client:
        assert client.get("/api/v1/health").json()["status"] == "ok"
    assert "serving the last good version v1" in caplog.text


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    """A models folder with two promoted versions of each shipped kind, used by load_models."""
    for kind in kinds.KINDS.values():
        folder = tmp_path / kind.folder
        shipped = registry.in_use_path(MODELS_DIR / kind.folder).parent
        for version in ("v1", "v2"):
            shutil.copytree(shipped, folder / version)
        (folder / "HISTORY").write_text("v1\n")
        (folder / "CURRENT").write_text("v2\n")
    monkeypatch.setattr(registry, "MODELS_DIR", tmp_path)
    return tmp_path


def test_every_kind_falls_back_to_its_last_good_version(models_dir, caplog):
    tamper(models_dir / "triage-accounts", "v2")
    loaded = registry.load_models(Settings(secret_key="x" * 40))
    assert set(loaded.models) == {"text", "accounts"}
    assert loaded.paths["accounts"] == models_dir / "triage-accounts" / "v1" / artifact.ARTIFACT
    assert loaded.paths["text"] == models_dir / "triage-text" / "v2" / artifact.ARTIFACT
    assert "serving the last good version v1" in caplog.text
    assert registry.load_paths(loaded.paths).accounts.card == loaded.accounts.card


def test_the_command_line_loads_as_the_app_does(models_dir, tmp_path):
    tamper(models_dir / "triage-text", "v2")
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,mantap min\n")
    result = CliRunner().invoke(app, ["score", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert "using the last good version v1" in result.output


def test_a_third_kind_of_model_is_one_class_and_its_registration(models_dir, tmp_path, monkeypatch):
    class LengthModel:
        """An invented kind: how likely a text is to be long, from its length."""

        def __init__(self, limit: int, card: dict):
            self.limit, self.card = limit, card

        def predict_proba(self, texts):
            return np.array([min(len(t) / self.limit, 1.0) for t in texts])

        def explain(self, texts):
            return [[f"{len(t)} characters"] for t in texts]

    kind = ModelKind(name="length", folder="triage-length", build=LengthModel,
                     judge=lambda model, evidence: 1.0, evidence=tmp_path)
    monkeypatch.setitem(kinds.KINDS, "length", kind)
    artifact.save_object(80, models_dir / "triage-length" / "l1", {"version": "l1"})
    registry.promote(models_dir / "triage-length", "l1", tmp_path, kind=kind)
    loaded = registry.load_models(Settings(secret_key="x" * 40))
    model = loaded.models["length"]
    assert isinstance(model, Model) and model.card["version"] == "l1"
    assert model.predict_proba(["a" * 40]).tolist() == [0.5] and model.explain(["ab"]) == [["2 characters"]]
