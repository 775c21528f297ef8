import pytest

from privacy.checksums import ird_is_valid, nhi_is_valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("49-091-850", True),  # Inland Revenue's published test numbers
        ("35-901-981", True),
        ("49-098-576", True),
        ("136-410-132", True),
        ("136-410-133", False),
        ("9125568", False),  # too short
        ("150-000-001", False),  # outside the issued range
    ],
)
def test_ird_check_digit(number: str, valid: bool) -> None:
    assert ird_is_valid(number) is valid


@pytest.mark.parametrize(
    ("nhi", "valid"),
    [
        ("ZZZ0016", True),  # Ministry of Health test NHIs, old format
        ("ZZZ0024", True),
        ("ZZZ0017", False),
        ("ZZZ00AC", True),  # new (2022) format
        ("ZZZ00AD", False),
        ("ZIO0016", False),  # I and O are never used
    ],
)
def test_nhi_check_character(nhi: str, valid: bool) -> None:
    assert nhi_is_valid(nhi) is valid
