"""The friendship year's fixtures (``befriended``, ``planned``) for the follow-up tests."""

from hjemtilos.friendships.tests.conftest import befriended, planned  # noqa: F401
