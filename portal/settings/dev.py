"""Local development, the default of ``manage.py``: the base settings with ``DEBUG`` on
unless the environment says otherwise, so a fresh checkout's ``manage.py`` commands work
without a ``.env`` (development secret key, SQLite, tasks in-process, e-mails as files)."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403
