"""A real PostgreSQL server for the tests, started by the tests themselves.

pgserver bundles PostgreSQL 16 as a wheel, so nothing is needed beyond ``pip install``. Each
test process (pytest-xdist worker) starts one server in its own temporary folder; each test
gets a fresh database cloned from a migrated template, so tests never see each other's rows
and the schema is applied once per process.
"""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import asyncpg

from storage.database import Database

TEMPLATE = "newsbot_template"


class PostgresServer:
    def __init__(self, folder: Path) -> None:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import pgserver  # noqa: PLC0415  only when a test asks for PostgreSQL

            self._server = pgserver.get_server(  # type: ignore[attr-defined]
                folder, cleanup_mode="stop")
        self._names = itertools.count(1)
        self._template_ready = False

    def url(self, database: str) -> str:
        return str(self._server.get_uri(database))

    async def fresh_database(self) -> str:
        """The URL of a new, empty, migrated database."""
        if not self._template_ready:
            await self._admin(f"DROP DATABASE IF EXISTS {TEMPLATE}", f"CREATE DATABASE {TEMPLATE}")
            database = await Database.open(self.url(TEMPLATE))
            await database.close()
            self._template_ready = True
        name = f"test_{next(self._names)}"
        await self._admin(f"DROP DATABASE IF EXISTS {name}",
                          f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    async def create_empty(self, name: str) -> None:
        """A database with nothing in it, not even the schema."""
        await self._admin(f"CREATE DATABASE {name}")

    async def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1].split("?", 1)[0]
        await self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    async def _admin(self, *statements: str) -> None:
        connection = await asyncpg.connect(self.url("postgres"))
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    def stop(self) -> None:
        self._server.cleanup()

