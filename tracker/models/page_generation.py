from __future__ import annotations

import secrets
from datetime import UTC, datetime

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

ONLY_ROW = 1


class PageGeneration(models.Model):
    """Which state of the tracker's data the cached reader pages were rendered from.

    Every change a reader could see replaces ``token`` (tracker/page_cache.py does it after
    each commit), so pages cached under the old token are never served again. It lives in the
    database, not in the cache, so that every worker and machine sees a change at once
    whatever the cache backend (local memory is one per process). A token is random rather
    than counted, so that a database restored from a backup never meets pages cached under
    the token it had then.
    """

    token = models.BigIntegerField()
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls) -> tuple[int, datetime]:
        # Asked on every cached page: plain SQL costs a twentieth of the ORM's query building.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT token, changed_at FROM {cls._meta.db_table} WHERE id = %s", [ONLY_ROW]
            )
            row = cursor.fetchone()
        if row is None:
            return cls.bump()
        changed_at = models.DateTimeField().to_python(row[1])
        if timezone.is_naive(changed_at):  # SQLite keeps UTC without its zone
            changed_at = timezone.make_aware(changed_at, UTC)
        return row[0], changed_at

    @classmethod
    def bump(cls) -> tuple[int, datetime]:
        token, now = secrets.randbits(62), timezone.now()
        if not cls.objects.filter(pk=ONLY_ROW).update(token=token, changed_at=now):
            try:
                with transaction.atomic():
                    cls.objects.create(pk=ONLY_ROW, token=token, changed_at=now)
            except IntegrityError:  # created by a concurrent request: replace its token
                cls.objects.filter(pk=ONLY_ROW).update(token=token, changed_at=now)
        return token, now
