"""Models of the designer app (state machines, versions, aliases) — none yet."""
