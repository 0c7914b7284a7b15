"""`triage score DIR -o OUT --cluster`: a folder of partitions scored on a Dask cluster.

Each partition (a CSV, JSONL or Parquet file) is one task that runs `batch.score_partition`,
the code `--jobs` runs in its worker processes (and `batch.score_file` inside it, the code a
single-process run uses), so its output and `.rejects` are the same, byte for byte.
The model travels to each worker once, in a worker plugin, as the artifact's bytes with its
card; the worker checks them (sha256, scikit-learn version) before loading, so no worker runs
an unchecked pickle or needs a copy of `models/`. The partitions are read and written by the
workers: on a remote cluster, IN_DIR and OUT_DIR must be paths every worker can reach (a
shared file system), and every worker needs this package installed.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from triage.errors import InputFileError, TriageError
from triage.files.batch import ScoreSummary, partitions, score_partition
from triage.model import artifact
from triage.scoring_workers import LoadedModel, PackedModels

PLUGIN_NAME = "triage-model"
CONNECT_TIMEOUT = "20s"
_worker_models: dict[str, LoadedModel] = {}  # in each worker process, by text model sha256


class ClusterError(TriageError):
    """The cluster cannot be started or reached."""


class ShipModel(WorkerPlugin):
    """Loads the packed model on each worker as it starts (and on workers that join later)."""

    def __init__(self, packed: dict[str, artifact.Packed]):
        self.models = PackedModels(packed)

    def setup(self, worker) -> None:
        _worker_models[self.models.text_sha256] = self.models.load()


def score_on_worker(source: str, target: str, model_sha256: str) -> tuple[str, ScoreSummary]:
    """One partition, on a worker, with the model its plugin loaded."""
    model = _worker_models.get(model_sha256)
    if model is None:
        raise ClusterError(f"model {model_sha256[:12]} was not loaded on this worker")
    _, summary = score_partition(model, Path(source), Path(target))
    return source, summary


@contextmanager
def connect(address: str, workers: int) -> Iterator[Client]:
    """A client of a new LocalCluster (`local`: `workers` processes of one thread each) or of
    the scheduler at `address` (tcp://HOST:8786)."""
    with ExitStack() as stack:
        try:
            if address == "local":
                cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1,
                                                           processes=True, dashboard_address=None))
                client = stack.enter_context(Client(cluster))
            elif address.startswith(("tcp://", "tls://")):
                client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT))
            else:
                raise ClusterError(f"--cluster takes 'local' or a scheduler address such as "
                                   f"tcp://HOST:8786, not '{address[:100]}'")
        except (OSError, TimeoutError, RuntimeError) as error:  # RuntimeError: a worker did not start
            raise ClusterError(f"cannot start or reach the Dask cluster '{address[:100]}': {error}") from None
        yield client


def score_folder_on_cluster(client: Client, model_paths: Mapping[str, Path], source: Path, target: Path,
                            on_done: Callable[[Path, ScoreSummary], None] | None = None,
                            ) -> list[ScoreSummary]:
    """Score every partition in `source` into the same name in `target`, one task each."""
    files = partitions(source)
    if not files:
        raise InputFileError(f"{source} holds no .csv, .jsonl or .parquet files")
    target.mkdir(parents=True, exist_ok=True)
    plugin = ShipModel(artifact.pack_all(model_paths))  # every kind of model the parent loaded
    client.register_plugin(plugin, name=PLUGIN_NAME)
    futures = [client.submit(score_on_worker, str(path.resolve()), str((target / path.name).resolve()),
                             plugin.models.text_sha256, pure=False) for path in files]
    summaries = []
    for future in as_completed(futures):
        path, summary = future.result()
        summaries.append(summary)
        if on_done:
            on_done(Path(path), summary)
    return summaries
