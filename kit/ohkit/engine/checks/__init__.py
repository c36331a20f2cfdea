"""One function per check kind (DEVELOPING.md's table), one module per family of checks.
Each returns an ``Out``: per-subject results plus firm-level evidence; ``ohkit.engine.core``
turns it into a ``Finding``. Pure: they read the ``Ctx`` and append due items / metric parts to it."""
from __future__ import annotations

from typing import Any, Callable

from ohkit.engine.checks import declaration, exams, monitoring, organisation, special, training, workplace
from ohkit.engine.checks.base import Out, manual
from ohkit.engine.checks.exams import interval, worker_intervals
from ohkit.engine.context import Ctx

__all__ = ["CHECKS", "Out", "interval", "worker_intervals"]

CHECKS: dict[str, Callable[[Ctx, Any], Out]] = {
    f.__name__: f for f in (
        organisation.document_present, organisation.oh_staffing,
        declaration.declaration_initial, declaration.declaration_changes, declaration.declaration_annual,
        monitoring.monitoring_periodic, monitoring.status_evaluation, monitoring.results_published,
        monitoring.over_limit_followup, monitoring.daily_monitoring, monitoring.high_toxic_monitoring,
        monitoring.emergency_plan,
        exams.exam_pre_employment, exams.exam_periodic, exams.exam_exit, exams.exam_notified,
        exams.contraindication_placement, exams.suspected_od_followup,
        training.training_managers, training.training_workers, training.training_serious_before_start,
        workplace.contract_notice, workplace.signs_and_cards, workplace.ppe_issued, workplace.insurance_coverage,
        special.special_status_posts, special.minors_posts, special.minors_exams, special.radiation_dose,
        special.radiation_exams, manual,
    )
}
