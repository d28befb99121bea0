"""Settings, read from the environment only (see README "Settings").

DATABASE_URL        sqlite:///path or postgres://user:pass@host:port/name
                    (default: an SQLite file under DIAODU_HOME)
DIAODU_HOME         where the SQLite file, uploads and exports live (default ./var)
DIAODU_SECRET_KEY   required when DIAODU_DEBUG is off
DIAODU_DEBUG        1 for development
DIAODU_ALLOWED_HOSTS comma-separated host names
DIAODU_HTTPS        1 behind an HTTPS reverse proxy (secure cookies, HSTS)
DIAODU_LOG_FILE     also write the log to this file (for logrotate)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DIAODU_HOME = Path(env_str("DIAODU_HOME", "var")).resolve()

DEBUG = env_bool("DIAODU_DEBUG", False)
SECRET_KEY = env_str("DIAODU_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DIAODU_SECRET_KEY must be set when DIAODU_DEBUG is off")
    SECRET_KEY = "diaodu-development-only-key"
ALLOWED_HOSTS = env_list("DIAODU_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # Our apps come first so that our `migrate` (which also loads the shipped
    # reference data) overrides Django's.
    "diaodu.core",
    "diaodu.accounts",
    "diaodu.regions",
    "diaodu.enterprises",
    "diaodu.ingest",
    "diaodu.analysis",
    "diaodu.appeals",
    "diaodu.projects",
    "diaodu.targets",
    "diaodu.warnings",
    "diaodu.dispatch",
    "diaodu.reports",
    "diaodu.api",
    "diaodu.web",
    "diaodu.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself: an intranet server may have no nginx.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # a NUL in a text field is refused with a Chinese 400 (PostgreSQL cannot store it)
    "diaodu.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # a GET request is one reading: repeated figures are summed once (diaodu/core/memo.py)
    "diaodu.core.memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "diaodu.urls"
WSGI_APPLICATION = "diaodu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if not url:
        DIAODU_HOME.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DIAODU_HOME / 'diaodu.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web pages read while an import writes; IMMEDIATE makes a
        # writer take the lock at BEGIN, so two imports queue instead of failing.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["diaodu.accounts.backends.ThrottledModelBackend"]
# After this many failed logins for one name or from one address, wait this long.
DIAODU_LOGIN_MAX_FAILURES = int(env_str("DIAODU_LOGIN_MAX_FAILURES", "5"))
DIAODU_LOGIN_LOCK_SECONDS = int(env_str("DIAODU_LOGIN_LOCK_SECONDS", "900"))
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Behind the bureau's HTTPS reverse proxy (docs/deploy.md): DIAODU_HTTPS=1.
HTTPS = env_bool("DIAODU_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("DIAODU_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DIAODU_CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"

STATIC_URL = "static/"
STATIC_ROOT = DIAODU_HOME / "static"
# `diaodu collectstatic` copies every static file (ECharts included) to STATIC_ROOT with
# compressed twins; WhiteNoise serves them. No hashed names (no manifest): a template
# renders even where collectstatic has not run (tests, a fresh checkout), and the finders
# serve the files from the apps then.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
try:
    # WhiteNoise warns at start-up about a missing STATIC_ROOT; an empty one is harmless.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:  # a read-only DIAODU_HOME: the finders still serve the files
    pass
MEDIA_ROOT = DIAODU_HOME / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Production-status thresholds (contracts/monthly-enterprise-report.md): 半停产 below
# this share of last year's month, 减产 below last year's month.
DIAODU_HALF_STOPPED_SHARE = env_str("DIAODU_HALF_STOPPED_SHARE", "0.5")

# Logs go to standard error (journald under systemd) and, when DIAODU_LOG_FILE is set, to
# that file too; WatchedFileHandler reopens it after logrotate moves it (docs/deploy.md).
LOG_LEVEL = env_str("DIAODU_LOG_LEVEL", "WARNING")
LOG_FILE = env_str("DIAODU_LOG_FILE")
_log_handlers: dict[str, dict[str, Any]] = {
    "console": {"class": "logging.StreamHandler", "formatter": "plain"},
}
if LOG_FILE:
    _log_handlers["file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": LOG_FILE,
        "formatter": "plain",
        "encoding": "utf-8",
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
    },
    "handlers": _log_handlers,
    "root": {"handlers": list(_log_handlers), "level": LOG_LEVEL},
    # Server errors (500) with their traceback, whatever the root level says.
    "loggers": {
        "django.request": {"handlers": list(_log_handlers), "level": "ERROR", "propagate": False},
    },
}
