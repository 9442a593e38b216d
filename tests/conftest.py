"""Shared fixtures: real SQLite files, a real HTTP server on 127.0.0.1, sample articles."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp import web

from bot.runtime.settings import Settings
from storage.database import Database
from tests.support.postgres import PostgresServer

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED_EXAMPLE = REPO.parent / "shared" / "seeds" / "000_486d2b0c7be4f50e.txt"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class PageServer:
    """An aiohttp server on 127.0.0.1 whose routes each test adds as it needs them."""

    def __init__(self) -> None:
        self.app = web.Application()
        self._routes: dict[str, Handler] = {}
        self.hits: dict[str, int] = {}
        self.app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._hit: dict[str, asyncio.Event] = {}
        self._closing = asyncio.Event()

    def route(self, path: str, handler: Handler) -> str:
        self._routes[path] = handler
        return self.url(path)

    def page(self, path: str, body: str | bytes, content_type: str = "text/html",
             charset: str | None = "utf-8", status: int = 200) -> str:
        async def handler(_request: web.Request) -> web.StreamResponse:
            data = body.encode(charset or "utf-8") if isinstance(body, str) else body
            headers = {"Content-Type": content_type + (f"; charset={charset}" if charset else "")}
            return web.Response(body=data, status=status, headers=headers)

        return self.route(path, handler)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        async def handler(_request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": location})

        return self.route(path, handler)

    def stall(self, path: str) -> str:
        """A page that never answers (until the server closes): slower than any timeout."""
        async def handler(_request: web.Request) -> web.StreamResponse:
            await self._closing.wait()
            return web.Response(status=503, text="closing")

        return self.route(path, handler)

    async def wait_for_hit(self, path: str) -> None:
        """Until ``path`` has been requested at least once."""
        await self._hit.setdefault(path, asyncio.Event()).wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1
        self._hit.setdefault(request.path, asyncio.Event()).set()
        handler = self._routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def close(self) -> None:
        self._closing.set()  # stalled pages answer now, so cleanup need not wait for them
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def page_server() -> AsyncIterator[PageServer]:
    server = PageServer()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: a temporary database, local pages allowed. The fetch timeouts
    only bound a hang (a busy machine must not trip them); tests of timeouts set their own."""
    return replace(Settings(), database_path=tmp_path / "newsbot.db", allow_private_urls=True,
                   fetch_connect_timeout=20.0, fetch_read_timeout=20.0, workers=1,
                   processing_timeout=60.0)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """One real PostgreSQL server per test process, started on first use."""
    server = PostgresServer(tmp_path_factory.mktemp("postgresql"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """A fresh, migrated PostgreSQL database of its own for one test."""
    url = await postgres_server.fresh_database()
    try:
        yield url
    finally:
        await postgres_server.drop(url)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """The same tests on both engines: a real SQLite file, and a real PostgreSQL database.
    A test that is about one engine only asks for ``sqlite_database``."""
    if request.param == "sqlite":
        db = await Database.open(tmp_path / "test.db")
        try:
            yield db
        finally:
            await db.close()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = await server.fresh_database()
    db = await Database.open(url)
    try:
        yield db
    finally:
        await db.close()
        await server.drop(url)


# For a test about SQLite itself (its pragmas, FTS5, query plans): the database fixture on
# SQLite alone.
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@pytest.fixture
async def sqlite_database(tmp_path: Path) -> AsyncIterator[Database]:
    db = await Database.open(tmp_path / "test.db")
    try:
        yield db
    finally:
        await db.close()


FIXTURES = Path(__file__).resolve().parent / "fixtures"
# An original sample article, as a scraped plain-text page and as an HTML page.
ARTICLE_TEXT = (FIXTURES / "eastport_ferry.txt").read_text(encoding="utf-8")
ARTICLE_HTML = (FIXTURES / "eastport_ferry.html").read_text(encoding="utf-8")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """For command-line tests: an empty working folder (its own newsbot.db, no .env), one
    worker process."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_WORKERS", "1")
    monkeypatch.delenv("NEWSBOT_DATABASE", raising=False)
    return tmp_path
