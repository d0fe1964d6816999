"""The database restarted under load: our 503 page at once, recovery by itself, nothing lost.

A PostgreSQL server of the test's own (a copy of the test database, so the
other tests are not disturbed) serves gunicorn with persistent connections, as
production runs. While a signed-in parent's requests keep coming, the server
is stopped and started again: every answer is our page or our 503, each within
two seconds; after the restart the app answers again within seconds on the
same (health-checked) connections, and the session written before is still there.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from hjemtilos.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _pg_bin() -> Path:
    found = shutil.which("initdb")
    candidates = [Path(found).parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    return next(c for c in reversed(candidates) if (c / "pg_ctl").exists())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A PostgreSQL server in a temporary directory (as ``postgres`` when we are root)."""

    def __init__(self, base: Path) -> None:
        self.bin = _pg_bin()
        self.dir = base
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.getuid() == 0:
            shutil.chown(base, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.run(
            "initdb", "-D", str(base / "data"), "-U", "hjemtilos", "--auth=trust", "-E", "UTF8"
        )
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "hjemtilos", "app")
        self.url = f"postgres://hjemtilos@127.0.0.1:{self.port}/app"

    def run(self, program: str, *args: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs
            [*self.as_user, str(self.bin / program), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"
        log = str(self.dir / "server.log")
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")


def _copy_test_database(server: Server) -> None:
    db = connection.settings_dict
    source = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    dump = subprocess.run(  # noqa: S603 - PostgreSQL's own programs
        [str(server.bin / "pg_dump"), "--format=custom", "--no-owner", source],
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(  # noqa: S603
        [str(server.bin / "pg_restore"), "--no-owner", "--dbname", server.url],
        input=dump.stdout,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def app(parent, tmp_path) -> Iterator[tuple[Server, str]]:
    """gunicorn with persistent connections on a server of the test's own."""
    # In /tmp itself: the server's user must reach its directory.
    server_dir = Path(tempfile.mkdtemp(prefix="hjemtilos-pg-"))
    server = Server(server_dir)
    port = _free_port()
    gunicorn = None
    try:
        _copy_test_database(server)  # the parent, committed by this transactional test
        env = {
            **os.environ,
            # The test profile: its password hasher made the parent's password.
            "DJANGO_SETTINGS_MODULE": "hjemtilos.settings.test",
            "DATABASE_URL": server.url,
            "DATABASE_CONN_MAX_AGE": "600",
            "DATABASE_CONNECT_TIMEOUT": "2",
            "HJEMTILOS_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "restart-test-" + "x" * 40,
        }
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                *(str(ROOT / ".venv/bin/gunicorn"), "hjemtilos.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            if _get(base + "/healthz")[0] == 200:
                break
            time.sleep(0.5)
        yield server, base
    finally:
        if gunicorn:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        server.stop()
        shutil.rmtree(server_dir, ignore_errors=True)


def _get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:  # refused, reset or timed out (URLError is one)
        return 0, ""


def _sign_in(base: str, email: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    _, page = _get(base + "/konto/log-ind/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": PASSWORD}
    ).encode()
    opener.open(base + "/konto/log-ind/", data=data, timeout=10).read()
    return opener


def test_a_database_restart_under_load_answers_503_fast_and_recovers_by_itself(app, parent):
    server, base = app
    page = base + "/konto/api-noegler/"
    browser = _sign_in(base, parent.email)
    status, text = _get(page, browser)
    assert status == 200 and parent.get_full_name() in text

    answers: list[tuple[float, int, float, str]] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            started = time.monotonic()
            status, text = _get(page, browser)
            answers.append((started, status, time.monotonic() - started, text))
            time.sleep(0.05)

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    stopped_at = time.monotonic()
    server.stop()
    time.sleep(3)
    down = _get(base + "/healthz")
    server.start()
    started_at = time.monotonic()
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()

    assert down[0] == 503 and '"database": {"ok": false' in down[1]
    statuses = {status for _, status, _, _ in answers}
    # Our page or our 503: never a 500, never a hang.
    assert statuses <= {200, 503}, statuses
    unavailable = [a for a in answers if a[1] == 503]
    assert unavailable, "no request reached the app while the database was down"
    assert all("Hjem til Os er kortvarigt utilgængelig" in text for *_, text in unavailable)
    # Fast means bounded by the 2-second connect timeout (plus a busy machine's
    # scheduling), not the minutes of a request waiting on a dead connection.
    assert max(duration for _, _, duration, _ in answers) < 5
    assert all(stopped_at - 1 <= at <= started_at + 5 for at, *_ in unavailable)
    # Recovered within seconds of the restart, on the same signed-in session.
    recovered = [at for at, status, _, _ in answers if status == 200 and at > started_at]
    assert recovered and min(recovered) - started_at < 3
    status, text = _get(page, browser)
    assert status == 200 and parent.get_full_name() in text
    assert _get(base + "/healthz")[0] == 200
