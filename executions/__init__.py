"""Running state machines: executions, their history events, the durable runtime and live updates."""
