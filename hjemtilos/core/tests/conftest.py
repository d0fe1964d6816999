"""The friendship year's fixture (``befriended``) for the home-page tests."""

from hjemtilos.friendships.tests.conftest import befriended  # noqa: F401
