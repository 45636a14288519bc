"""Which screens each person gets, in the order the navigation lists them, and the lot page
with the step actions that fit the lot's status and the person's roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.context import WorkContext
    from ui.workspace import Workspace

# Roles that may view lots (Action.VIEW_LOTS); an administrator-only account may not.
LOT_VIEWERS = ("technician", "verifier", "qa", "surgeon")


def build_pages(workspace: Workspace, ctx: WorkContext) -> None:
    """Add the screens the signed-in person's roles open (each built when first shown)."""
    from ui.pages.home import HomePage

    tr = workspace.tr
    workspace.add_page("home", tr("Home"), build=lambda: HomePage(ctx, workspace))
    if ctx.has_role(*LOT_VIEWERS):
        from ui.lot_actions import add_lot_actions
        from ui.pages.deviations import DeviationsPage
        from ui.pages.lot_page import LotPage
        from ui.pages.lots import LotsPage
        from ui.pages.patients import PatientsPage
        from ui.pages.qa_review import QaReviewPage

        def lot_page(din: str) -> LotPage:
            page = LotPage(ctx, workspace, din)
            add_lot_actions(page, ctx)
            return page

        workspace.lot_page_factory = lot_page
        workspace.review_page_factory = lambda din: QaReviewPage(ctx, workspace, din)
        workspace.add_page("lots", tr("All lots"), build=lambda: LotsPage(ctx, workspace))
        workspace.add_page("patients", tr("Patients"), build=lambda: PatientsPage(ctx, workspace))
        workspace.add_page(
            "deviations", tr("Deviations"), build=lambda: DeviationsPage(ctx, workspace)
        )
    if ctx.has_role("surgeon"):
        from ui.pages.bedside import BedsidePage

        workspace.add_page(
            "bedside", tr("Bedside check"), build=lambda: BedsidePage(ctx, workspace)
        )
    if ctx.has_role("qa"):
        from ui.pages.label_templates import LabelTemplatesPage
        from ui.pages.specifications import SpecificationsPage

        workspace.add_page(
            "specifications",
            tr("Specifications"),
            build=lambda: SpecificationsPage(ctx, workspace),
        )
        workspace.add_page(
            "label-templates",
            tr("Label templates"),
            build=lambda: LabelTemplatesPage(ctx, workspace),
        )
