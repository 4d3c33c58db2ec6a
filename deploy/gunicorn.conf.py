"""gunicorn settings for Xinju (one app server; several sit behind nginx's upstream, deploy/nginx/xinju.conf).

    XINJU_CONFIG=production gunicorn -c deploy/gunicorn.conf.py "webapp:create_app()"

Environment: XINJU_BIND (127.0.0.1:8000), XINJU_WORKERS (2 × cores + 1), XINJU_INSTANCE (this server's name in the
logs), XINJU_ACCESS_LOG / XINJU_ERROR_LOG ("-": the journal). Sync workers: every request is short (the slowest
are a sync batch and a dashboard, under a second on PostgreSQL; docs/deployment.md), and a sync worker that a
database stall holds is killed after `timeout` instead of piling up threads.
"""

import multiprocessing
import os

bind = os.environ.get("XINJU_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("XINJU_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is a stall (the database's own statement timeout is 15 s): the worker is replaced.
timeout = 30
graceful_timeout = 20
# nginx keeps connections to the upstream open (keepalive 16): a little longer than nginx's own idle time.
keepalive = 75
# Workers are renewed now and then, so a slow leak never becomes an outage; the jitter spreads the restarts.
max_requests = 5000
max_requests_jitter = 500
# Each worker loads the app itself: no database, Redis or object-store connection is ever shared across a fork.
preload_app = False
# Only nginx on this machine talks to gunicorn; X-Forwarded-* are read by the app itself (BEHIND_PROXY=1).
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = f"xinju-{os.environ.get('XINJU_INSTANCE', 'app')}"

# The path without its query string: no token or search term ever lands in a log file.
accesslog = os.environ.get("XINJU_ACCESS_LOG", "-")
errorlog = os.environ.get("XINJU_ERROR_LOG", "-")
access_log_format = os.environ.get(
    "XINJU_ACCESS_LOG_FORMAT", f'{os.environ.get("XINJU_INSTANCE", "app")} %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
)
