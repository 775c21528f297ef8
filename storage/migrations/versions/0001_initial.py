"""Initial schema: interviews, turns, usage, contacts, roadmaps.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("resume_code_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.Column("state_json", _json(), nullable=False),
        sa.Column("state_version", sa.Integer(), nullable=False),
        sa.Column("consent_version", sa.String(), nullable=False),
        sa.Column("knowledge_version", sa.String(), nullable=False),
        sa.Column("prompt_version", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("flags", _json(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_interviews"),
    )
    op.create_index(
        "ix_interviews_resume_code_hash", "interviews", ["resume_code_hash"], unique=True
    )
    op.create_index("ix_interviews_status_created_at", "interviews", ["status", "created_at", "id"])
    op.create_index("ix_interviews_created_at", "interviews", ["created_at", "id"])

    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("client_key", sa.String(), nullable=True),
        sa.Column("flags", _json(), nullable=False),
        sa.Column("entities", _json(), nullable=False),
        sa.Column("meta", _json(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name="fk_turns_interview_id_interviews",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_turns"),
        sa.UniqueConstraint("interview_id", "seq", name="uq_turns_interview_id_seq"),
        sa.UniqueConstraint("interview_id", "client_key", name="uq_turns_interview_id_client_key"),
    )
    op.create_index("ix_turns_interview_id", "turns", ["interview_id"])

    op.create_table(
        "usage",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("cost_usd", sa.Float(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name="fk_usage_interview_id_interviews",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_usage"),
    )
    op.create_index("ix_usage_interview_id", "usage", ["interview_id"])

    op.create_table(
        "contacts",
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("phone", sa.String(), nullable=True),
        sa.Column("organisation", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name="fk_contacts_interview_id_interviews",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interview_id", name="pk_contacts"),
    )

    op.create_table(
        "roadmaps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", _json(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("model", sa.String(), nullable=True),
        sa.Column("prompt_version", sa.String(), nullable=True),
        sa.Column("knowledge_version", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name="fk_roadmaps_interview_id_interviews",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_roadmaps"),
        sa.UniqueConstraint("interview_id", "version", name="uq_roadmaps_interview_id_version"),
    )
    op.create_index("ix_roadmaps_interview_id", "roadmaps", ["interview_id"])


def downgrade() -> None:
    op.drop_table("roadmaps")
    op.drop_table("contacts")
    op.drop_table("usage")
    op.drop_table("turns")
    op.drop_table("interviews")
