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

    workspace.add_page("home", workspace.tr("Home"), build=lambda: HomePage(ctx, workspace))
    if ctx.has_role(*LOT_VIEWERS):
        from ui.lot_actions import add_lot_actions
        from ui.pages.lot_page import LotPage
        from ui.pages.lots import LotsPage

        def lot_page(din: str) -> LotPage:
            page = LotPage(ctx, workspace, din)
            add_lot_actions(page, ctx)
            return page

        workspace.lot_page_factory = lot_page
        workspace.add_page("lots", workspace.tr("All lots"), build=lambda: LotsPage(ctx, workspace))
    if ctx.has_role("surgeon"):
        from ui.pages.bedside import BedsidePage

        workspace.add_page(
            "bedside", workspace.tr("Bedside check"), build=lambda: BedsidePage(ctx, workspace)
        )
