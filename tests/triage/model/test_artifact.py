import json
import shutil

import pytest

from triage.errors import ModelArtifactError
from triage.model import artifact
from triage.settings import shipped_model_path


@pytest.fixture
def model_copy(tmp_path):
    source = shipped_model_path()
    target = tmp_path / "v1"
    shutil.copytree(source.parent, target)
    return target / artifact.ARTIFACT


def test_shipped_model_loads_and_its_card_matches(shipped_model):
    card = shipped_model.card
    assert card["artifact"]["sha256"] == artifact.file_sha256(shipped_model_path())
    assert set(card["labels"]) == {"support", "info_request", "complaint", "attack", "fake_account", "other"}
    assert card["metrics"]["test"]["macro_f1"] > 0
    assert card["data"]["licences"]


def test_tampered_artifact_is_refused(model_copy):
    with model_copy.open("ab") as handle:
        handle.write(b"\x00")
    with pytest.raises(ModelArtifactError, match="checksum mismatch"):
        artifact.load(model_copy)


def test_artifact_from_another_scikit_learn_is_refused(model_copy):
    card_path = model_copy.parent / artifact.CARD
    card = json.loads(card_path.read_text())
    card["versions"]["scikit-learn"] = "0.24.2"
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelArtifactError, match="scikit-learn 0.24.2"):
        artifact.load(model_copy)


def test_artifact_without_card_is_refused(model_copy):
    (model_copy.parent / artifact.CARD).unlink()
    with pytest.raises(ModelArtifactError, match="no model card"):
        artifact.load(model_copy)
