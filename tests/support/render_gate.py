"""Imported into a test's ``celery worker`` process (``--include``) when the test sets
``SAMPLE_RENDER_GATE``: every sample and full-report render (a buyer's copy, a new
edition's copy) then records that it started and waits until the gate file exists, so a test can kill a worker, or let a time limit fire, while a render
is certainly under way, whatever the machine's speed. Without the variable it does nothing.

``RenderGate`` is the test's side: the worker settings to pass, and the gate to open.
"""

import os
import time
from pathlib import Path

GATE_VARIABLE = "SAMPLE_RENDER_GATE"


def _held(gate: Path, render):
    def held_render(*args, **kwargs):
        with open(f"{gate}.started", "a") as started:
            started.write(f"{os.getpid()}\n")
        while not gate.exists():
            time.sleep(0.05)
        return render(*args, **kwargs)

    return held_render


def _install(gate: Path) -> None:
    from enquiries import documents as sample_documents
    from orders import documents as order_documents

    sample_documents.render_sample_pdf = _held(gate, sample_documents.render_sample_pdf)
    order_documents.render_full_report_pdf = _held(gate, order_documents.render_full_report_pdf)


if os.environ.get(GATE_VARIABLE):
    _install(Path(os.environ[GATE_VARIABLE]))


class RenderGate:
    """A closed gate under ``directory``; ``settings`` go to ``start_worker``."""

    def __init__(self, directory: Path):
        self.path = directory / "render-gate"
        self.started_path = Path(f"{self.path}.started")

    @property
    def settings(self) -> dict[str, str]:
        return {GATE_VARIABLE: str(self.path)}

    def started(self) -> int:
        """How many renders have reached the gate."""
        if not self.started_path.exists():
            return 0
        return len(self.started_path.read_text().split())

    def open(self) -> None:
        self.path.touch()
