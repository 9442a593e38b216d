import io
import json

from bot.cli.batch import JsonObject, run_jsonl
from bot.errors import NotAnArticleError


async def echo_upper(item: JsonObject) -> JsonObject:
    if item.get("text") == "bad":
        raise NotAnArticleError("no article text found")
    if item.get("text") == "boom":
        raise RuntimeError("unexpected")
    return {"text": str(item["text"]).upper()}


async def run(lines: list[str], concurrency: int = 2) -> tuple[int, list[JsonObject]]:
    output = io.StringIO()
    errors = await run_jsonl(lines, echo_upper, output, concurrency)
    return errors, [json.loads(line) for line in output.getvalue().splitlines()]


async def test_results_come_out_in_input_order() -> None:
    lines = [json.dumps({"id": n, "text": f"t{n}"}) for n in range(7)]
    errors, results = await run(lines)
    assert errors == 0
    assert results == [{"id": n, "text": f"T{n}"} for n in range(7)]


async def test_one_bad_line_yields_an_error_line_and_the_batch_goes_on() -> None:
    lines = ['{"id": "a", "text": "ok"}', "not json", '{"id": "b", "text": "bad"}', "[1, 2]",
             '{"id": "c", "text": "boom"}', '{"id": "d", "text": "fine"}']
    errors, results = await run(lines)
    assert errors == 4
    assert results[0] == {"id": "a", "text": "OK"}
    assert results[1]["error"].startswith("line 2 is not valid JSON")
    assert results[2] == {"id": "b", "error": "no article text found"}
    assert results[3]["error"] == "line 4 is not a JSON object"
    assert results[4] == {"id": "c", "error": "unexpected error (RuntimeError)"}
    assert results[5] == {"id": "d", "text": "FINE"}


async def test_blank_lines_are_skipped() -> None:
    errors, results = await run(["", '{"id": 1, "text": "x"}', "   "])
    assert errors == 0
    assert results == [{"id": 1, "text": "X"}]
