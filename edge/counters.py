"""Rate-limit counters every worker and node sees: Redis when REDIS_URL is set, else the
database. Both count atomically (Redis INCR; one INSERT … ON CONFLICT … RETURNING), so
concurrent requests in different processes never lose a count."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from edge.models import RateCount

logger = logging.getLogger(__name__)


def count_request(key: str, expires: int) -> int:
    """Count one request under key, kept until Unix time `expires`; return the count
    (0 when Redis cannot be reached: searches go on unlimited rather than failing)."""
    if settings.REDIS_URL:
        # Imported only where Redis counts: the client takes ~60 ms to import, a tenth
        # of a worker's start-up.
        from redis.exceptions import RedisError

        try:
            return _count_in_redis(key, expires)
        except RedisError:
            logger.warning("Rate limits are off: Redis at REDIS_URL does not answer")
            return 0
    return _count_in_database(key, expires)


def _count_in_redis(key: str, expires: int) -> int:
    counters = caches["limits"]
    timeout = max(1, expires - int(time.time()))
    for _attempt in range(3):
        counters.add(key, 0, timeout=timeout)
        try:
            return counters.incr(key)
        except ValueError:
            continue  # expired between add and incr: start the window again
    raise RuntimeError(f"could not count {key} in Redis")


def _count_in_database(key: str, expires: int) -> int:
    table = connection.ops.quote_name(RateCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires) VALUES (%s, 1, %s) "
            f"ON CONFLICT (key) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, expires],
        )
        (count,) = cursor.fetchone()
    if count == 1:  # a new window: forget the ones that ended
        RateCount.objects.filter(expires__lt=int(time.time())).delete()
    return count
