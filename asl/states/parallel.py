"""The Parallel state: run every branch on the same input; the result is their outputs, in order."""
from __future__ import annotations

from typing import Any

from asl.errors import StatesError
from asl.states.base import REPORT_FAILURE, RecoverableState
from asl.step import ChildrenDone, ChildRun, FanOut, Frame, Outcome, Run, Woke


class ParallelState(RecoverableState):
    type = "Parallel"
    failed_event = "ParallelStateFailed"
    failed_event_when_caught = False  # AWS records ParallelStateFailed only when the execution fails with it

    def __init__(self, name: str, raw: dict[str, Any], query_language: str, machine_language: str):
        super().__init__(name, raw, query_language)
        self.checks_output_size = True  # the result gathers every child's output
        from asl.machine import Scope  # a branch is a scope of states of its own

        self.branches = [Scope(branch, machine_language) for branch in raw.get("Branches", [])]

    def start(self, run: Run, frame: Frame) -> Outcome:
        data = self.effective_input(run, frame)
        run.emit("ParallelStateStarted")
        frame.extra[REPORT_FAILURE] = True
        return FanOut(frame, [ChildRun(branch, data, i) for i, branch in enumerate(self.branches)])

    def redriven(self, run: Run, frame: Frame, total: int) -> None:
        run.emit("ParallelStateStarted")

    def resume(self, run: Run, frame: Frame, signal: Any) -> Outcome:
        if isinstance(signal, Woke):
            return self.start(run, frame)
        if not isinstance(signal, ChildrenDone):
            return super().resume(run, frame, signal)
        for outcome in signal.outcomes:
            if not outcome.succeeded:
                # AWS fails the state with the branch's own error, not States.BranchFailed.
                raise StatesError(outcome.error or "States.BranchFailed", outcome.cause, located=True)
        del frame.extra[REPORT_FAILURE]  # AWS records no ParallelStateSucceeded, only ParallelStateExited
        return self.complete(run, frame, [outcome.output for outcome in signal.outcomes])
