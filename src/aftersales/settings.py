"""Typed configuration from AFTERSALES_* environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AFTERSALES_", extra="ignore")

    env: str = "development"
    database_url: str = "sqlite:///var/aftersales.db"
    secret_key: str = DEV_SECRET
    demo_password: str = "demo"
    timezone: str = "Asia/Shanghai"
    token_ttl_seconds: int = 8 * 3600
    login_max_failures: int = 5
    login_lock_seconds: int = 900
    max_body_bytes: int = 1_000_000
    attachments_dir: Path = Path("var/attachments")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    mail_from: str = "aftersales@example.com"
    complaints_mailbox: str = "complaints@example.com"
    sms_webhook_url: str = ""
    policy_dir: Path | None = None
    run_worker_in_process: bool = False
    log_level: str = "INFO"

    @model_validator(mode="after")
    def refuse_placeholder_secret(self) -> "Settings":
        # A signed-cookie secret everybody knows is a forged session waiting to happen.
        if self.env != "development" and self.secret_key == DEV_SECRET:
            raise ValueError("AFTERSALES_SECRET_KEY must be set outside development")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
