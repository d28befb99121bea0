"""Fast settings for the test suite: the same apps, a quick password hasher."""

import os

os.environ.setdefault("DIAODU_SECRET_KEY", "test-only-secret")
os.environ.setdefault("DIAODU_HOME", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from diaodu.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
