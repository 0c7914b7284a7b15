"""Worker processes that score: the one pool behind `triage import --jobs` and `triage score DIR --jobs`.

A task is a module-level function called as `task(models, *args)`: in a worker process with
the models that worker received when it started, or in this process with the caller's models
while there are no workers. Workers are spawned, not forked: a fork copies locks held by other
threads (the progress bar's, the BLAS pool's), and the workers hung on one.

Every way a worker gets its models is here: `ModelFiles` (the artifacts on disk, for a folder),
`PickledModels` (the models an import holds) and `PackedModels` (the artifacts' bytes a Dask
cluster's workers receive, see `triage.files.cluster`).
"""

import hashlib
import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from triage.model import artifact, registry
from triage.model.artifact import LoadedModel
from triage.model.kinds import TEXT

logger = logging.getLogger("triage")
Item = TypeVar("Item")


@dataclass(frozen=True)
class ModelFiles:
    """Models each worker loads from their artifacts (checked against their cards): the very
    versions the parent chose (`LoadedModel.paths`), every kind of model it had."""

    paths: Mapping[str, Path]

    def load(self) -> LoadedModel:
        return registry.load_paths(self.paths)  # the one place a worker loads a model from disk


@dataclass(frozen=True)
class PackedModels:
    """Artifacts' bytes with their cards, by kind name, shipped to the workers of a Dask
    cluster; each worker checks them (sha256, scikit-learn version) before loading, and needs
    no copy of `models/`."""

    packed: Mapping[str, artifact.Packed]

    @property
    def text_sha256(self) -> str:
        return self.packed[TEXT.name].sha256

    def load(self) -> LoadedModel:
        return artifact.load_packed_all(self.packed)


@dataclass(frozen=True)
class PickledModels:
    """Models this process holds, pickled in a private temporary file, with the SHA-256 a
    worker checks before it unpickles them (a pickle runs code: only the bytes this process
    wrote are loaded). Handed over in the pipe that starts a worker, their 5 MB blocked the
    sender for ever when the worker died before reading them (killed, or started from a
    script without an `if __name__ == "__main__"` guard)."""

    path: Path
    sha256: str

    @classmethod
    def write(cls, models: LoadedModel) -> "PickledModels":
        data = pickle.dumps(dict(models.models), protocol=pickle.HIGHEST_PROTOCOL)
        handle, name = tempfile.mkstemp(prefix="triage-import-models-", suffix=".pickle")  # mode 0600
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return cls(Path(name), hashlib.sha256(data).hexdigest())

    def load(self) -> LoadedModel:
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise RuntimeError(f"{self.path} is not the models file this process wrote")
        return LoadedModel(pickle.loads(data))  # noqa: S301 - the bytes this process wrote, checked above


_worker_models: LoadedModel | None = None  # in a worker process: what its tasks score with


def _receive_models(source: ModelFiles | PickledModels) -> None:
    global _worker_models
    _worker_models = source.load()


def _ready() -> None:
    """A task that returns once a worker has started and received the models."""


def _run(task: Callable, *args):
    return task(_worker_models, *args)


class ScoringWorkers:
    """Runs tasks in `jobs` worker processes, or here with `models` while there are none.

    `start()` starts the workers at once and raises if they cannot start. With `start_after`,
    the workers are started aside once more than that many tasks were submitted (small imports
    never pay for starting them) and only make the work faster: if they cannot start, the
    tasks go on in this process, with a warning."""

    def __init__(self, jobs: int, models: LoadedModel | None = None, model_files: ModelFiles | None = None,
                 start_after: int | None = None):
        self.jobs, self.models, self.model_files, self.start_after = jobs, models, model_files, start_after
        self.submitted = 0
        self.pool: ProcessPoolExecutor | None = None
        self.starting: threading.Thread | None = None
        self.pickled: PickledModels | None = None

    @property
    def ahead(self) -> int:
        """Tasks that may be running while the caller handles finished ones."""
        return self.jobs if self.pool else 0

    def start(self) -> None:
        """Start the workers now; an error starting them is raised."""
        pool, problem = self._new_pool()
        if problem is not None:
            raise problem
        self.pool = pool

    def submit(self, task: Callable, *args) -> Future:
        """`task(models, *args)` as a future: run by a worker, or here and now."""
        self.submitted += 1
        if (self.starting is None and self.pool is None and self.start_after is not None and self.jobs > 1
                and self.submitted > self.start_after):
            # Started aside: handing each worker the models blocks until it has imported its
            # libraries (3 s each), and this process goes on working meanwhile.
            self.starting = threading.Thread(target=self._start_aside, name="start-scoring-workers")
            self.starting.start()
        if self.pool is not None:
            return self.pool.submit(_run, task, *args)
        done = Future()
        done.set_result(task(self.models, *args))
        return done

    def in_order(self, work: Iterable[tuple[Item, tuple]], task: Callable) -> Iterator[tuple[Item, object]]:
        """Each item of `work` with the result of `task(models, *args)`, in the order of `work`;
        up to `ahead` tasks run while the caller handles the finished ones."""
        waiting: deque[tuple[Item, Future]] = deque()
        for item, args in work:
            waiting.append((item, self.submit(task, *args)))
            while len(waiting) > self.ahead:
                item, future = waiting.popleft()
                yield item, future.result()
        while waiting:
            item, future = waiting.popleft()
            yield item, future.result()

    def _start_aside(self) -> None:
        pool, problem = self._new_pool()
        if problem is None:
            self.pool = pool
            return
        logger.warning("scoring workers did not start (%s: %s); this import is scored in one process",
                       type(problem).__name__, problem)

    def _new_pool(self) -> tuple[ProcessPoolExecutor, Exception | None]:
        """A pool whose workers have all received the models, or the error that stopped one."""
        if self.model_files is None:
            self.pickled = PickledModels.write(self.models)
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_receive_models, initargs=(self.model_files or self.pickled,))
        try:
            ready = [pool.submit(_ready) for _ in range(self.jobs)]
            wait(ready)
            problem = next((error for future in ready if (error := future.exception())), None)
        except Exception as error:  # noqa: BLE001 - any failure to start is reported to the caller
            problem = error
        if problem is not None:
            pool.shutdown(cancel_futures=True)
        return pool, problem

    def __enter__(self) -> "ScoringWorkers":
        return self

    def __exit__(self, *_) -> None:
        if self.starting is not None:
            self.starting.join()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.pickled is not None:
            self.pickled.path.unlink(missing_ok=True)
