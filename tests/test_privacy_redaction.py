"""Redaction behaviour, table-driven: what must be found, what must be left alone."""

from __future__ import annotations

import pytest

from privacy import PseudonymMap, RedactionError, Redactor
from privacy.engine import Entity

MUST_REDACT = [
    # The pronoun is the cue before a name, never part of it.
    ("Sounds right. I'm Karen Whitcombe, by the way.", "Karen Whitcombe", "PERSON"),
    ("I’m Aroha and I run the office.", "Aroha", "PERSON"),
    # (text, value that must disappear, expected type)
    ("Call me on +64 21 123 4567 after 3.", "+64 21 123 4567", "PHONE_NUMBER"),
    ("my mobile is 021-123-4567", "021-123-4567", "PHONE_NUMBER"),
    ("ring 0211234567 anytime", "0211234567", "PHONE_NUMBER"),
    ("The office is (09) 123 4567.", "(09) 123 4567", "PHONE_NUMBER"),
    ("Landline 03-477 1234 in Dunedin", "03-477 1234", "PHONE_NUMBER"),
    ("Freephone 0800 83 83 83 for bookings", "0800 83 83 83", "PHONE_NUMBER"),
    ("or 0508 123 456", "0508 123 456", "PHONE_NUMBER"),
    ("My IRD number is 49-091-850.", "49-091-850", "NZ_IRD_NUMBER"),
    ("her IRD is 123-456-789 I think", "123-456-789", "NZ_IRD_NUMBER"),  # bad check digit, context
    ("Pay into 12-3456-0123456-00 please", "12-3456-0123456-00", "NZ_BANK_ACCOUNT"),
    ("bank acc 02 0100 0123456 001", "02 0100 0123456 001", "NZ_BANK_ACCOUNT"),
    ("Patient NHI ZZZ0016 booked", "ZZZ0016", "NZ_NHI_NUMBER"),
    ("new NHI ZZZ00AC on file", "ZZZ00AC", "NZ_NHI_NUMBER"),
    ("his NHI is ABC1234 apparently", "ABC1234", "NZ_NHI_NUMBER"),  # bad check digit, context
    ("driver licence number DK123456 version 001", "DK123456", "NZ_DRIVER_LICENCE"),
    (
        "Deliver to 12 Karaka Street, Ponsonby, Auckland 1011 by noon",
        "12 Karaka Street, Ponsonby, Auckland 1011",
        "STREET_ADDRESS",
    ),
    ("email aroha@example.co.nz", "aroha@example.co.nz", "EMAIL_ADDRESS"),
    ("card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111", "CREDIT_CARD"),
    ("DOB 03/03/1978 on the form", "03/03/1978", "DATE_OF_BIRTH"),
    ("Aroha Ngata does our invoices.", "Aroha Ngata", "PERSON"),
    ("Talk to Sione Fifita about the roster.", "Sione Fifita", "PERSON"),
    ("Wei Chen handles payroll in Xero.", "Wei Chen", "PERSON"),
    ("Priya Sharma is the practice manager.", "Priya Sharma", "PERSON"),
    ("ask mere about it", "mere", "PERSON"),
    ("Cheers, Tama", "Tama", "PERSON"),
    ("Dr Ngaire Walker sees patients on Tuesdays", "Ngaire Walker", "PERSON"),
    # Unknown names at a sentence start, given away by the contact details that follow them
    ("Allergies. Shontelle Ruawai, 06 357 2219, her boy's got one.", "Shontelle Ruawai", "PERSON"),
    ("Office. Tamsin can help: tamsin@shop.co.nz", "Tamsin", "PERSON"),
    ("We're based in Whangārei and deliver to Ōtāhuhu.", "Whangārei", "LOCATION"),
    ("We're based in Whangārei and deliver to Ōtāhuhu.", "Ōtāhuhu", "LOCATION"),
]


@pytest.mark.parametrize(("text", "value", "entity_type"), MUST_REDACT)
def test_personal_information_is_redacted(
    redactor: Redactor, text: str, value: str, entity_type: str
) -> None:
    result = redactor.redact(text)
    assert value not in result.redacted
    start = text.index(value)
    assert any(e.type == entity_type and e.start <= start < e.end for e in result.entities), (
        result.entities
    )


BUSINESS_TALK = [
    "We use Xero for invoicing and MYOB for the older payroll.",
    "ServiceM8 sends the job cards and Shopify takes the web orders.",
    "The office manager does the roster every Monday in Deputy.",
    "We will need a grace period of 30 days on invoices.",
    "Sales rose by 5% in May, and June was quieter.",
    "To be frank, it takes 12 hours a week and costs about $4,500 a month.",
    "Invoice INV-20431 was for 120 units at $35.50 plus GST.",
    "Our head chef and the front of house manager share the catering orders.",
    "Will this work with Google Sheets and Outlook?",
    "May I ask how long the quote usually takes?",
    "The roster goes out on Friday at 4pm, version 2.3 of the template.",
    "Orders come in on HireHop Pro, about 20 a day.",
]


@pytest.mark.parametrize(
    "text", ["Put 0508 123 456 on the flyers.", "Ring 04-384 7721 and ask for accounts."]
)
def test_a_verb_before_a_phone_number_is_not_a_name(redactor: Redactor, text: str) -> None:
    assert [e.type for e in redactor.redact(text).entities] == ["PHONE_NUMBER"]


@pytest.mark.parametrize("text", BUSINESS_TALK)
def test_business_talk_is_left_alone(redactor: Redactor, text: str) -> None:
    result = redactor.redact(text)
    assert result.entities == [], [(e.type, text[e.start : e.end]) for e in result.entities]
    assert result.redacted == text


def test_same_value_same_placeholder_within_an_interview(redactor: Redactor) -> None:
    session = PseudonymMap()
    first = redactor.redact("Grace Tupou does the orders; her mobile is 021 555 0199.", session)
    second = redactor.redact("Grace said to ring 0215550199 if the order is late.", session)
    third = redactor.redact("grace will sort it", session)
    assert first.redacted == "<PERSON_1> does the orders; her mobile is <PHONE_NUMBER_1>."
    assert second.redacted == "<PERSON_1> said to ring <PHONE_NUMBER_1> if the order is late."
    assert third.redacted.startswith("<PERSON_1>")


def test_different_people_get_different_numbers(redactor: Redactor) -> None:
    result = redactor.redact("Aroha Ngata and Wiremu Parata both do quotes.")
    assert result.redacted == "<PERSON_1> and <PERSON_2> both do quotes."


def test_numbering_continues_after_restart() -> None:
    session = PseudonymMap.continuing(["<PERSON_1> and <PERSON_3> met <EMAIL_ADDRESS_1>"])
    assert session.placeholder("PERSON", "Mele Taufa") == "<PERSON_4>"
    assert session.placeholder("EMAIL_ADDRESS", "a@b.nz") == "<EMAIL_ADDRESS_2>"


def test_offsets_refer_to_the_original_text(redactor: Redactor) -> None:
    text = "Ring\u200b 021\u00a0123\u00a04567 or email ＡＲＯＨＡ@example.co.nz"  # zero-width, nbsp, fullwidth
    result = redactor.redact(text)
    types = {e.type for e in result.entities}
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS"} <= types
    for e in result.entities:
        assert text[e.start : e.end].strip() == text[e.start : e.end]
    assert "4567" not in result.redacted and "example.co.nz" not in result.redacted


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01\x02", "🙂🙂🙂 kia ora 🙂", "Ремонт и 修理 and 修理 again", "a" * 50_000],
)
def test_odd_input_gives_a_result(redactor: Redactor, text: str) -> None:
    result = redactor.redact(text)
    assert len(result.redacted) >= 0
    assert result.original_length == len(text)


def test_one_megabyte_is_redacted_everywhere(redactor: Redactor) -> None:
    block = "Our supplier Mele Taufa is on 021 555 0199 and ships on Fridays. " * 20
    text = (block + "x" * 300 + " ") * 60  # ~1 MB with PII on both sides of every chunk edge
    assert len(text) > 90_000
    big = text * 11
    result = redactor.redact(big)
    assert "021 555 0199" not in result.redacted
    assert "Mele Taufa" not in result.redacted


def test_failure_raises_and_returns_nothing() -> None:
    class Broken:
        def analyze(self, *args, **kwargs):
            raise MemoryError("boom")

    redactor = Redactor(analyzer=Broken())  # type: ignore[arg-type]
    with pytest.raises(RedactionError):
        redactor.redact("Aroha Ngata 021 555 0199")


def test_non_text_is_rejected(redactor: Redactor) -> None:
    with pytest.raises(RedactionError):
        redactor.redact(b"bytes")  # type: ignore[arg-type]


def test_entity_json_shape() -> None:
    assert Entity("PERSON", 1, 4, 0.851).as_json() == {
        "type": "PERSON",
        "start": 1,
        "end": 4,
        "score": 0.851,
    }
