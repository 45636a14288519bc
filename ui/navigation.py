"""Which screens each person gets, in the order the navigation lists them, and the lot page
with the step actions that fit the lot's status and the person's roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from ui.context import WorkContext
    from ui.workspace import Workspace

# Roles that may view lots (Action.VIEW_LOTS); an administrator-only account may not.
LOT_VIEWERS = ("technician", "verifier", "qa", "surgeon")


def build_pages(workspace: Workspace, ctx: WorkContext) -> None:
    """Add the screens the signed-in person's roles open (each built when first shown)."""
    from ui.pages.home import HomePage

    workspace.add_page(
        "home",
        QCoreApplication.translate("Workspace", "Home"),
        build=lambda: HomePage(ctx, workspace),
    )
    if ctx.has_role(*LOT_VIEWERS):
        from ui.lot_actions import add_lot_actions
        from ui.pages.deviations import DeviationsPage
        from ui.pages.lot_page import LotPage
        from ui.pages.lots import LotsPage
        from ui.pages.patients import PatientsPage
        from ui.pages.qa_review import QaReviewPage

        def lot_page(din: str) -> LotPage:
            # Made inside the workspace's stack: its style is worked out once, not again
            # when it joins the stack (8 ms of a scanned lot's 60, benchmarks P2).
            page = LotPage(ctx, workspace, din, parent=workspace.stack)
            add_lot_actions(page, ctx)
            return page

        workspace.lot_page_factory = lot_page
        workspace.review_page_factory = lambda din: QaReviewPage(
            ctx, workspace, din, parent=workspace.stack
        )
        workspace.add_page(
            "lots",
            QCoreApplication.translate("Workspace", "All lots"),
            build=lambda: LotsPage(ctx, workspace),
        )
        workspace.add_page(
            "patients",
            QCoreApplication.translate("Workspace", "Patients"),
            build=lambda: PatientsPage(ctx, workspace),
        )
        workspace.add_page(
            "deviations",
            QCoreApplication.translate("Workspace", "Deviations"),
            build=lambda: DeviationsPage(ctx, workspace),
        )
    if ctx.has_role("surgeon"):
        from ui.pages.bedside import BedsidePage

        workspace.add_page(
            "bedside",
            QCoreApplication.translate("Workspace", "Bedside check"),
            build=lambda: BedsidePage(ctx, workspace),
        )
    _add_admin_pages(workspace, ctx)
    if ctx.has_role("qa"):
        from ui.pages.label_templates import LabelTemplatesPage
        from ui.pages.specifications import SpecificationsPage

        workspace.add_page(
            "specifications",
            QCoreApplication.translate("Workspace", "Specifications"),
            build=lambda: SpecificationsPage(ctx, workspace),
        )
        workspace.add_page(
            "label-templates",
            QCoreApplication.translate("Workspace", "Label templates"),
            build=lambda: LabelTemplatesPage(ctx, workspace),
        )


def _add_admin_pages(workspace: Workspace, ctx: WorkContext) -> None:
    """Users (administrator; QA reads the sign-in report), the vessel catalogue (QA changes
    it, the administrator reads it), materials (the bench and QA), site settings (the
    administrator changes them; QA reads them)."""
    from labtracker.domain.permissions import Action, is_allowed

    roles = ctx.actor.roles
    if is_allowed(roles, Action.MANAGE_USERS) or is_allowed(roles, Action.VIEW_FAILED_LOGINS):
        from ui.pages.admin.users import UsersPage

        workspace.add_page(
            "admin-users",
            QCoreApplication.translate("Workspace", "Users and sign-ins"),
            build=lambda: UsersPage(ctx, workspace),
        )
    if ctx.has_role("technician", "verifier", "qa"):
        from ui.pages.admin.materials import MaterialsPage

        workspace.add_page(
            "admin-materials",
            QCoreApplication.translate("Workspace", "Materials"),
            build=lambda: MaterialsPage(ctx, workspace),
        )
    if is_allowed(roles, Action.BACKUP_DATABASE):
        from ui.pages.admin.backups import BackupsPage

        workspace.add_page(
            "admin-backups",
            QCoreApplication.translate("Workspace", "Backups"),
            build=lambda: BackupsPage(ctx, workspace),
        )
    if ctx.has_role("qa", "administrator"):
        from ui.pages.admin.catalogue import CataloguePage
        from ui.pages.admin.site_settings import SiteSettingsPage

        workspace.add_page(
            "admin-catalogue",
            QCoreApplication.translate("Workspace", "Vessel catalogue"),
            build=lambda: CataloguePage(ctx, workspace),
        )
        workspace.add_page(
            "admin-site",
            QCoreApplication.translate("Workspace", "Site settings"),
            build=lambda: SiteSettingsPage(ctx, workspace),
        )
