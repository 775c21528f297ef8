"""The scripted OpenAI server, driven by the real ``openai`` client and langchain's ChatOpenAI."""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import openai
import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from testkit.scripted_openai import (
    Delay,
    Disconnect,
    Error,
    Garbage,
    Reply,
    ScriptedOpenAIServer,
    ToolCall,
    default_responder,
    embed,
)

MESSAGES = [{"role": "user", "content": "We invoice 200 customers a month by hand."}]


@pytest.fixture(scope="module")
def running() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as started:
        yield started


@pytest.fixture
def server(running: ScriptedOpenAIServer) -> Iterator[ScriptedOpenAIServer]:
    """One server for the module (quicker, and langchain caches its HTTP client per URL), with the
    script, records and settings put back before each test."""
    running.reset()
    running.responder, running.default_delay = default_responder, 0.0
    yield running


@pytest.fixture(scope="module")
def client(running: ScriptedOpenAIServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=running.base_url, api_key="test", max_retries=0) as opened:
        yield opened


def chat_model(server: ScriptedOpenAIServer) -> ChatOpenAI:
    return ChatOpenAI(
        base_url=server.base_url, api_key="test", model="scripted", max_retries=0, stream_usage=True
    )


def complete(client: openai.OpenAI, messages=MESSAGES, **kwargs):
    return client.chat.completions.create(model="scripted", messages=messages, **kwargs)


# --- openai client ----------------------------------------------------------------------------


def test_plain_reply_with_usage_and_recorded_request(server, client):
    server.script(Reply("How long does that take each month?"))
    response = complete(client)
    choice = response.choices[0]
    assert choice.message.content == "How long does that take each month?"
    assert choice.finish_reason == "stop"
    assert response.usage.completion_tokens == math.ceil(35 / 4)
    assert response.usage.total_tokens == response.usage.prompt_tokens + 9
    assert server.requests == [{"model": "scripted", "messages": MESSAGES}]
    assert server.pending == 0


def test_unscripted_requests_go_to_the_responder(server, client):
    assert complete(client).choices[0].message.content == "This is a scripted reply."
    server.responder = lambda request: Reply(f"echo: {request['messages'][-1]['content']}")
    assert complete(client).choices[0].message.content == f"echo: {MESSAGES[0]['content']}"


def test_stream_splits_text_and_ends_with_usage(server, client):
    server.script(Reply("Who owns the invoicing process?"))
    chunks = list(complete(client, stream=True, stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Who owns the invoicing process?"
    assert len(chunks) > 4
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == []
    assert chunks[-1].usage.completion_tokens == math.ceil(len(text) / 4)
    assert all(c.usage is None for c in chunks[:-1])


def test_stream_without_include_usage_sends_no_usage(server, client):
    chunks = list(complete(client, stream=True))
    assert all(c.choices and c.usage is None for c in chunks)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_tool_call(server, client, stream):
    server.script(ToolCall("record_slot", {"slot": "owner", "value": "office manager"}, id="c1"))
    if stream:
        chunks = list(complete(client, stream=True))
        deltas = [c.choices[0].delta for c in chunks]
        pieces = [d.tool_calls[0].function.arguments for d in deltas if d.tool_calls]
        assert len(pieces) > 2  # the arguments arrive split across several chunks
        name, call_id = deltas[0].tool_calls[0].function.name, deltas[0].tool_calls[0].id
        arguments, finish_reason = "".join(pieces), chunks[-1].choices[0].finish_reason
    else:
        choice = complete(client).choices[0]
        (call,) = choice.message.tool_calls
        name, call_id, arguments = call.function.name, call.id, call.function.arguments
        finish_reason = choice.finish_reason
    assert (name, call_id, finish_reason) == ("record_slot", "c1", "tool_calls")
    assert json.loads(arguments) == {"slot": "owner", "value": "office manager"}


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (400, openai.BadRequestError),
        (401, openai.AuthenticationError),
        (429, openai.RateLimitError),
        (500, openai.InternalServerError),
        (503, openai.InternalServerError),
    ],
)
def test_errors_map_to_the_clients_exceptions(server, client, status, exception):
    server.script(Error(status, "scripted failure", retry_after=2))
    with pytest.raises(exception) as caught:
        complete(client)
    assert caught.value.status_code == status
    assert caught.value.body["message"] == "scripted failure"
    assert caught.value.response.headers["retry-after"] == "2"


def test_garbage_bodies(server, client):
    server.script(Garbage("<html>Bad gateway</html>"), Garbage('{"unexpected": true}'))
    with pytest.raises(json.JSONDecodeError):
        complete(client)
    assert complete(client).choices is None  # the client does not validate the shape


def test_disconnect_is_a_connection_error(server, client):
    server.script(Disconnect(), Disconnect(after_chunks=2))
    with pytest.raises(openai.APIConnectionError):
        complete(client)
    received = []
    with pytest.raises(openai.APIConnectionError):
        for chunk in complete(client, stream=True):
            received.append(chunk.choices[0].delta)
    assert [(d.role, d.content) for d in received] == [("assistant", ""), (None, "This ")]
    assert complete(client).choices[0].message.content  # the next request is served normally


def test_delays_apply_before_the_first_byte_and_between_chunks(server, client):
    server.default_delay = 0.02
    server.script(Delay(0.02, Reply("late", delay=0.02)), Reply("one two three", chunk_delay=0.02))
    started = time.perf_counter()
    complete(client)
    assert time.perf_counter() - started >= 0.06
    started = time.perf_counter()
    list(complete(client, stream=True))  # role, three words, finish: four gaps
    assert time.perf_counter() - started >= 0.02 + 4 * 0.02


def test_embeddings_are_deterministic_and_normalised(server, client):
    texts = ["Invoices are typed into Xero", "Invoices are typed into Xero", "Rosters"]
    floats = client.embeddings.create(model="scripted", input=texts, encoding_format="float")
    packed = client.embeddings.create(model="scripted", input=texts)  # base64 by default
    vectors = [item.embedding for item in floats.data]
    assert [len(v) for v in vectors] == [64, 64, 64]
    assert vectors[0] == vectors[1] != vectors[2]
    assert math.isclose(math.fsum(x * x for x in vectors[2]), 1.0)
    for item, vector in zip(packed.data, vectors, strict=True):
        assert item.embedding == pytest.approx(vector, abs=1e-6)
    assert vectors[0] == pytest.approx(embed(texts[0]))
    small = client.embeddings.create(model="scripted", input="x", dimensions=8)
    assert len(small.data[0].embedding) == 8
    assert server.embedding_requests[0]["input"] == texts
    assert server.requests == []


def test_models_list(client):
    assert [model.id for model in client.models.list()] == ["scripted"]


def test_reset_and_sent_text(server, client):
    server.script(Reply("unused"))
    complete(client, [{"role": "user", "content": "Call <PERSON_1> on <PHONE_NUMBER_1>"}])
    assert "<PHONE_NUMBER_1>" in server.sent_text
    server.reset()
    assert (server.requests, server.sent_text, server.pending) == ([], "", 0)


def test_stop_is_prompt_with_open_connections_and_pending_delays():
    with (
        ScriptedOpenAIServer() as server,
        openai.OpenAI(base_url=server.base_url, api_key="test", max_retries=0) as waiting_client,
    ):
        complete(waiting_client)  # leaves a keep-alive connection open
        server.script(Delay(30, Reply("never")))
        errors: list[Exception] = []

        def call() -> None:
            try:
                complete(waiting_client)
            except openai.APIConnectionError as exc:
                errors.append(exc)

        waiter = threading.Thread(target=call)
        waiter.start()
        while not server.requests[1:]:
            time.sleep(0.005)
        started = time.perf_counter()
        server.stop()
        waiter.join(5)
    assert time.perf_counter() - started < 1
    assert len(errors) == 1


def test_cli_serves_until_interrupted():
    command = [sys.executable, "-m", "testkit.scripted_openai", "--port", "0", "--delay", "0"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as cli:
        base_url = cli.stdout.readline().split()[4]
        with openai.OpenAI(base_url=base_url, api_key="test", max_retries=0) as client:
            assert complete(client).choices[0].message.content == "This is a scripted reply."
        cli.send_signal(signal.SIGINT)
        _, stderr = cli.communicate(timeout=5)
    assert cli.returncode == 0
    assert stderr == ""


# --- langchain ChatOpenAI ---------------------------------------------------------------------


def test_langchain_invoke(server):
    server.script(Reply("Thanks. Who signs the invoices off?"))
    message = chat_model(server).invoke([HumanMessage("We invoice by hand.")])
    assert isinstance(message, AIMessage)
    assert message.content == "Thanks. Who signs the invoices off?"
    assert message.usage_metadata["output_tokens"] == math.ceil(35 / 4)
    assert server.requests[0]["messages"] == [{"role": "user", "content": "We invoice by hand."}]


def test_langchain_stream_concatenates_and_reports_usage(server):
    server.script(Reply("Where does the customer list live?", chunk_delay=0.001))
    chunks = list(chat_model(server).stream("Tell me more"))
    assert all(isinstance(chunk, AIMessageChunk) for chunk in chunks)
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged += chunk
    assert merged.content == "Where does the customer list live?"
    assert merged.usage_metadata["output_tokens"] == math.ceil(len(merged.content) / 4)
    assert server.requests[0]["stream_options"] == {"include_usage": True}


class RecordSlot(BaseModel):
    """Record one readiness slot for a workflow."""

    slot: str
    value: str


@pytest.mark.parametrize("stream", [False, True], ids=["invoke", "stream"])
def test_langchain_bind_tools(server, stream):
    server.script(ToolCall("RecordSlot", {"slot": "owner", "value": "office manager"}, id="c7"))
    model = chat_model(server).bind_tools([RecordSlot])
    if stream:
        message = sum(model.stream("The office manager owns it"), AIMessageChunk(content=""))
    else:
        message = model.invoke("The office manager owns it")
    assert message.tool_calls == [
        {
            "name": "RecordSlot",
            "args": {"slot": "owner", "value": "office manager"},
            "id": "c7",
            "type": "tool_call",
        }
    ]
    assert server.requests[0]["tools"][0]["function"]["name"] == "RecordSlot"


def test_langchain_invalid_tool_arguments(server):
    server.script(ToolCall("RecordSlot", '{"slot": "owner", "value": '))
    message = chat_model(server).bind_tools([RecordSlot]).invoke("hi")
    assert message.tool_calls == []
    assert message.invalid_tool_calls[0]["name"] == "RecordSlot"


def test_langchain_structured_output_returns_what_the_script_says(server):
    server.script(Reply(json.dumps({"slot": "risk", "value": "customer bank details"})))
    result = chat_model(server).with_structured_output(RecordSlot).invoke("hi")
    assert result == RecordSlot(slot="risk", value="customer bank details")
    assert server.requests[0]["response_format"]["type"] == "json_schema"
