"""The issue's recall and precision targets, checked on the team's NZ conversational set."""

from __future__ import annotations

import pytest

from evals.pii_eval import load_nz, score
from privacy import Redactor


@pytest.fixture(scope="module")
def table(redactor: Redactor) -> dict[str, dict[str, float]]:
    return score(load_nz(), redactor).table()


@pytest.mark.parametrize(
    "entity_type",
    [
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "NZ_IRD_NUMBER",
        "NZ_BANK_ACCOUNT",
        "NZ_NHI_NUMBER",
    ],
)
def test_structured_recall(table: dict[str, dict[str, float]], entity_type: str) -> None:
    assert table[entity_type]["recall"] >= 0.98


def test_person_recall_and_precision(table: dict[str, dict[str, float]]) -> None:
    assert table["PERSON"]["recall"] >= 0.90
    assert table["PERSON"]["precision"] >= 0.85
