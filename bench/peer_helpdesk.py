"""Our complaint intake beside a peer's ticket intake (django-helpdesk 2.6.1) in one run.

    python bench/peer_helpdesk.py [--seconds 20] [--rounds 3] [--concurrency 32]

The peer lives in its own virtual environment (bench/out/peer-venv, created on first use and
reused): django-helpdesk with the Django and Django REST framework releases it supports and
gunicorn. Nothing of it enters the product's dependencies. Its site (bench/out/peer-site) is
a minimal Django project on SQLite with the pragmas ours uses (WAL, synchronous=NORMAL, a
10 s busy timeout) and persistent connections as ours pools them, DEBUG off, mail to the
dummy backend (the acknowledgement to the submitter is rendered, not sent, as ours queues
its SMS), served by gunicorn with 2 sync workers. Ours is `aftersales serve --workers 2` on
SQLite with the demo data, posting complaints_post.py's body.

Both servers run for the whole script; wrk drives one while the other idles, ours then the
peer in each round. Each side authenticates with a token: helpdesk's API takes DRF's token
(one indexed look-up) as well as basic auth, whose password hashing would be most of its
request. Before the runs one POST on each side must answer 201 and add one row; after each
run the rows added stand beside the 2xx answers wrk counted. The servers' CPU per request
is printed too: on a shared machine it moves less than req/s does.
"""

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from complaints_post import BODY as COMPLAINT
from harness import ROOT, free_port, fresh_sqlite, prepare_database, server, token, wrk

OUT = ROOT / "bench" / "out"
VENV = OUT / "peer-venv"
SITE = OUT / "peer-site"
PINS = (
    "django-helpdesk==2.6.1",
    "Django==5.2.19",
    "djangorestframework==3.16.1",
    "gunicorn==23.0.0",
)
TICKET = {
    "title": "导购态度差 {{n}}",
    "description": "顾客反映专柜导购态度冷淡，不愿意介绍商品。",
    "priority": 3,
    "submitter_email": "lisi@example.com",
}

SETTINGS = """\
from pathlib import Path

SECRET_KEY = "bench-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
ROOT_URLCONF = "peersite.urls"
WSGI_APPLICATION = "peersite.wsgi.application"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": Path(__file__).resolve().parents[1] / "peer.db",
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            "timeout": 10,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
SITE_ID = 1
STATIC_URL = "/static/"
MEDIA_ROOT = Path(__file__).resolve().parents[1] / "media"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"]
}
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_API_ENABLED = True
"""

URLS = """\
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersite.settings")
application = get_wsgi_application()
"""

# Run by the peer's own Python: one staff user, one queue, the user's API token.
SEED = """\
import json
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue

user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
queue = Queue.objects.create(title="Complaints", slug="complaints")
print(json.dumps({"queue": queue.id, "token": Token.objects.create(user=user).key}))
"""


def peer_venv() -> Path:
    """The peer's interpreter, its packages installed once per set of pins."""
    stamp = VENV / "bench-pins.txt"
    if stamp.exists() and stamp.read_text().split() == list(PINS):
        return VENV / "bin"
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"installing {' '.join(PINS)} into {VENV}", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [VENV / "bin" / "pip", "install", "-q", "--disable-pip-version-check", *PINS],
        check=True,
    )
    stamp.write_text("\n".join(PINS) + "\n")
    return VENV / "bin"


def _django(bin_dir: Path, *args: str) -> str:
    answer = subprocess.run(
        [bin_dir / "django-admin", *args],
        cwd=SITE,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "peersite.settings", "PYTHONPATH": str(SITE)},
        capture_output=True,
        text=True,
    )
    if answer.returncode:
        raise SystemExit(f"django-admin {args[0]} failed:\n{answer.stderr}")
    return answer.stdout


def peer_site(bin_dir: Path) -> dict:
    """A fresh site and database; answers the queue id and the API token."""
    package = SITE / "peersite"
    package.mkdir(parents=True, exist_ok=True)
    files = {"__init__.py": "", "settings.py": SETTINGS, "urls.py": URLS, "wsgi.py": WSGI}
    for name, text in files.items():
        (package / name).write_text(text)
    for suffix in ("", "-wal", "-shm"):
        (SITE / f"peer.db{suffix}").unlink(missing_ok=True)
    _django(bin_dir, "migrate", "--noinput", "-v", "0")
    return json.loads(_django(bin_dir, "shell", "-c", SEED).strip().splitlines()[-1])


@contextmanager
def peer_server(bin_dir: Path, workers: int = 2) -> Iterator[tuple[str, int]]:
    port = free_port()
    log = (OUT / "peer-gunicorn.log").open("w")
    proc = subprocess.Popen(
        [
            bin_dir / "gunicorn",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "peersite.wsgi",
        ],
        cwd=SITE,
        env=os.environ | {"PYTHONPATH": str(SITE)},
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/api/tickets/", proc)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()


def _wait_for(url: str, proc: subprocess.Popen) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {OUT / 'peer-gunicorn.log'}")
        try:
            httpx.get(url)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer")


def rows(db: Path, table: str) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@dataclass
class Side:
    """One server's door: what wrk posts there, how it logs in, where its rows are counted."""

    name: str
    base: str
    pid: int
    path: str
    body: dict
    scheme: str
    token: str
    db: Path
    table: str

    def check_one_post(self) -> None:
        before = rows(self.db, self.table)
        body = json.loads(json.dumps(self.body, ensure_ascii=False).replace("{{n}}", "check"))
        answer = httpx.post(
            self.base + self.path,
            json=body,
            headers={
                "Authorization": f"{self.scheme} {self.token}",
                "Idempotency-Key": f"check-{time.time_ns()}",
            },
        )
        after = rows(self.db, self.table)
        if answer.status_code != 201 or after != before + 1:
            raise SystemExit(
                f"{self.name}: POST {self.path} answered {answer.status_code} and added "
                f"{after - before} rows to {self.table}: {answer.text[:300]}"
            )
        print(
            f"{self.name}: one POST {self.path} -> 201, {self.table} {before} -> {after}",
            flush=True,
        )

    def load(self, concurrency: int, seconds: int) -> dict:
        env = {
            "BENCH_BODY": json.dumps(self.body, ensure_ascii=False),
            "BENCH_TOKEN": self.token,
            "BENCH_AUTH_SCHEME": self.scheme,
            "BENCH_RUN": f"{time.time_ns()}",
        }
        before = rows(self.db, self.table)
        figures = wrk(
            self.base,
            self.path,
            script="post.lua",
            env=env,
            concurrency=concurrency,
            seconds=seconds,
            pid=self.pid,
        )
        figures["rows"] = rows(self.db, self.table) - before
        return figures


HEADER = (
    f"{'round':<6}{'side':<24}{'req/s':>9}{'p50 ms':>10}{'p99 ms':>10}{'2xx':>8}"
    f"{'non-2xx':>9}{'sock err':>10}{'rows':>8}{'cpu ms/req':>12}{'rss MB':>8}"
)


def line(round_no: int, side: Side, f: dict) -> str:
    return (
        f"{round_no:<6}{side.name:<24}{f['rps']:>9}{f['p50_ms']:>10}{f['p99_ms']:>10}"
        f"{f['requests'] - f['errors']:>8}{f['errors']:>9}{f['socket_errors']:>10}"
        f"{f['rows']:>8}{f['server_cpu_ms']:>12}{f['server_rss_mb']:>8}"
    )


def ratios(title: str, mine: list[dict], theirs: list[dict]) -> str:
    def total(runs: list[dict], key: str) -> float:
        return sum(f[key] for f in runs)

    rps = total(mine, "rps") / total(theirs, "rps")
    cpu = total(theirs, "server_cpu_ms") / total(mine, "server_cpu_ms")
    return (
        f"{title:<30}ours / peer {rps:.2f} in req/s; the peer spends {cpu:.1f}x our CPU a request"
    )


def run_rounds(ours: Side, peer: Side, *, rounds: int, seconds: int, concurrency: int) -> None:
    print(f"\nwrk c={concurrency}, {seconds} s a run, {rounds} rounds")
    print(HEADER, flush=True)
    mine, theirs = [], []
    for round_no in range(1, rounds + 1):
        mine.append(ours.load(concurrency, seconds))
        print(line(round_no, ours, mine[-1]), flush=True)
        theirs.append(peer.load(concurrency, seconds))
        print(line(round_no, peer, theirs[-1]), flush=True)
        print(ratios("", mine[-1:], theirs[-1:]), flush=True)
    print(flush=True)
    print(ratios("all rounds:", mine, theirs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    # A plain `kill` unwinds like Ctrl-C, so both servers are stopped either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    bin_dir = peer_venv()
    seed = peer_site(bin_dir)
    url = fresh_sqlite("peer_ours")
    prepare_database(url)
    with server(url, workers=2) as (our_base, our_pid), peer_server(bin_dir) as peer_at:
        ours = Side(
            name="ours /api/v1/complaints",
            base=our_base,
            pid=our_pid,
            path="/api/v1/complaints",
            body=COMPLAINT,
            scheme="Bearer",
            token=token(our_base),
            db=Path(url.removeprefix("sqlite:///")),
            table="complaint",
        )
        peer = Side(
            name="peer /api/tickets/",
            base=peer_at[0],
            pid=peer_at[1],
            path="/api/tickets/",
            body=TICKET | {"queue": seed["queue"]},
            scheme="Token",
            token=seed["token"],
            db=SITE / "peer.db",
            table="helpdesk_ticket",
        )
        ours.check_one_post()
        peer.check_one_post()
        run_rounds(
            ours, peer, rounds=args.rounds, seconds=args.seconds, concurrency=args.concurrency
        )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the servers are already stopped by then
        sys.exit(130)
