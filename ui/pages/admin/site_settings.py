"""Site settings: the site's identity (name, facility code, time zone), its process rules,
its access policy (passwords, lockout, idle lock), the wristband barcode prefix, and which
database this station uses. Everyone signed in may read them; only an administrator changes
them, each change with its reason in the audit trail (the station's database URL, which lives
in this PC's settings file, carries its reason in that file).

The facility code starts every new DIN, so changing it is warned about and must be confirmed.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from labtracker.clock import get_clock
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.passwords import AccessPolicy
from labtracker.domain.permissions import Action
from labtracker.domain.process_rules import LIMITS, ProcessRules
from labtracker.services import auth, scan, site
from labtracker.services.site import SiteInfo
from labtracker.settings import DATABASE_URL_VARIABLE, load_settings, redact_url
from ui.forms.base import FieldError, Saved, number_edit
from ui.models.admin_tables import number
from ui.pages.admin.common import AdminForm, AdminPage, guard, may, only_text
from ui.pages.admin.station_file import FIELD as URL_FIELD
from ui.pages.admin.station_file import write_database_url
from ui.widgets import password_field

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext

MANAGE = Action.MANAGE_SITE_SETTINGS

# The access policy's ranges, shown as hints beside each value; AccessPolicy itself is the
# authority and refuses anything outside them.
ACCESS_LIMITS: dict[str, tuple[int, int]] = {
    "min_password_length": (8, 128),
    "password_expiry_days": (1, 3650),
    "password_history": (0, 50),
    "max_failed_attempts": (1, 20),
    "idle_lock_minutes": (1, 240),
}

CARD_STYLE = """
QFrame#settingsCard { background: white; border: 1px solid #c8ccd2; border-radius: 8px; }
QFrame#settingsCard QLabel { background: transparent; }
QLabel#cardHint { color: #555; }
QLabel[role="value"] { font-weight: 600; }
"""


def _field_name(key: str) -> str:
    """How a domain rule names the key in its refusal ("Release expiry hours")."""
    return key.replace("_", " ").capitalize()


class _Names(QObject):
    """The translated names and units of the rules (a QObject, so lupdate finds them)."""

    def rules(self) -> dict[str, tuple[str, str]]:
        return {
            "release_expiry_hours": (self.tr("Expiry after QA release"), self.tr("h")),
            "receipt_max_hours": (self.tr("Aspirate receipt: latest after collection"), "h"),
            "receipt_min_temperature_c": (self.tr("Aspirate receipt: lowest temperature"), "°C"),
            "receipt_max_temperature_c": (self.tr("Aspirate receipt: highest temperature"), "°C"),
            "seeding_density_min": (self.tr("Seeding density: lowest"), "cells/cm²"),
            "seeding_density_max": (self.tr("Seeding density: highest"), "cells/cm²"),
            "scaffold_cells_per_ml": (self.tr("Cells for scaffold seeding"), "cells/mL"),
            "future_tolerance_minutes": (self.tr("Times entered: clock tolerance"), self.tr("min")),
            "induction_min_days": (self.tr("Osteogenic induction: shortest"), self.tr("days")),
            "induction_max_days": (self.tr("Osteogenic induction: longest"), self.tr("days")),
        }

    def access(self) -> dict[str, tuple[str, str]]:
        return {
            "min_password_length": (self.tr("Shortest password"), self.tr("characters")),
            "password_expiry_days": (self.tr("Password expires after"), self.tr("days")),
            "password_history": (
                self.tr("Earlier passwords that may not be reused"),
                self.tr("passwords"),
            ),
            "max_failed_attempts": (
                self.tr("Lock the account after"),
                self.tr("failed attempts"),
            ),
            "idle_lock_minutes": (self.tr("Lock an idle station after"), self.tr("minutes")),
        }


def rule_names() -> dict[str, tuple[str, str]]:
    names = _Names().rules()
    # A rule added to ProcessRules later still shows, under its own key.
    for f in fields(ProcessRules):
        names.setdefault(f.name, (_field_name(f.name), LIMITS[f.name][2]))
    return names


def access_names() -> dict[str, tuple[str, str]]:
    names = _Names().access()
    for f in fields(AccessPolicy):
        names.setdefault(f.name, (_field_name(f.name), ""))
    return names


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def figure(value: float) -> str:
    """A setting's value as the lab writes it: 48, 1,000, 2 × 10⁷ (from a million up)."""
    if abs(value) >= 1e6:
        exponent = len(str(int(abs(value)))) - 1
        mantissa = value / 10**exponent
        head = "" if mantissa == 1 else f"{mantissa:g} × "
        return f"{head}10{str(exponent).translate(_SUPERSCRIPT)}"
    return number(value)


def range_text(low: float, high: float, unit: str = "") -> str:
    # "to" rather than a dash: a range can start below zero (−5 to 37 °C).
    low_text = figure(low).replace("-", "−")
    return (
        QCoreApplication.translate("SiteSettingsPage", "{low} to {high} {unit}")
        .format(low=low_text, high=figure(high), unit=unit)
        .strip()
    )


# --- forms -------------------------------------------------------------------------------------


class SiteForm(AdminForm):
    """The site's name, facility code, time zone and address."""

    def __init__(self, ctx: WorkContext, info: SiteInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Change the site details"), parent, save_text=self.tr("Save"))
        self.info = info
        self.add_field("name", self.tr("Site name"), QLineEdit(info.name), aliases=("Site name",))
        code = QLineEdit(info.facility_code)
        code.setMaximumWidth(160)
        code.setMaxLength(5)
        self.add_field(
            "facility",
            self.tr("Facility code"),
            code,
            hint=self.tr("The facility ID ICCBBA assigned to this site: a letter and 4 digits."),
            aliases=("Facility code",),
        )
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(sorted(available_timezones()))
        self.zone.setCurrentText(info.timezone)
        self.zone.setMaximumWidth(360)
        self.add_field("timezone", self.tr("Time zone"), self.zone, aliases=("Time zone",))
        self.add_field("address", self.tr("Address"), QLineEdit(info.address))
        self.facility_warning = self.add_notice("")
        self.facility_warning.hide()
        self.confirm_box = QCheckBox(self.tr("I understand: new DINs will use the new code."))
        self.add_field("confirm", self.tr("Confirm"), self.confirm_box)
        self.confirm_box.hide()
        self._confirm_label = next(
            label for label in self.findChildren(QLabel) if label.buddy() is self.confirm_box
        )
        self._confirm_label.hide()
        self.zone_warning = self.add_notice("")
        self.zone_warning.hide()
        self.add_reason()
        self.zone.currentTextChanged.connect(lambda _t: self.recompute())
        self.recompute()

    def _code(self) -> str:
        return self.text("facility").upper()

    def recompute(self) -> None:
        code = self._code()
        changed = bool(code) and code != self.info.facility_code
        self.facility_warning.setText(
            self.tr(
                "Warning: lots started from now on get DINs beginning {new} instead of {old}. "
                "Lots already started keep their DINs, labels and records. Change the code only "
                "when ICCBBA has assigned this site a new facility ID."
            ).format(new=code, old=self.info.facility_code)
        )
        self.facility_warning.setVisible(changed)
        self.confirm_box.setVisible(changed)
        self._confirm_label.setVisible(changed)
        zone = self.zone.currentText().strip()
        self.zone_warning.setText(
            self.tr(
                "Warning: times will be shown, and expiry and calibration dates judged, in {zone} "
                "instead of {old}."
            ).format(zone=zone, old=self.info.timezone)
        )
        self.zone_warning.setVisible(bool(zone) and zone != self.info.timezone)

    def save(self) -> Saved:
        name, code = self.text("name"), self._code()
        zone, address = self.zone.currentText().strip(), self.text("address")
        if (name, code, zone, address) == (
            self.info.name,
            self.info.facility_code,
            self.info.timezone,
            self.info.address,
        ):
            raise FieldError(
                "name", self.tr("Nothing to change: these are the site's details now.")
            )
        if code != self.info.facility_code and not self.confirm_box.isChecked():
            raise FieldError("confirm", self.tr("Tick the box to confirm the new facility code."))
        reason = self.reason()
        info = site.configure_site(
            self.ctx.db,
            self.ctx.actor,
            name=name,
            facility_code=code,
            timezone=zone,
            address=address,
            reason=reason,
        )
        return Saved(
            self.tr("site details: {name}, facility {code}, {zone}.").format(
                name=info.name, code=info.facility_code, zone=info.timezone
            ),
            result=info,
        )


class _NumbersForm(AdminForm):
    """A set of numeric settings, each with its unit and allowed range; only the changed
    values are sent."""

    def _add_numbers(
        self,
        current: dict[str, float],
        names: dict[str, tuple[str, str]],
        limits: dict[str, tuple[float, float]],
    ) -> None:
        self.current = current
        for key, value in current.items():
            label, unit = names[key]
            low, high = limits[key]
            edit = number_edit()
            edit.setText(number(value).replace(",", ""))
            self.add_field(
                key,
                label,
                edit,
                unit=unit,
                hint=self.tr("Allowed: {range}").format(range=range_text(low, high, unit)),
                aliases=(_field_name(key),),
            )

    def changes(self, *, whole: bool = False) -> dict[str, float]:
        changed = {}
        for key, old in self.current.items():
            value = self.number(key, whole=whole)
            if whole:
                value = int(value)
            if value != old:
                changed[key] = value
        if not changed:
            raise LabtrackerError(self.tr("Nothing to change: these are the values in force."))
        return changed

    def changed_text(self, changes: dict[str, float], names: dict[str, tuple[str, str]]) -> str:
        return "; ".join(
            f"{names[k][0]} {number(self.current[k])} → {number(v)} {names[k][1]}".strip()
            for k, v in changes.items()
        )


class ProcessRulesForm(_NumbersForm):
    def __init__(self, ctx: WorkContext, rules: ProcessRules, parent: QWidget | None = None):
        super().__init__(
            ctx, self.tr("Change the process rules"), parent, save_text=self.tr("Save rules")
        )
        self.add_notice(
            self.tr(
                "These limits judge every lot from the moment they are saved. A construct "
                "already released keeps the expiry it was released with."
            )
        )
        self.names = rule_names()
        self._add_numbers(
            rules.as_dict(), self.names, {k: (low, high) for k, (low, high, _u) in LIMITS.items()}
        )
        self.add_reason()

    def save(self) -> Saved:
        changes = self.changes()
        reason = self.reason()
        site.set_process_rules(self.ctx.db, self.ctx.actor, reason, **changes)
        return Saved(
            self.tr("process rules: {what}.").format(what=self.changed_text(changes, self.names))
        )


class AccessPolicyForm(_NumbersForm):
    def __init__(self, ctx: WorkContext, policy: AccessPolicy, parent: QWidget | None = None):
        super().__init__(
            ctx, self.tr("Change the access policy"), parent, save_text=self.tr("Save policy")
        )
        self.add_notice(
            self.tr(
                "The lockout count applies from the next failed attempt; password rules from "
                "the next password chosen; the idle lock from each station's next sign-in."
            ),
            warning=False,
        )
        self.names = access_names()
        self._add_numbers(asdict(policy), self.names, ACCESS_LIMITS)
        self.add_reason()

    def save(self) -> Saved:
        changes = self.changes(whole=True)
        reason = self.reason()
        auth.set_access_policy(self.ctx.db, self.ctx.actor, reason, **changes)
        return Saved(
            self.tr("access policy: {what}.").format(what=self.changed_text(changes, self.names))
        )


class WristbandForm(AdminForm):
    def __init__(self, ctx: WorkContext, prefix: str, parent: QWidget | None = None):
        super().__init__(
            ctx, self.tr("Change the wristband prefix"), parent, save_text=self.tr("Save prefix")
        )
        self.prefix = prefix
        self.add_notice(
            self.tr(
                "Warning: the hospital's wristbands must carry this prefix before the MRN; a "
                "band printed with another prefix is not recognised at the bedside."
            )
        )
        edit = QLineEdit(prefix)
        edit.setMaximumWidth(200)
        edit.setMaxLength(10)
        self.add_field(
            "prefix",
            self.tr("Wristband prefix"),
            edit,
            hint=self.tr("e.g. MRN: (a band then reads MRN:MRN0012345)"),
            aliases=("Wristband prefix",),
        )
        self.add_reason()

    def save(self) -> Saved:
        widget = self.field("prefix")
        assert isinstance(widget, QLineEdit)
        prefix = widget.text()
        if prefix == self.prefix:
            raise FieldError("prefix", self.tr("Nothing to change: this is the prefix now."))
        reason = self.reason()
        saved = scan.set_wristband_prefix(self.ctx.db, self.ctx.actor, prefix, reason=reason)
        return Saved(self.tr("wristband prefix {prefix}.").format(prefix=saved))


class DatabaseUrlForm(AdminForm):
    """Writes `database_url` into this station's settings file; used from the next start."""

    def __init__(self, ctx: WorkContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr("Set this station's database"),
            parent,
            save_text=self.tr("Write to settings file"),
        )
        settings = load_settings()
        self.settings_file = settings.settings_file
        self.add_notice(
            self.tr(
                "Writes database_url into {file}. This station keeps using its present "
                "database until labtracker is started again; then it opens (and if needed "
                "upgrades) the new one."
            ).format(file=settings.settings_file),
            warning=False,
        )
        if settings.database_url_source == "environment":
            self.add_notice(
                self.tr(
                    "Warning: {variable} is set on this PC and wins over the settings file; "
                    "remove it for this setting to apply."
                ).format(variable=DATABASE_URL_VARIABLE)
            )
        url = QLineEdit()
        url.setPlaceholderText("postgresql://lab@db.hospital.local/labtracker")
        url.setMinimumWidth(520)
        self.add_field(
            "url",
            self.tr("Database URL"),
            url,
            hint=self.tr("sqlite:///path/to/file.sqlite3, or postgresql://user@host:port/database"),
            aliases=(URL_FIELD, "database_url"),
        )
        self.add_field(
            "password",
            self.tr("Database password"),
            password_field(),
            hint=self.tr(
                "Optional; never shown on screen. It is stored in the settings file (on Linux "
                "readable by this account only)."
            ),
        )
        self.add_reason(
            self.tr("Written into the settings file beside the URL, with your name and the time.")
        )

    def save(self) -> Saved:
        widget, password = self.field("url"), self.field("password")
        assert isinstance(widget, QLineEdit) and isinstance(password, QLineEdit)
        if not widget.text().strip():
            raise FieldError("url", self.tr("Type the database URL."))
        reason = self.reason()
        now = get_clock().now()
        actor = self.ctx.actor
        note = f"{actor.username} ({actor.full_name}) on {now:%Y-%m-%d %H:%M} UTC: {reason}"
        stored = write_database_url(
            self.settings_file, widget.text(), password=password.text(), note=note
        )
        return Saved(
            self.tr("database_url {url} written to {file}; used from the next start.").format(
                url=stored, file=self.settings_file
            )
        )


# --- the page ----------------------------------------------------------------------------------


class Card(QFrame):
    """A section: heading, its values, and its change button."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsCard")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(14, 10, 14, 12)
        heading = QLabel(title)
        heading.setObjectName("sectionHeading")
        self.layout_.addWidget(heading)

    def hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("cardHint")
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        return label


def value_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "value")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SiteSettingsPage(AdminPage):
    """Every site setting, read by anyone signed in, changed by an administrator."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, navigator, "", parent)
        self.setStyleSheet(self.styleSheet() + CARD_STYLE)
        self.heading.setText(self.tr("Site settings"))
        self.manages = may(ctx, MANAGE)
        if not self.manages:
            self.set_access_note(
                self.tr("You can read these settings. {only}").format(
                    only=only_text(MANAGE, self.tr("change them"))
                )
            )
        self.info: SiteInfo | None = None
        self.rules: ProcessRules | None = None
        self.policy: AccessPolicy | None = None
        self.prefix = ""

        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(12)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(12)
        right.setSpacing(12)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)

        left.addWidget(self._site_card())
        left.addWidget(self._wristband_card())
        left.addWidget(self._station_card())
        left.addStretch(1)
        right.addWidget(self._rules_card())
        right.addWidget(self._access_card())
        right.addStretch(1)

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        guard(button, self.ctx, MANAGE, self.tr("change site settings"))
        button.clicked.connect(slot)
        return button

    def _site_card(self) -> Card:
        card = Card(self.tr("Site"))
        form = QFormLayout()
        self.site_name = value_label()
        self.facility_code = value_label()
        self.facility_code.setObjectName("facilityCode")
        self.timezone = value_label()
        self.address = value_label()
        form.addRow(self.tr("Name:"), self.site_name)
        form.addRow(self.tr("Facility code:"), self.facility_code)
        form.addRow(self.tr("Time zone:"), self.timezone)
        form.addRow(self.tr("Address:"), self.address)
        card.layout_.addLayout(form)
        card.hint(self.tr("The facility code begins every DIN this site issues."))
        self.site_button = self._button(
            self.tr("Change site &details…"), "changeSite", self.change_site
        )
        card.layout_.addWidget(self.site_button, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    def _grid_card(self, title: str) -> tuple[Card, QGridLayout]:
        card = Card(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 1)
        card.layout_.addLayout(grid)
        return card, grid

    def _fill_grid(
        self,
        grid: QGridLayout,
        labels: dict[str, QLabel],
        names: dict[str, tuple[str, str]],
        limits: dict[str, tuple[float, float]],
    ) -> None:
        heads = (self.tr("Setting"), self.tr("Now"), self.tr("Allowed"))
        for column, text in enumerate(heads):
            head = QLabel(text)
            head.setStyleSheet("font-weight: 600; color: #444;")
            grid.addWidget(head, 0, column)
        for row, (key, (name, _unit)) in enumerate(names.items(), start=1):
            title = QLabel(name)
            title.setWordWrap(True)
            value = value_label()
            value.setObjectName(f"value_{key}")
            low, high = limits[key]
            allowed = QLabel(range_text(low, high))
            allowed.setObjectName("rangeLabel")
            grid.addWidget(title, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(allowed, row, 2)
            labels[key] = value

    def _rules_card(self) -> Card:
        card, grid = self._grid_card(self.tr("Process rules"))
        self.rule_names = rule_names()
        self.rule_values: dict[str, QLabel] = {}
        self._fill_grid(
            grid,
            self.rule_values,
            self.rule_names,
            {k: (low, high) for k, (low, high, _u) in LIMITS.items()},
        )
        self.rules_button = self._button(
            self.tr("Change process &rules…"), "changeRules", self.change_rules
        )
        card.layout_.addWidget(self.rules_button, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    def _access_card(self) -> Card:
        card, grid = self._grid_card(self.tr("Access policy"))
        self.access_names = access_names()
        self.access_values: dict[str, QLabel] = {}
        self._fill_grid(grid, self.access_values, self.access_names, ACCESS_LIMITS)
        card.hint(
            self.tr(
                "A locked account waits for an administrator to unlock it (Users and sign-ins)."
            )
        )
        self.access_button = self._button(
            self.tr("Change &access policy…"), "changeAccess", self.change_access
        )
        card.layout_.addWidget(self.access_button, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    def _wristband_card(self) -> Card:
        card = Card(self.tr("Patient wristbands"))
        form = QFormLayout()
        self.prefix_label = value_label()
        self.prefix_label.setObjectName("wristbandPrefix")
        form.addRow(self.tr("Barcode prefix before the MRN:"), self.prefix_label)
        card.layout_.addLayout(form)
        self.prefix_button = self._button(
            self.tr("Change &prefix…"), "changePrefix", self.change_prefix
        )
        card.layout_.addWidget(self.prefix_button, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    def _station_card(self) -> Card:
        card = Card(self.tr("This station's database"))
        form = QFormLayout()
        self.db_now = value_label()
        self.db_now.setObjectName("databaseNow")
        self.db_next = value_label()
        self.db_next.setObjectName("databaseNext")
        self.db_source = value_label()
        self.db_source.setObjectName("databaseSource")
        self.settings_path = value_label()
        self.settings_path.setObjectName("settingsFile")
        form.addRow(self.tr("In use now:"), self.db_now)
        form.addRow(self.tr("At next start:"), self.db_next)
        form.addRow(self.tr("Chosen by:"), self.db_source)
        form.addRow(self.tr("Settings file:"), self.settings_path)
        card.layout_.addLayout(form)
        self.db_note = card.hint("")
        self.db_note.setObjectName("databaseNote")
        self.db_button = self._button(
            self.tr("Set database &URL…"), "setDatabaseUrl", self.set_database_url
        )
        card.layout_.addWidget(self.db_button, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    # --- actions ------------------------------------------------------------------------------

    def change_site(self) -> SiteForm | None:
        if self.info is None:
            return None
        return self.open_form(SiteForm(self.ctx, self.info, self))

    def change_rules(self) -> ProcessRulesForm | None:
        if self.rules is None:
            return None
        return self.open_form(ProcessRulesForm(self.ctx, self.rules, self))

    def change_access(self) -> AccessPolicyForm | None:
        if self.policy is None:
            return None
        return self.open_form(AccessPolicyForm(self.ctx, self.policy, self))

    def change_prefix(self) -> WristbandForm:
        return self.open_form(WristbandForm(self.ctx, self.prefix, self))

    def set_database_url(self) -> DatabaseUrlForm | None:
        try:
            form = DatabaseUrlForm(self.ctx, self)
        except LabtrackerError as error:  # the settings file cannot be read
            self.show_problem(str(error))
            return None
        return self.open_form(form)

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        problems = []
        try:
            self.info = site.site_info(self.ctx.db)
        except LabtrackerError as error:
            self.info = None
            problems.append(str(error))
        info = self.info
        self.site_name.setText(info.name if info else "–")
        self.facility_code.setText(info.facility_code if info else "–")
        self.timezone.setText(info.timezone if info else "–")
        self.address.setText((info.address or "–") if info else "–")
        self.site_button.setEnabled(self.manages and info is not None)

        self.rules = site.current_process_rules(self.ctx.db)
        for key, value in self.rules.as_dict().items():
            self.rule_values[key].setText(f"{figure(value)} {self.rule_names[key][1]}".strip())
        self.policy = auth.current_access_policy(self.ctx.db)
        for key, value in asdict(self.policy).items():
            self.access_values[key].setText(f"{value} {self.access_names[key][1]}".strip())
        self.prefix = site.current_wristband_prefix(self.ctx.db)
        self.prefix_label.setText(self.prefix)
        self._refresh_station(problems)
        self.show_problem(" ".join(problems))

    def _refresh_station(self, problems: list[str]) -> None:
        backend, location = site.database_in_use(self.ctx.db)
        self.db_now.setText(f"{backend} · {location}")
        try:
            settings = load_settings()
        except LabtrackerError as error:
            problems.append(str(error))
            self.db_next.setText("–")
            self.db_source.setText("–")
            self.settings_path.setText("–")
            return
        self.db_next.setText(redact_url(settings.database_url))
        self.db_source.setText(
            {
                "environment": self.tr("the {variable} environment variable").format(
                    variable=DATABASE_URL_VARIABLE
                ),
                "settings file": self.tr("database_url in the settings file"),
                "default": self.tr("the default (an SQLite file on this PC)"),
            }.get(settings.database_url_source, settings.database_url_source)
        )
        self.settings_path.setText(str(settings.settings_file))
        notes = [
            self.tr(
                "A change is written to this PC's settings file and used from labtracker's "
                "next start; passwords are never shown."
            )
        ]
        if settings.database_url_source == "environment":
            notes.append(
                self.tr("{variable} wins over the settings file on this PC.").format(
                    variable=DATABASE_URL_VARIABLE
                )
            )
        self.db_note.setText(" ".join(notes))
