"""ASL error names and the exception that carries an ASL-level failure.

Every failure the engine reports to a workflow is a :class:`StatesError`: an error name (one
of the predefined ``States.*`` names below or a task's own error type) and a cause text.
Anything else escaping the engine is a bug.
"""
from __future__ import annotations


class ErrorName:
    """The predefined error names of the Amazon States Language (spec appendix A)."""

    ALL = "States.ALL"
    TIMEOUT = "States.Timeout"
    HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout"
    TASK_FAILED = "States.TaskFailed"
    PERMISSIONS = "States.Permissions"
    RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure"
    PARAMETER_PATH_FAILURE = "States.ParameterPathFailure"
    BRANCH_FAILED = "States.BranchFailed"
    NO_CHOICE_MATCHED = "States.NoChoiceMatched"
    INTRINSIC_FAILURE = "States.IntrinsicFailure"
    EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold"
    ITEM_READER_FAILED = "States.ItemReaderFailed"
    RESULT_WRITER_FAILED = "States.ResultWriterFailed"
    QUERY_EVALUATION_ERROR = "States.QueryEvaluationError"
    DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded"
    RUNTIME = "States.Runtime"


# Errors that end the execution whatever Retry or Catch say: AWS never retries or catches them,
# not even with an explicit ErrorEquals naming them. (States.DataLimitExceeded from a task's
# result *is* caught by States.ALL on AWS, so it is not listed here.)
UNCATCHABLE_ERRORS = frozenset({ErrorName.RUNTIME})


class StatesError(Exception):
    """An ASL-level failure: the state (and, unless caught, the execution) fails with it."""

    def __init__(self, error: str, cause: str | None = None, *, located: bool = False):
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause
        self.located = located  # the cause already says which state failed (an inner state's error)


class DefinitionError(Exception):
    """A definition that does not validate; ``diagnostics`` lists every problem found."""

    def __init__(self, diagnostics: list):  # list[asl.validation.Diagnostic]
        self.diagnostics = diagnostics
        summary = "; ".join(f"{d.location or '/'}: {d.message}" for d in diagnostics[:5])
        more = f" (and {len(diagnostics) - 5} more)" if len(diagnostics) > 5 else ""
        super().__init__(f"Invalid state machine definition: {summary}{more}")


class TaskFailure(Exception):
    """Raise from a task handler to fail the task with an explicit error name and cause.

    Any other exception fails the task too, named after its class (as Lambda does).
    """

    def __init__(self, error: str, cause: str | None = None):
        super().__init__(cause or error)
        self.error = error
        self.cause = cause
