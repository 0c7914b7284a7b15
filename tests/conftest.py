import pytest

from triage import artifact
from triage.settings import shipped_account_model_path, shipped_model_path


@pytest.fixture(scope="session")
def shipped_model() -> artifact.LoadedModel:
    return artifact.load(shipped_model_path(), shipped_account_model_path())


@pytest.fixture(scope="session")
def classifier(shipped_model):
    return shipped_model.classifier
