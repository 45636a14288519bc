"""The buttons on a lot's page: each step form the person's roles allow, shown only while the
lot's status is one the step belongs to, plus printing and (for QA) the record review.

Forms are opened window-modal over the lot page; a saved form refreshes the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from labtracker.domain.permissions import Action, is_allowed

if TYPE_CHECKING:
    from labtracker.services.queries import LotRow
    from ui.context import WorkContext
    from ui.forms.base import StepForm
    from ui.pages.lot_page import LotPage


def step_forms() -> list[type[StepForm]]:
    """Every lot step form, in the order of the process."""
    from ui.forms.culture import HarvestForm, IsolationForm, SeedVesselsForm
    from ui.forms.custody import HandoverForm
    from ui.forms.deviations import DiscardForm, RaiseDeviationForm
    from ui.forms.induction import (
        EndInductionForm,
        EndScaffoldIncubationForm,
        ScaffoldSeedingForm,
        StartInductionForm,
    )
    from ui.forms.lots import AspirateForm, ReceiptForm
    from ui.forms.phenotype import ImmunophenotypeForm
    from ui.forms.quality import QcResultForm, TakeQcSampleForm

    return [
        AspirateForm,
        ReceiptForm,
        IsolationForm,
        HarvestForm,
        SeedVesselsForm,
        ImmunophenotypeForm,
        StartInductionForm,
        EndInductionForm,
        ScaffoldSeedingForm,
        EndScaffoldIncubationForm,
        TakeQcSampleForm,
        QcResultForm,
        HandoverForm,
        RaiseDeviationForm,
        DiscardForm,
    ]


def _required_action(form: type[StepForm]) -> Action:
    return getattr(form, "required_action", Action.RECORD_CULTURE_STEP)


# Steps done now and then, whatever the status: kept under "More" so the steps of the lot's
# stage stand out.
OCCASIONAL = ("RaiseDeviationForm", "DiscardForm", "TakeQcSampleForm", "QcResultForm")


def add_lot_actions(page: LotPage, ctx: WorkContext) -> None:
    """Put the person's step actions on `page` and keep them in step with the lot's status:
    the steps of the lot's stage as buttons, the occasional ones (deviation, discard, QC,
    labels, QA review) in the "More" menu."""
    from PySide6.QtWidgets import QMenu

    from ui.forms.base import translated_title

    roles = ctx.actor.roles
    allowed = [form for form in step_forms() if is_allowed(roles, _required_action(form))]
    main = [form for form in allowed if form.__name__ not in OCCASIONAL]
    occasional = [form for form in allowed if form.__name__ in OCCASIONAL]
    for form in main:
        title = translated_title(form)
        page.add_action(form.__name__, title + "…", _opener(page, ctx, form))

    menu = QMenu(page)
    menu.setObjectName("moreActions")
    menu.setStyleSheet("QMenu { font-size: 13pt; } QMenu::item { padding: 10px 24px; }")
    menu_items = {}
    for form in occasional:
        title = translated_title(form)
        menu_items[form.__name__] = menu.addAction(title + "…", _opener(page, ctx, form))
    if is_allowed(roles, Action.PRINT_PROCESS_LABEL):
        menu_items["labels"] = menu.addAction(
            QCoreApplication.translate("LotPage", "Print labels…"), lambda: _print_labels(page, ctx)
        )
    if is_allowed(roles, Action.PRINT_BATCH_RECORD):
        for key, title in (
            ("batch-record", QCoreApplication.translate("LotPage", "Batch record PDF…")),
            ("coa", QCoreApplication.translate("LotPage", "Certificate of analysis…")),
            ("custody-report", QCoreApplication.translate("LotPage", "Chain-of-custody report…")),
        ):
            menu_items[key] = menu.addAction(title, _document(page, ctx, key, title))
    if is_allowed(roles, Action.RELEASE_LOT):
        page.add_action(
            "review",
            QCoreApplication.translate("LotPage", "QA review and release…"),
            lambda: _review(page, ctx),
        )
    page.more_actions = menu_items
    if menu_items:
        more = page.add_action(
            "more", QCoreApplication.translate("LotPage", "More ▾"), lambda: None
        )
        more.setMenu(menu)

    def fit(lot: LotRow) -> None:
        for form in allowed:
            applies = getattr(form, "applies_to", ())
            visible = not applies or lot.status in applies
            if form.__name__ in menu_items:
                menu_items[form.__name__].setVisible(visible)
            else:
                page.action_button(form.__name__).setVisible(visible)

    page.lot_read.connect(fit)
    if page.lot is not None:
        fit(page.lot)


def _opener(page: LotPage, ctx: WorkContext, form: type[StepForm]) -> Callable[[], None]:
    def open_form() -> None:
        dialog = form(ctx, page.din, parent=page)
        dialog.saved.connect(lambda _saved: page.refresh())
        dialog.open()
        page.open_form = dialog  # the form in front, for tests and scan routing

    return open_form


def _document(page: LotPage, ctx: WorkContext, key: str, title: str) -> Callable[[], None]:
    """Make one of the lot's documents in the background, then preview it for printing."""

    def make(_progress: object) -> bytes:
        from labtracker.services import batch_record, certificates, custody_report

        if key == "coa":
            return certificates.certificate_pdf(ctx.db, ctx.actor, page.din)
        if key == "custody-report":
            return custody_report.custody_report_pdf(ctx.db, ctx.actor, page.din)
        return batch_record.print_batch_record(ctx.db, ctx.actor, page.din).pdf

    def show(pdf: bytes) -> None:
        from ui.print_preview import PdfPreview

        preview = PdfPreview(title.rstrip("…"), pdf, file_name=f"{page.din}-{key}.pdf", parent=page)
        preview.open()
        page.open_form = preview

    def start() -> None:
        from ui.tasks import run_task

        page.document_task = run_task(page, title.rstrip("…"), make, on_done=show)

    return start


def _print_labels(page: LotPage, ctx: WorkContext) -> None:
    from ui.label_print import LabelPrintDialog

    dialog = LabelPrintDialog(ctx, page.din, parent=page)
    dialog.printed.connect(lambda _printed: page.refresh())
    dialog.open()
    page.open_form = dialog


def _review(page: LotPage, ctx: WorkContext) -> None:
    navigator = page.navigator
    open_review = getattr(navigator, "open_review", None)
    if callable(open_review):
        open_review(page.din)
