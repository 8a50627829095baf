"""Integration tests against real servers: PostgreSQL, Redis and separate Celery worker processes.

``servers.py`` starts and stops them, ``conftest.py`` turns that into pytest fixtures.
"""
