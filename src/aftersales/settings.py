"""Typed configuration from AFTERSALES_* environment variables."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from annotated_types import Ge, Le
from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from aftersales.db import REQUEST_SLOTS

# The placeholder that older set-ups used; refused everywhere so nobody runs with it.
DEV_SECRET = "dev-only-secret-change-me"
MIN_SECRET_BYTES = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AFTERSALES_", extra="ignore")

    env: str = "development"
    database_url: str = "sqlite:///var/aftersales.db"
    # Empty means "read secret_key_file", which `make run` fills with a random secret.
    secret_key: str = ""
    secret_key_file: Path = Path("var/secret_key")
    demo_password: str = "demo"
    timezone: str = "Asia/Shanghai"
    token_ttl_seconds: int = 8 * 3600
    # Log-in throttling (auth/throttle.py): free failures, then waits of 1, 2, 4 … seconds.
    login_free_failures: int = 5  # per account name
    login_max_wait_seconds: int = 60
    login_address_free_failures: int = 20  # per client address, whatever names it tries
    login_address_max_wait_seconds: int = 900
    login_forget_seconds: int = 900  # a key quiet this long starts again from zero
    idempotency_keep_hours: int = 24  # how long a retry with the same key gets the same answer
    # Proxies whose X-Forwarded-For is believed: comma-separated addresses or networks.
    trusted_proxies: str = ""
    max_body_bytes: int = 1_000_000
    # Requests of one process that write at once (admission.py: more costs CPU).
    write_slots: Annotated[int, Ge(1), Le(REQUEST_SLOTS)] = 1
    attachments_dir: Path = Path("var/attachments")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    mail_from: str = "aftersales@example.com"
    complaints_mailbox: str = "complaints@example.com"
    sms_webhook_url: str = ""
    policy_dir: Path | None = None
    run_worker_in_process: bool = False
    log_level: str = "INFO"
    # Statistics pages and report GET doors read here (a PostgreSQL replica); empty: primary.
    reports_database_url: str = ""
    # The host of the links sent to customers (survey invitations).
    public_url: str = "http://127.0.0.1:8000"
    # Which discipline steps come with a retraining assignment (comma-separated; empty: none).
    retrain_on: str = "warning,penalty"

    @field_validator("trusted_proxies")
    @classmethod
    def proxies_are_addresses(cls, value: str) -> str:
        from aftersales.client_address import parse_networks

        parse_networks(value)  # a typo here would silently trust nobody, or everybody
        return value

    @field_validator("public_url")
    @classmethod
    def public_url_is_absolute(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("AFTERSALES_PUBLIC_URL must start with http:// or https://")
        return value

    @field_validator("retrain_on")
    @classmethod
    def retrain_on_names_steps(cls, value: str) -> str:
        steps = {"warning", "penalty", "dismissal_proposed"}
        unknown = sorted({k.strip() for k in value.split(",") if k.strip()} - steps)
        if unknown:
            raise ValueError(f"AFTERSALES_RETRAIN_ON: unknown steps {', '.join(unknown)}")
        return value

    @property
    def retrain_steps(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.retrain_on.split(",") if k.strip())

    @model_validator(mode="after")
    def refuse_weak_secret(self) -> "Settings":
        # Tokens and session cookies are signed with this secret: one that anybody can read
        # in the source (or guess) lets them forge an admin session, on any machine.
        if not self.secret_key and self.secret_key_file.is_file():
            self.secret_key = self.secret_key_file.read_text().strip()
        if not self.secret_key:
            raise ValueError("no secret: set AFTERSALES_SECRET_KEY or run `aftersales make-secret`")
        if self.secret_key == DEV_SECRET:
            raise ValueError("AFTERSALES_SECRET_KEY is the published placeholder: set your own")
        if self.env == "production" and len(self.secret_key.encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"AFTERSALES_SECRET_KEY needs {MIN_SECRET_BYTES} bytes in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()


def write_secret_file(path: Path) -> bool:
    """Create `path` with a random secret unless it exists; True when it was created.

    Kept across runs: replacing it would sign every user out and void every API token.
    """
    import os
    import secrets

    if path.is_file() and path.read_text().strip():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(48) + "\n")
    return True
