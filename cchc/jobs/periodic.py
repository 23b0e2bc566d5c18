"""A daemon thread of the worker that calls a function every N seconds (the lease sweeper, the
daily schedule's check). Each call's errors are logged, never fatal; the thread's database
connection is closed after each call."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import connection

log = logging.getLogger(__name__)


class Every(threading.Thread):
    def __init__(self, name: str, seconds: Callable[[], float], fn: Callable[[], object]):
        super().__init__(name=name, daemon=True)
        self.seconds, self.fn = seconds, fn
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(self.seconds()):
            try:
                self.fn()
            except Exception:
                log.exception("%s failed", self.name)
            finally:
                connection.close()
