"""The one pool of scoring workers: models handed over once and checked, results in order,
the same task run here when there are no workers."""

import os

import pytest

from triage.model.artifact import LoadedModel
from triage.model.kinds import ACCOUNTS, TEXT
from triage.scoring_workers import ModelFiles, PickledModels, ScoringWorkers
from triage.settings import shipped_account_model_path, shipped_model_path

TEXTS = ["jam besuk lapas kapan ya min", "slot gacor maxwin daftar sekarang",
         "pelayanan buruk petugas minta uang", "mantap semangat", "dasar pembohong semua"]


def label_and_process(models: LoadedModel, text: str) -> tuple[str, int, bool]:
    """A task: the text's label, the process that scored it and whether it had the account model."""
    return models.classifier.top([text])[0][0], os.getpid(), models.accounts is not None


def test_models_handed_over_in_a_file_are_refused_once_their_bytes_change(shipped_model):
    pickled = PickledModels.write(LoadedModel({TEXT.name: shipped_model.classifier}))
    try:
        assert pickled.path.stat().st_mode & 0o077 == 0  # private to this user
        assert pickled.load().classifier.top(TEXTS)[0] == shipped_model.classifier.top(TEXTS)[0]
        pickled.path.write_bytes(pickled.path.read_bytes() + b"\x00")
        with pytest.raises(RuntimeError, match="not the models file this process wrote"):
            pickled.load()
    finally:
        pickled.path.unlink()


def test_without_workers_tasks_run_here_with_the_callers_models(shipped_model):
    with ScoringWorkers(2, LoadedModel({TEXT.name: shipped_model.classifier}), start_after=100) as workers:
        results = list(workers.in_order(((text, (text,)) for text in TEXTS), label_and_process))
    assert workers.pool is None and workers.ahead == 0
    assert [text for text, _ in results] == TEXTS
    assert {pid for _, (_, pid, _) in results} == {os.getpid()}
    assert [label for _, (label, _, _) in results] == shipped_model.classifier.top(TEXTS)[0]


@pytest.mark.slow  # worker processes
def test_workers_load_the_model_files_and_give_results_in_order(shipped_model):
    files = ModelFiles({TEXT.name: shipped_model_path(), ACCOUNTS.name: shipped_account_model_path()})
    with ScoringWorkers(2, model_files=files) as workers:
        workers.start()
        assert workers.ahead == 2
        results = list(workers.in_order(((text, (text,)) for text in TEXTS * 4), label_and_process))
    assert [text for text, _ in results] == TEXTS * 4
    assert [label for _, (label, _, _) in results] == shipped_model.classifier.top(TEXTS * 4)[0]
    assert os.getpid() not in {pid for _, (_, pid, _) in results}
    assert all(with_accounts for _, (_, _, with_accounts) in results)
