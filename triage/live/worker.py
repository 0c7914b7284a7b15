"""The live desk's background work, in one thread beside the web server: webhook deliveries not
processed yet, connections due a poll, platform calls due. One round takes what is due now."""

import logging
import threading

import httpx

from triage.live import actions, polling, webhooks
from triage.live.intake import Intake
from triage.settings import Settings

logger = logging.getLogger("triage")


def run_once(intake: Intake, settings: Settings, client: httpx.Client | None = None) -> None:
    webhooks.process_waiting(intake)
    polling.poll_due(intake, settings, client)
    actions.send_due(intake.engine, settings, client)


class LiveWorker:
    def __init__(self, intake: Intake, settings: Settings, every_seconds: float = 1.0,
                 client: httpx.Client | None = None):
        self.intake, self.settings, self.every, self.client = intake, settings, every_seconds, client
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="triage-live", daemon=True)

    def start(self) -> "LiveWorker":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                run_once(self.intake, self.settings, self.client)
            except Exception:  # the desk must keep polling after any one failure; it is logged
                logger.exception("live desk round failed")
            self._stop.wait(self.every)
