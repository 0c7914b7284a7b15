import shutil

import pytest
from fastapi.testclient import TestClient

from tests.factories import store_engine
from triage.model import artifact, registry
from triage.settings import Settings, shipped_model_path


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
