"""The complaint use cases in one place, for the API, the console pages and the CLI."""

from aftersales.complaints.attachments import add_attachment, open_attachment
from aftersales.complaints.classify import causes, save_rule, suggest
from aftersales.complaints.followup import (
    add_note,
    follow_up,
    handled_outside_process,
    refer,
    verify_against_staff,
)
from aftersales.complaints.handling import (
    add_task,
    classify,
    confirm_by_code,
    confirm_by_signature,
    propose,
    send_confirmation_code,
    set_task_done,
    tick_step,
)
from aftersales.complaints.intake import draft_complaint, register_complaint, register_draft
from aftersales.complaints.ladder import (
    acknowledge,
    deescalate,
    escalate,
    pause,
    queue,
    reassign,
    resume,
)
from aftersales.complaints.public import rate, submit_public_complaint, track
from aftersales.complaints.queries import get_complaint, list_complaints, open_tasks
from aftersales.complaints.search import search
from aftersales.complaints.state import ALLOWED, transition

__all__ = [
    "ALLOWED",
    "acknowledge",
    "add_attachment",
    "add_note",
    "add_task",
    "causes",
    "classify",
    "confirm_by_code",
    "confirm_by_signature",
    "deescalate",
    "escalate",
    "follow_up",
    "get_complaint",
    "handled_outside_process",
    "list_complaints",
    "open_attachment",
    "open_tasks",
    "pause",
    "propose",
    "queue",
    "rate",
    "reassign",
    "refer",
    "draft_complaint",
    "register_complaint",
    "register_draft",
    "resume",
    "save_rule",
    "search",
    "send_confirmation_code",
    "set_task_done",
    "submit_public_complaint",
    "suggest",
    "tick_step",
    "track",
    "transition",
    "verify_against_staff",
]
