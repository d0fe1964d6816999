"""gunicorn's settings for the production profile (gunicorn reads this file from the
directory it starts in; options on the command line win).

Threaded workers (``gthread``) keep a browser's or proxy's connection open between
requests (``keepalive``): a sync worker closes it after every response, so each request
paid for a new TCP connection. On the load test's 2-core machine, 3 workers × 2 threads
held about 15% more requests per second than 4 sync workers, at the same CPU
(ADR 0075). Django opens one database connection per thread (``CONN_MAX_AGE`` keeps it).
"""

import os

wsgi_app = "hjemtilos.wsgi"
worker_class = "gthread"
# WEB_CONCURRENCY is gunicorn's own variable for the number of workers.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "2"))
keepalive = 5
