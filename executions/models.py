"""Models of the executions app (executions, runs, history events) — none yet."""
