"""Personal-information detection and pseudonymisation, offline, with New Zealand formats."""

from privacy.engine import Entity, Redaction, RedactionError, Redactor, get_redactor
from privacy.pseudonyms import PseudonymMap

__all__ = ["Entity", "PseudonymMap", "Redaction", "RedactionError", "Redactor", "get_redactor"]
