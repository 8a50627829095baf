"""Example workflows that new users see at once: definitions, sample inputs and their task handlers.

``examples.catalog`` lists the workflows; ``examples.handlers`` registers the handlers their
Tasks invoke (it is in the default ``STEPCRAFT_HANDLER_MODULES``).
"""
