"""On PostgreSQL, connections come from a pool per process: however many threads serve
requests at once, the server sees no more connections than the pool's size."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

POOL_SIZE = 3
THREADS = 12


def _server_connections(monitor, database: str) -> int:
    row = monitor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [database],
    ).fetchone()
    return row[0]


def test_concurrent_threads_share_a_bounded_number_of_connections():
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's")
    assert connection.settings_dict["OPTIONS"].get("pool"), "PostgreSQL runs with a pool"
    saved_pool = connection.settings_dict["OPTIONS"]["pool"]
    connection.close()
    connection.close_pool()
    connection.settings_dict["OPTIONS"]["pool"] = {
        **saved_pool,
        "min_size": 1,
        "max_size": POOL_SIZE,
    }
    params = connection.get_connection_params()
    params.pop("pool", None)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    database = connection.settings_dict["NAME"]
    seen: list[int] = []
    stop = threading.Event()

    def query(_):
        from django.db import connection as thread_connection

        try:
            with thread_connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.2)")
            return True
        finally:
            thread_connection.close()  # back to the pool, as at the end of a request

    def watch():
        with psycopg.connect(**params, autocommit=True) as monitor:
            while not stop.is_set():
                seen.append(_server_connections(monitor, database))
                time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as executor:
            results = list(executor.map(query, range(THREADS * 2)))
    finally:
        stop.set()
        watcher.join()
        connection.close()
        connection.close_pool()
        connection.settings_dict["OPTIONS"]["pool"] = saved_pool

    assert all(results)
    assert seen, "the watcher saw the server"
    assert max(seen) <= POOL_SIZE
    assert max(seen) >= 2  # the threads did run side by side
