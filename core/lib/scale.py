"""What `manage.py seed_scale` hands to each app's `scale.seed(plan)`: the size, a seeded random source and a
bulk insert helper. Domain-free, so every app may use it (the apps' seeds run in dependency order)."""

import datetime
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)
BATCH_SIZE = 2000


@dataclass
class ScalePlan:
    institutions: int
    editions: int
    stdout: Any  # the command's OutputWrapper or a file
    password_hash: str
    today: datetime.date = field(default_factory=timezone.localdate)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    started: float = field(default_factory=time.monotonic)

    def bulk(self, model: type[M], rows: Iterable[M]) -> list[M]:
        """Insert in batches; primary keys are set on the returned objects (PostgreSQL and SQLite 3.35+)."""
        return model.objects.bulk_create(list(rows), batch_size=BATCH_SIZE)  # type: ignore[attr-defined]

    def report(self, text: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {text}")

    def at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        """An aware datetime on `day` (Warsaw time), for timestamps the seed sets itself."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
