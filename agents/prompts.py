"""Prompts are files in `prompts/`, loaded by name; a missing variable fails loudly.

Each prompt's version is a short hash of its file, and `prompt_set_version()` hashes them all:
that version is recorded with every turn, interview and roadmap the prompts produced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined, Template, UndefinedError

from discovery.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"
_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    return _ENV.from_string(source)


class PromptError(RuntimeError):
    """A prompt file is missing, or rendering it lacked a variable."""


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    source: str

    def render(self, **variables: Any) -> str:
        try:
            return _compiled(self.source).render(**variables).strip()
        except UndefinedError as exc:
            raise PromptError(f"prompt {self.name!r} needs a variable: {exc.message}") from exc


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


@lru_cache(maxsize=64)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    """Load `name` (with or without its extension) from the prompts folder."""
    candidates = [
        directory / name,
        *(directory / f"{name}{ext}" for ext in (".md.j2", ".md", ".j2")),
    ]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise PromptError(f"no prompt named {name!r} in {directory}")
    data = path.read_bytes()
    return Prompt(name=name, version=f"{name}@{_digest(data)}", source=data.decode("utf-8"))


@lru_cache(maxsize=4)
def load_question_bank(directory: Path = PROMPTS_DIR) -> dict[str, Any]:
    path = directory / "question_bank.yaml"
    if not path.is_file():
        raise PromptError(f"the question bank is missing: {path}")
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in ("opening", "new_workflow", "example", "slot", "probe", "acknowledge"):
        if section not in bank:
            raise PromptError(f"the question bank has no {section!r} section ({path})")
    return dict(bank)


@lru_cache(maxsize=4)
def prompt_set_version(directory: Path = PROMPTS_DIR) -> str:
    """One version for every prompt file together."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"prompts-{digest.hexdigest()[:10]}"


def render_text(template: str, **variables: Any) -> str:
    """Render one question-bank entry, failing loudly on a missing variable."""
    try:
        return _compiled(template).render(**variables).strip()
    except UndefinedError as exc:
        raise PromptError(f"question bank entry needs a variable: {exc.message}") from exc
