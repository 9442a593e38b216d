"""The knowledge commands on the command line, on articles stored with ``newsbot ingest``."""

from __future__ import annotations

import io
import json
import sys

import pytest

from bot.cli.main import main
from tests.conftest import SEEDS, SHARED_EXAMPLE

COMMANDS = ("topic", "person", "search", "ask", "tags", "people")


pytestmark = pytest.mark.usefixtures("workspace")  # tests/conftest.py: an empty folder


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_knowledge_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in COMMANDS:
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert f"usage: newsbot {command}" in capsys.readouterr().out


def test_the_commands_answer_from_the_ingested_seeds(
        capsys: pytest.CaptureFixture[str]) -> None:
    sources = [str(SEEDS)] + ([str(SHARED_EXAMPLE)] if SHARED_EXAMPLE.exists() else [])
    assert run(capsys, "ingest", *sources)[0] == 0

    code, out, _ = run(capsys, "topic", "interest", "rates")
    assert code == 0
    assert out.startswith("Topic: interest rates (page 1/1 · 2 articles)")
    assert "In short:" in out
    assert "ECB cuts interest rates" in out

    code, out, _ = run(capsys, "person", "lefevre")
    assert code == 0
    assert out.splitlines()[0] == "Zoë Lefèvre"
    assert "2 articles" in out
    assert "Quotes:" in out
    assert "Pieter van Dijk" in out

    code, out, _ = run(capsys, "person", "Petrauskiene")
    assert "Role: Amberline Energy chief executive" in out

    code, out, _ = run(capsys, "search", "Baltic", "--page", "2")
    assert code == 0
    assert "page 2/" in out
    code, out, _ = run(capsys, "search", 'tag:"cyber attacks"', "person:Wróbel", 'AND("*')
    assert code == 0

    code, out, _ = run(capsys, "ask", "who", "is", "Ilona", "Varga?")
    assert code == 0
    assert "European Commission Vice-President Ilona Varga" in out
    code, out, _ = run(capsys, "ask", "what is the weather on Mars?")
    no_answer, *closest = out.strip().splitlines()
    assert code == 1
    assert no_answer == "Nothing in the stored articles answers that. The closest articles:"
    assert closest
    assert all(line.startswith("- ") for line in closest)

    code, out, _ = run(capsys, "tags", "--days", "30")
    assert code == 0
    assert "interest rates (2)" in out
    code, out, _ = run(capsys, "people")
    assert code == 0
    assert "Rasa Petrauskienė (4)" in out

    # Nothing found: exit code 1, and the command line's own wording (not Discord's).
    code, out, _ = run(capsys, "person", "Nobody Atall")
    assert code == 1
    assert out.strip() == "Nobody called “Nobody Atall” appears in the stored articles."
    code, out, _ = run(capsys, "search", "zzzyx")
    assert code == 1
    assert out.strip() == "No stored article matches “zzzyx”."
    code, out, _ = run(capsys, "topic", "zzzyx")
    assert code == 1
    assert out.strip() == "No stored article is tagged “zzzyx”."

    if SHARED_EXAMPLE.exists():
        for arguments, expected in [
                (("person", "Geoana"), "Role: NATO Deputy Secretary General"),
                (("person", "Andersson"), "Role: Swedish Prime Minister"),
                (("topic", "NATO"), "NATO cyber coordinators hold first-ever meeting"),
                (("search", "cyber retaliation"), "NATO cyber coordinators hold first-ever"),
                (("ask", "who is Mircea Geoana?"), "Mircea Geoană")]:
            code, out, _ = run(capsys, *arguments)
            assert code == 0, arguments
            assert expected in out, arguments


def test_people_jsonl(monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "a", "text": "Swedish Prime Minister Magdalena Andersson met NATO Deputy "
                            "Secretary General Mircea Geoană in Brussels on Monday.\n\n"
                            "Tags Magdalena Andersson NATO Jens Stoltenberg"},
        {"id": "b", "text": 42},
        {"id": "c", "text": "No names here at all."},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\nnot json\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code, out, _ = run(capsys, "people", "--jsonl")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # two bad lines
    assert results[0] == {"id": "a", "people": ["Magdalena Andersson", "Mircea Geoană"]}
    assert results[1]["id"] == "b"
    assert "error" in results[1]
    assert results[2] == {"id": "c", "people": []}
    assert "error" in results[3]


def test_ask_json_and_jsonl_answer_with_their_sources(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "ingest", str(SEEDS))[0] == 0
    grant = SEEDS / "01_eu_grant_amber_link.txt"

    code, out, _ = run(capsys, "ask", "how much was the EU grant for Amber Link?")
    assert code == 0
    assert "**412 million euro**" in out.splitlines()[0]

    code, out, _ = run(capsys, "ask", "--json", "how much was the EU grant for Amber Link?")
    answer = json.loads(out)
    assert code == 0
    assert answer["question"] == "how much was the EU grant for Amber Link?"
    first = answer["answers"][0]
    assert "412 million euro grant" in first["sentence"]
    assert first["url"] == str(grant)
    assert first["title"]
    assert set(first) >= {"sentence", "title", "url", "site", "published", "answer"}
    assert "412 million euro" in first["answer"]

    lines = [json.dumps({"id": 1, "question": "how much was the EU grant for Amber Link?"}),
             json.dumps({"id": 2, "question": 7}), "not json",
             json.dumps({"id": "mars", "question": "what is the weather on Mars?"}),
             json.dumps({"id": 3, "question": "who is Ilona Varga?"})]
    stdin = "\n".join(lines) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code, out, _ = run(capsys, "ask", "--jsonl")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # two bad lines, and the batch went on
    assert [result["id"] for result in results] == [1, 2, None, "mars", 3]
    assert "412 million euro grant" in results[0]["answers"][0]["sentence"]
    assert results[0]["answers"][0]["url"] == str(grant)
    assert "error" in results[1]
    assert "error" in results[2]
    assert results[3] == {"id": "mars", "answers": []}
    assert "Ilona Varga" in results[4]["answers"][0]["sentence"]

    code, _, err = run(capsys, "ask")
    assert code == 1
    assert "QUESTION" in err
