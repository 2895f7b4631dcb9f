"""`aftersales worker`: runs each domain's timed work in a loop.

Any number of workers may run at once: each task claims its rows with row locks.
"""

import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from aftersales import housekeeping
from aftersales.complaints import search as complaint_search
from aftersales.complaints import tasks as complaint_tasks
from aftersales.customers import tasks as member_tasks
from aftersales.feedback.enquiries import tasks as enquiry_tasks
from aftersales.feedback.surveys import tasks as survey_tasks
from aftersales.notify import tasks as notify_tasks
from aftersales.parts import tasks as parts_tasks
from aftersales.repairs import tasks as service_tasks
from aftersales.settings import Settings
from aftersales.staff import tasks as staff_tasks
from aftersales.supervision.inspections import tasks as inspection_tasks
from aftersales.supervision.reports import summary_build
from aftersales.supervision.reports import tasks as report_tasks

log = logging.getLogger("aftersales.worker")


def tasks() -> list[Callable[[sessionmaker[Session], Settings], int]]:
    return [
        complaint_search.index_new_complaints,
        complaint_tasks.sweep_deadlines,
        parts_tasks.sweep_promises,
        inspection_tasks.sweep_actions,
        staff_tasks.run,
        survey_tasks.invite_closed,
        enquiry_tasks.sweep_enquiries,
        report_tasks.prepare_monthly_report,
        summary_build.refresh_summaries,
        member_tasks.member_work,
        service_tasks.service_work,
        notify_tasks.deliver_due,
        housekeeping.purge_expired,
    ]


def run_once(factory: sessionmaker[Session], settings: Settings) -> int:
    done = 0
    for task in tasks():
        try:
            done += task(factory, settings)
        except Exception:  # one failing task must not stop the others' sweeps
            log.exception("task %s failed", task.__name__)
    return done


def run(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    once: bool = False,
    interval: float = 5.0,
    stop: threading.Event | None = None,
) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        done = run_once(factory, settings)
        if once:
            return
        if not done:
            stop.wait(interval)
