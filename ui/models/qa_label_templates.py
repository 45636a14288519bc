"""The table of label templates (one per kind × stock, every version) with their status in
words, and a template's layout definition as a reviewer reads it (size, printer, fields,
barcodes, type sizes) instead of its JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject

from ui.models.qa_common import (
    FAIL_RED,
    MUTED,
    PASS_GREEN,
    PENDING_AMBER,
    Index,
    Role,
    TitledTableModel,
    local,
    version_decoration,
)

if TYPE_CHECKING:
    from labtracker.services.labels import TemplateView


def template_state(view: TemplateView) -> tuple[str, str]:
    """(status in words, colour): whether labels may be printed from this version."""
    if view.voided:
        return QCoreApplication.translate("LabelTemplates", "VOIDED"), FAIL_RED
    if not view.intact:
        return QCoreApplication.translate("LabelTemplates", "ALTERED — NOT USABLE"), FAIL_RED
    if view.state == "draft":
        return QCoreApplication.translate(
            "LabelTemplates", "DRAFT — awaiting approval"
        ), PENDING_AMBER
    if view.state == "retired":
        return QCoreApplication.translate("LabelTemplates", "RETIRED"), MUTED
    return QCoreApplication.translate("LabelTemplates", "APPROVED — in use"), PASS_GREEN


class TemplatesModel(TitledTableModel):
    """Every template version, newest first within each kind × stock."""

    KIND, STOCK, VERSION, STATUS, APPROVED_BY, APPROVED_AT, DRAFTED_BY = range(7)
    KEY = "template_id"

    def __init__(self, zone: ZoneInfo | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._rows: list[TemplateView] = []
        self._titles = (
            self.tr("Kind"),
            self.tr("Stock"),
            self.tr("Version"),
            self.tr("Status"),
            self.tr("Approved by"),
            self.tr("Approved at"),
            self.tr("Drafted by"),
        )

    def row_at(self, row: int) -> TemplateView:
        return self._rows[row]

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        column = index.column()
        word, colour = template_state(view)
        if role == Role.DisplayRole:
            if column == self.KIND:
                return view.kind
            if column == self.STOCK:
                return view.stock
            if column == self.VERSION:
                return f"v{view.version}"
            if column == self.STATUS:
                return word
            if column == self.APPROVED_BY:
                if view.state == "draft":
                    return ""
                return view.approved_by or self.tr("shipped default")
            if column == self.APPROVED_AT:
                return "" if view.state == "draft" else local(view.approved_at, self.zone)
            return view.drafted_by
        if role == Role.ToolTipRole:
            return view.label
        return version_decoration(view, role, state_column=column == self.STATUS, colour=colour)


def definition_summary(definition: str) -> list[tuple[str, str]]:
    """The layout a template records, line by line: what a printed label of it carries."""
    try:
        data = json.loads(definition)
    except ValueError:
        return [
            (
                QCoreApplication.translate("LabelTemplates", "Definition"),
                QCoreApplication.translate(
                    "LabelTemplates", "not readable: the stored definition is not JSON"
                ),
            )
        ]
    if not isinstance(data, dict):
        return [
            (
                QCoreApplication.translate("LabelTemplates", "Definition"),
                QCoreApplication.translate("LabelTemplates", "not readable"),
            )
        ]
    lines: list[tuple[str, str]] = []
    size = data.get("size_mm")
    if isinstance(size, list) and len(size) == 2:
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Label size"),
                f"{size[0]:g} × {size[1]:g} mm",
            )
        )
    sheet = data.get("sheet")
    if isinstance(sheet, dict):
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Sheet"),
                QCoreApplication.translate("LabelTemplates", "{columns} × {rows} labels").format(
                    columns=sheet.get("columns"), rows=sheet.get("rows")
                ),
            )
        )
    if "printer_dpi" in data:
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Printer resolution"),
                f"{data['printer_dpi']} dpi",
            )
        )
    if isinstance(data.get("fields"), list):
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Fields"),
                ", ".join(str(f) for f in data["fields"]),
            )
        )
    if isinstance(data.get("symbols"), list):
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Barcodes"),
                ", ".join(str(s) for s in data["symbols"]),
            )
        )
    code128 = data.get("code128")
    if isinstance(code128, dict):
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Code 128"),
                QCoreApplication.translate(
                    "LabelTemplates",
                    "module {module} mm, quiet zone {quiet} modules, height {height} mm",
                ).format(
                    module=code128.get("module_mm"),
                    quiet=code128.get("quiet_zone_modules"),
                    height=code128.get("height_mm"),
                ),
            )
        )
    text = data.get("text_pt")
    if isinstance(text, dict):
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Type sizes"),
                QCoreApplication.translate(
                    "LabelTemplates",
                    "banner {banner} pt, DIN {din} pt, body {body} pt, never below {floor} pt",
                ).format(
                    banner=text.get("banner"),
                    din=text.get("din"),
                    body=text.get("body"),
                    floor=text.get("minimum"),
                ),
            )
        )
    if "layout_revision" in data:
        lines.append(
            (
                QCoreApplication.translate("LabelTemplates", "Layout revision"),
                str(data["layout_revision"]),
            )
        )
    return lines
