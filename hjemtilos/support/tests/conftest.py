"""The friendship year's fixtures: a running friendship with both families' logins."""

from hjemtilos.friendships.tests.conftest import befriended  # noqa: F401 - shared fixture
from hjemtilos.messaging.tests.conftest import smtp_server  # noqa: F401 - a real SMTP server
