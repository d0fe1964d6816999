"""The friendship year's fixtures for the safeguarding tests."""

from hjemtilos.friendships.tests.conftest import befriended  # noqa: F401
