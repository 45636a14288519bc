"""The surgeon's bedside screen in theatre: scan the construct's label, scan the patient's
wristband, and either a big green match card to sign "implanted" or the red stop.

Decisions:

* Order: the construct first, then the wristband (the clinical order: the construct is
  brought to the patient). A wristband scanned first is not kept: the screen says "scan the
  construct's label first" and waits. A second, different construct scanned in step 2 is not
  taken either (the surgeon starts again to check another construct).
* `services.bedside.confirm_match` decides; the screen only routes scans. Whatever it refuses
  (wrong patient, not released or dispatched, expired, already implanted, consent withdrawn…)
  is the red stop with the service's reasons, and the screen goes back to step 1 with nothing
  signable. A wrong-patient check is recorded server-side with a critical deviation; the stop
  and the banner left behind show its number.
* Signing goes through `bedside.record_implantation`, which runs the same check again in its
  own transaction: a construct that expired while the card was open is refused there too
  (the stop is raised again), and the card disables its button at expiry by itself.
* Scans arrive from the workspace (`handle_scan`) or from this screen's typed-entry field for
  a damaged barcode. A DIN is shown as "scanned" only when it came as barcode data (``=…``)
  and as "typed, not scanned" otherwise (the service accepts a typed DIN only with its check
  character). A wristband is "typed, not scanned" when it came through the typed field. The
  implantation record keeps exactly what was entered, so a typed DIN stays visible there.
* While the red stop or the signature dialog is open, further scans are ignored: a second
  scan must not change what is being acknowledged or signed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
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

from ui.forms.base import datetime_edit, edited_datetime, site_zone
from ui.hard_stop import open_stop, show_hard_stop
from ui.i18n import role_name

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from labtracker.services.bedside import BedsideCheck, ConstructCard, ImplantationView
    from ui.context import Navigator, WorkContext
    from ui.sign_dialog import SignDialog

PASS_GREEN = "#1b5e20"
FAIL_RED = "#b71c1c"
PENDING_AMBER = "#ff8f00"
# The countdown turns amber (with the word SOON) this close to expiry.
SOON = timedelta(hours=2)
COUNTDOWN_INTERVAL_MS = 30_000

BEDSIDE_STYLE = f"""
QLabel {{ font-size: 16pt; }}
QLineEdit {{ font-size: 16pt; min-height: 56px; padding: 0 10px; }}
QDateTimeEdit {{ font-size: 16pt; min-height: 56px; padding: 0 8px; }}
QPushButton {{ font-size: 16pt; min-height: 64px; padding: 0 24px; border-radius: 8px;
               border: 2px solid #5f6b7a; background: #ffffff; }}
QPushButton:focus {{ border: 3px solid #0d2f5e; }}
QPushButton:pressed {{ background: #dde3ea; }}
QLabel#bedsideHeading {{ font-size: 22pt; font-weight: 800; }}
QLabel#bedsideWho {{ color: #333; }}
QLabel#roleNotice {{ background: #fff3e0; border: 2px solid {PENDING_AMBER}; color: #4e2c00;
                     padding: 10px; border-radius: 6px; font-weight: 600; }}
QLabel#bedsidePrompt {{ font-size: 24pt; font-weight: 800; color: #0d2f5e; }}
QFrame#stepBox {{ border: 2px solid #c8ccd2; border-radius: 10px; background: #ffffff; }}
QFrame#stepBox[state="current"] {{ border: 4px solid #1565c0; background: #e8f0fb; }}
QFrame#stepBox[state="done"] {{ border: 3px solid {PASS_GREEN}; background: #eef6ee; }}
QLabel#stepNumber {{ font-size: 30pt; font-weight: 800; color: #0d2f5e; }}
QLabel#stepTitle {{ font-size: 17pt; font-weight: 700; }}
QLabel#stepValue {{ font-size: 16pt; }}
QLabel#stepState {{ font-size: 14pt; font-weight: 800; }}
QLabel#bedsideMessage {{ padding: 10px 14px; border-radius: 6px; font-weight: 600; }}
QLabel#bedsideMessage[tone="info"] {{ background: #e8f0fb; border: 2px solid #1565c0; }}
QLabel#bedsideMessage[tone="warning"] {{ background: #fff3e0; border: 2px solid {PENDING_AMBER};
                                         color: #4e2c00; }}
QLabel#bedsideMessage[tone="error"] {{ background: {FAIL_RED}; color: white; }}
QLabel#bedsideGuide {{ color: #333; font-size: 17pt; }}
QFrame#matchCard {{ border: 6px solid {PASS_GREEN}; border-radius: 12px; background: #f4faf4; }}
QLabel#matchHeader {{ background: {PASS_GREEN}; color: white; font-size: 22pt; font-weight: 800;
                      padding: 10px 16px; }}
QLabel#patientName {{ font-size: 34pt; font-weight: 800; }}
QLabel#cardLabel {{ color: #333; }}
QLabel#cardValue {{ font-size: 18pt; font-weight: 700; }}
QLabel#patientValue {{ font-size: 22pt; font-weight: 800; }}
QLabel#cardDin {{ font-size: 22pt; font-weight: 800; font-family: monospace; }}
QLabel#cardCheck {{ font-size: 22pt; font-weight: 800; font-family: monospace;
                    border: 3px solid black; padding: 0 8px; background: white; }}
QLabel#cardScans {{ font-size: 14pt; color: #333; }}
QLabel#sectionHeading {{ font-size: 20pt; font-weight: 800; }}
QLabel#fieldError {{ color: {FAIL_RED}; font-weight: 700; font-size: 14pt; }}
QPushButton#signButton {{ background: {PASS_GREEN}; color: white; font-size: 20pt;
                          font-weight: 800; min-height: 80px; border: none; }}
QPushButton#signButton:focus {{ border: 4px solid #000; }}
QPushButton#signButton:disabled {{ background: #9aa7b8; }}
QFrame#implantedPanel {{ border: 4px solid {PASS_GREEN}; border-radius: 10px;
                         background: #e8f5e9; }}
QLabel#implantedTitle {{ font-size: 24pt; font-weight: 800; color: {PASS_GREEN}; }}
"""

# Steps of the check.
CONSTRUCT, WRISTBAND, MATCHED, IMPLANTED = "construct", "wristband", "matched", "implanted"


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _cleaned(text: str) -> str:
    return "".join(text.split()).upper()


def countdown(expires_at: datetime, now: datetime) -> str:
    """'5 h 12 min' (or '42 min') until expiry; '' once expired."""
    left = expires_at - now
    if left <= timedelta(0):
        return ""
    minutes = int(left.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class _StepBox(QFrame):
    """One of the two scans: waiting, current, or done with what was read."""

    def __init__(self, number: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepBox")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(14)
        self.number = QLabel(number)
        self.number.setObjectName("stepNumber")
        layout.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("stepTitle")
        self.state_label = QLabel()
        self.state_label.setObjectName("stepState")
        self.value = QLabel()
        self.value.setObjectName("stepValue")
        self.value.setWordWrap(True)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        text.addWidget(self.title)
        text.addWidget(self.state_label)
        text.addWidget(self.value)
        layout.addLayout(text, 1)

    def set_state(self, state: str, word: str, colour: str, value: str = "") -> None:
        self.setProperty("state", state)
        _repolish(self)
        self.state_label.setText(word)
        self.state_label.setStyleSheet(f"color: {colour};")
        self.value.setText(value)
        self.value.setVisible(bool(value))


class BedsidePage(QWidget):
    """Scan construct, scan wristband, sign "implanted" on a green match; red stop otherwise.

    `implanted(ImplantationView)` fires once an implantation is signed and recorded.
    """

    implanted = Signal(object)

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bedsidePage")
        self.setStyleSheet(BEDSIDE_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.zone: ZoneInfo = site_zone(ctx)
        self.step = CONSTRUCT
        self.construct_scan: str | None = None
        self.construct_typed = False
        self.wristband_scan: str | None = None
        self.wristband_typed = False
        self._construct_text = ""
        self._wristband_text = ""
        self.check: BedsideCheck | None = None
        self.card: ConstructCard | None = None
        self.result: ImplantationView | None = None
        self.sign_dialog: SignDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 10, 24, 12)
        layout.setSpacing(12)

        self.heading_row = QWidget()
        top = QHBoxLayout(self.heading_row)
        top.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Bedside check and implantation"))
        heading.setObjectName("bedsideHeading")
        top.addWidget(heading, 1)
        roles = ", ".join(role_name(role) for role in ctx.actor.roles)
        who = QLabel(
            self.tr("{name} · {roles}").format(name=ctx.actor.full_name, roles=roles or "-")
        )
        who.setObjectName("bedsideWho")
        who.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(who, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.heading_row)

        self.role_notice = QLabel(
            self.tr(
                "Only a surgeon can confirm a construct at the bedside and sign its "
                "implantation. You are signed in as {name}."
            ).format(name=ctx.actor.full_name)
        )
        self.role_notice.setObjectName("roleNotice")
        self.role_notice.setWordWrap(True)
        self.role_notice.setVisible(not ctx.has_role("surgeon"))
        layout.addWidget(self.role_notice)

        self.steps = QWidget()
        steps = QHBoxLayout(self.steps)
        steps.setContentsMargins(0, 0, 0, 0)
        steps.setSpacing(16)
        self.construct_step = _StepBox("1", self.tr("Construct label (DIN)"))
        self.wristband_step = _StepBox("2", self.tr("Patient wristband"))
        steps.addWidget(self.construct_step, 1)
        steps.addWidget(self.wristband_step, 1)
        layout.addWidget(self.steps)

        self.prompt = QLabel()
        self.prompt.setObjectName("bedsidePrompt")
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)

        self.message = QLabel()
        self.message.setObjectName("bedsideMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        self.guide = QLabel(
            self.tr(
                "1.  Scan the DIN barcode on the construct's release label.\n"
                "2.  Scan the barcode on the patient's wristband.\n"
                "3.  A green card shows the patient: check name, MRN and date of birth "
                "against the patient and the wristband, then sign \u201cimplanted\u201d.\n\n"
                "A red STOP means: do not implant. Set the construct aside and call QA."
            )
        )
        self.guide.setObjectName("bedsideGuide")
        self.guide.setWordWrap(True)
        layout.addWidget(self.guide)

        self.match_card = self._build_card()
        layout.addWidget(self.match_card)
        self.implanted_panel = self._build_implanted_panel()
        layout.addWidget(self.implanted_panel)
        layout.addStretch(1)

        bottom = QFrame()
        bottom.setObjectName("typedRow")
        bottom.setStyleSheet("QFrame#typedRow { border-top: 1px solid #c8ccd2; }")
        row = QHBoxLayout(bottom)
        row.setContentsMargins(24, 10, 24, 12)
        row.setSpacing(12)
        typed_label = QLabel(self.tr("Will not scan? &Type it:"))
        self.typed_field = QLineEdit()
        self.typed_field.setObjectName("typedCode")
        self.typed_field.setToolTip(
            self.tr("The DIN with the check character from the box beside it, or MRN:…")
        )
        typed_label.setBuddy(self.typed_field)
        self.typed_field.returnPressed.connect(self._typed_entered)
        self.typed_button = QPushButton(self.tr("&Check typed code"))
        self.typed_button.setObjectName("typedButton")
        self.typed_button.setAutoDefault(False)
        self.typed_button.clicked.connect(self._typed_entered)
        self.start_again_button = QPushButton(self.tr("&Start again"))
        self.start_again_button.setObjectName("startAgainButton")
        self.start_again_button.setAutoDefault(False)
        self.start_again_button.clicked.connect(self.start_again)
        row.addWidget(typed_label)
        row.addWidget(self.typed_field, 1)
        row.addWidget(self.typed_button)
        row.addSpacing(24)
        row.addWidget(self.start_again_button)
        outer.addWidget(bottom)

        self._timer = QTimer(self, interval=COUNTDOWN_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        self._show_step()

    # --- building ------------------------------------------------------------------------------

    def _card_row(self, grid: QGridLayout, label: str, value: QWidget) -> None:
        row = grid.rowCount()
        name = QLabel(label)
        name.setObjectName("cardLabel")
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(value, row, 1)

    def _value_label(self, name: str = "cardValue") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("matchCard")
        outer = QVBoxLayout(card)
        outer.setContentsMargins(0, 0, 0, 16)
        outer.setSpacing(8)
        self.match_header = QLabel(
            self.tr("\u2714 MATCH \u2014 this construct is for this patient")
        )
        self.match_header.setObjectName("matchHeader")
        self.match_header.setWordWrap(True)
        outer.addWidget(self.match_header)

        identity = QVBoxLayout()
        identity.setContentsMargins(20, 2, 20, 0)
        identity.setSpacing(6)
        outer.addLayout(identity)
        self.patient_name = self._value_label("patientName")
        identity.addWidget(self.patient_name)
        born = QHBoxLayout()
        born.setSpacing(14)
        self.mrn_value = self._value_label("patientValue")
        self.mrn_value.setWordWrap(False)
        self.dob_value = self._value_label("patientValue")
        self.dob_value.setWordWrap(False)
        for text, value in ((self.tr("MRN"), self.mrn_value), (self.tr("Born"), self.dob_value)):
            label = QLabel(text)
            label.setObjectName("cardLabel")
            born.addWidget(label)
            born.addWidget(value)
            born.addSpacing(28)
        born.addStretch(1)
        identity.addLayout(born)

        construct = QGridLayout()
        construct.setHorizontalSpacing(14)
        construct.setVerticalSpacing(4)
        construct.setColumnStretch(1, 1)
        din_box = QWidget()
        din_row = QHBoxLayout(din_box)
        din_row.setContentsMargins(0, 0, 0, 0)
        din_row.setSpacing(10)
        self.din_value = self._value_label("cardDin")
        self.din_value.setWordWrap(False)
        self.check_value = QLabel()
        self.check_value.setObjectName("cardCheck")
        self.check_value.setToolTip(self.tr("Check character, as in the box on the label"))
        din_row.addWidget(self.din_value)
        din_row.addWidget(self.check_value)
        din_row.addStretch(1)
        self._card_row(construct, self.tr("DIN"), din_box)
        self.product_value = self._value_label()
        self.product_value.setStyleSheet("font-size: 16pt;")
        self._card_row(construct, self.tr("Product"), self.product_value)
        self.released_value = self._value_label()
        self.released_value.setStyleSheet("font-size: 16pt;")
        self._card_row(construct, self.tr("Released"), self.released_value)
        expiry_box = QWidget()
        expiry_row = QHBoxLayout(expiry_box)
        expiry_row.setContentsMargins(0, 0, 0, 0)
        expiry_row.setSpacing(18)
        self.expiry_value = self._value_label()
        self.expiry_value.setWordWrap(False)
        self.countdown_value = self._value_label()
        expiry_row.addWidget(self.expiry_value)
        expiry_row.addWidget(self.countdown_value, 1)
        self._card_row(construct, self.tr("Expires"), expiry_box)
        identity.addLayout(construct)
        self.scans_value = self._value_label("cardScans")
        identity.addWidget(self.scans_value)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(f"color: {PASS_GREEN};")
        outer.addWidget(rule)

        implant = QGridLayout()
        implant.setContentsMargins(20, 0, 20, 0)
        implant.setHorizontalSpacing(16)
        implant.setVerticalSpacing(4)
        section = QLabel(self.tr("Implanted"))
        section.setObjectName("sectionHeading")
        implant.addWidget(section, 0, 0, 1, 3)
        self.room_field = QLineEdit()
        self.room_field.setObjectName("operatingRoom")
        self.room_field.setPlaceholderText(self.tr("e.g. OR 4"))
        self.room_error = self._field_error()
        self.site_field = QLineEdit()
        self.site_field.setObjectName("implantSite")
        self.site_field.setPlaceholderText(self.tr("e.g. left tibia, mid-diaphysis"))
        self.site_error = self._field_error()
        self.time_field = datetime_edit(self.zone)
        self.time_field.setObjectName("implantedAt")
        self.time_field.setMaximumWidth(16777215)
        self.time_field.setMinimumWidth(240)
        for column, (text, widget, error) in enumerate(
            (
                (self.tr("&Operating room"), self.room_field, self.room_error),
                (self.tr("Implant s&ite"), self.site_field, self.site_error),
                (self.tr("Ti&me (site time)"), self.time_field, None),
            )
        ):
            label = QLabel(text)
            label.setObjectName("cardLabel")
            label.setBuddy(widget)
            # The error goes on the label's line, so the sign button never moves down.
            line = QHBoxLayout()
            line.setSpacing(10)
            line.addWidget(label)
            line.addStretch(1)
            if error is not None:
                line.addWidget(error)
            implant.addLayout(line, 1, column)
            implant.addWidget(widget, 2, column)
        implant.setColumnStretch(0, 2)
        implant.setColumnStretch(1, 3)
        implant.setColumnStretch(2, 2)
        self.sign_button = QPushButton(self.tr("Sign: &implanted"))
        self.sign_button.setObjectName("signButton")
        self.sign_button.setAutoDefault(False)
        self.sign_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.sign_button.clicked.connect(self._sign_clicked)
        implant.addWidget(self.sign_button, 3, 0, 1, 3)
        outer.addLayout(implant)
        card.hide()
        return card

    def _field_error(self) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.hide()
        return label

    def _build_implanted_panel(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("implantedPanel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 14, 20, 14)
        title = QLabel(self.tr("\u2714 IMPLANTED \u2014 recorded and signed"))
        title.setObjectName("implantedTitle")
        layout.addWidget(title)
        self.implanted_text = self._value_label("implantedText")
        self.implanted_text.setStyleSheet("font-size: 16pt; font-weight: 400;")
        layout.addWidget(self.implanted_text)
        panel.hide()
        return panel

    # --- state ---------------------------------------------------------------------------------

    def _show_step(self) -> None:
        blue, green, amber = "#1565c0", PASS_GREEN, PENDING_AMBER
        if self.step == CONSTRUCT:
            self.construct_step.set_state("current", self.tr("SCAN NOW"), blue)
            self.wristband_step.set_state("waiting", self.tr("WAITING"), amber)
            self.prompt.setText(self.tr("Scan the construct's label (the DIN barcode)"))
        else:
            self.construct_step.set_state(
                "done", self._scanned_word(self.construct_typed), green, self._construct_text
            )
            if self.step == WRISTBAND:
                self.wristband_step.set_state("current", self.tr("SCAN NOW"), blue)
                self.prompt.setText(self.tr("Scan the patient's wristband"))
            else:
                self.wristband_step.set_state(
                    "done", self._scanned_word(self.wristband_typed), green, self._wristband_text
                )
                self.prompt.setText(
                    self.tr("Check the card against the patient, then sign")
                    if self.step == MATCHED
                    else self.tr("Implantation recorded")
                )
        scanning = self.step in (CONSTRUCT, WRISTBAND)
        self.heading_row.setVisible(self.step != MATCHED)
        # The card needs the height: once matched, it says everything the step boxes said.
        self.steps.setVisible(scanning)
        self.prompt.setVisible(scanning)
        self.guide.setVisible(scanning)
        self.match_card.setVisible(self.step == MATCHED)
        self.implanted_panel.setVisible(self.step == IMPLANTED)
        if self.step == MATCHED:
            self._timer.start()
        else:
            self._timer.stop()

    def _scanned_word(self, typed: bool) -> str:
        return self.tr("\u2714 TYPED, NOT SCANNED") if typed else self.tr("\u2714 SCANNED")

    def _say(self, text: str, tone: str = "info") -> None:
        self.message.setText(text)
        self.message.setProperty("tone", tone)
        _repolish(self.message)
        self.message.setVisible(bool(text))

    def start_again(self) -> None:
        """Forget both scans and any match; nothing is signable until the next match."""
        self._reset()
        self._say("")
        self.typed_field.clear()

    def _reset(self) -> None:
        self.step = CONSTRUCT
        self.construct_scan = self.wristband_scan = None
        self.construct_typed = self.wristband_typed = False
        self.check = self.card = None
        self.room_field.clear()
        self.site_field.clear()
        for error in (self.room_error, self.site_error):
            error.hide()
        self.sign_button.setEnabled(True)
        self._show_step()

    def refresh(self) -> None:
        """Keep the expiry countdown true; at expiry the card can no longer be signed."""
        if self.step != MATCHED or self.card is None or self.card.expires_at is None:
            return
        from labtracker.clock import get_clock

        now = get_clock().now()
        left = countdown(self.card.expires_at, now)
        if left:
            soon = self.card.expires_at - now <= SOON
            text = (
                self.tr("SOON \u2014 expires in {left}") if soon else self.tr("expires in {left}")
            ).format(left=left)
            self.countdown_value.setText(text)
            self.countdown_value.setStyleSheet(f"color: {PENDING_AMBER if soon else PASS_GREEN};")
            return
        expired = self.card.expires_at.astimezone(self.zone)
        self._timer.stop()
        self.sign_button.setEnabled(False)
        self.countdown_value.setText(self.tr("EXPIRED \u2014 do not implant"))
        self.countdown_value.setStyleSheet(f"color: {FAIL_RED};")
        self._raise_stop(
            self.tr("EXPIRED"),
            self.tr(
                "EXPIRED \u2014 this construct expired at {when} while the card was open. "
                "Do not implant."
            ).format(when=f"{expired:%Y-%m-%d %H:%M}"),
            recorded=False,
        )

    # --- scans ---------------------------------------------------------------------------------

    def handle_scan(self, text: str) -> bool:
        """Every scan while this screen is in front belongs to the bedside check."""
        self._take(text, typed=False)
        return True

    def _typed_entered(self) -> None:
        text = self.typed_field.text()
        self.typed_field.clear()
        if text.strip():
            self._take(text, typed=True)

    def _busy(self) -> bool:
        if open_stop(self) is not None:
            return True
        return self.sign_dialog is not None and self.sign_dialog.isVisible()

    def _take(self, text: str, *, typed: bool) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.domain.scan import ScanKind, classify
        from labtracker.services.scan import resolve_scan

        if self._busy():
            return
        restarted = ""
        if self.step in (MATCHED, IMPLANTED):
            if self.step == MATCHED and _cleaned(text) in {
                _cleaned(self.construct_scan or ""),
                _cleaned(self.wristband_scan or ""),
            }:
                self._say(self.tr("Already scanned; the match stands."))
                return
            self._reset()
            restarted = self.tr("A new scan started a new check; the previous one was cleared.")
            self._say(restarted, "warning")
        try:
            resolution = resolve_scan(self.ctx.db, self.ctx.actor, text)
        except LabtrackerError as error:
            self._say(str(error), "error")
            return
        kind = resolution.kind
        if self.step == CONSTRUCT:
            if kind == ScanKind.WRISTBAND:
                self._say(
                    self.tr(
                        "That was a patient wristband ({what}). Scan the construct's label "
                        "first; the wristband comes second."
                    ).format(what=resolution.summary),
                    "warning",
                )
                return
            if kind != ScanKind.DIN:
                self._say(self._not_wanted(resolution, self.tr("the construct's DIN label")))
                return
            read = classify(text)
            if not read.identity_confirmed:
                self._say(
                    self.tr(
                        "{code} was typed without its check character. Scan the DIN barcode, "
                        "or type the DIN followed by the character in the box beside it."
                    ).format(code=read.text),
                    "warning",
                )
                return
            self.construct_scan = text.strip()
            self.construct_typed = typed or not read.from_barcode
            self._construct_text = resolution.summary
            self.step = WRISTBAND
            self._say(restarted, "warning")
            self._show_step()
            return
        # step 2: the wristband
        if kind == ScanKind.DIN:
            if resolution.din == classify(self.construct_scan or "").din.code:
                self._say(self.tr("That is the construct again. Now scan the patient's wristband."))
            else:
                self._say(
                    self.tr(
                        "That is another construct ({what}). To check that one instead, press "
                        "Start again. Now scan the patient's wristband."
                    ).format(what=resolution.summary),
                    "warning",
                )
            return
        if kind != ScanKind.WRISTBAND:
            self._say(self._not_wanted(resolution, self.tr("the patient's wristband")))
            return
        self.wristband_scan = text.strip()
        self.wristband_typed = typed
        self._wristband_text = resolution.summary
        self._confirm()

    def _not_wanted(self, resolution, wanted: str) -> str:
        what = resolution.problem or resolution.summary
        return self.tr("That is not {wanted} ({kind}): {what}").format(
            kind=resolution.kind.label, wanted=wanted, what=what
        )

    # --- the check -----------------------------------------------------------------------------

    def _confirm(self) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services import bedside

        assert self.construct_scan is not None and self.wristband_scan is not None
        try:
            check = bedside.confirm_match(
                self.ctx.db,
                self.ctx.actor,
                construct_scan=self.construct_scan,
                wristband_scan=self.wristband_scan,
            )
        except LabtrackerError as error:  # e.g. not a surgeon: nothing was checked
            self._reset()
            self._say(self.tr("The check was not made: {error}").format(error=str(error)), "error")
            return
        if not check.ok:
            self._refused(check)
            return
        assert check.din is not None
        self.check = check
        self.card = bedside.construct_card(self.ctx.db, self.ctx.actor, check.din)
        self._fill_card(self.card)
        self.step = MATCHED
        self._say("")
        self._show_step()
        self.refresh()
        self.room_field.setFocus()

    def _fill_card(self, card: ConstructCard) -> None:
        from labtracker.clock import get_clock

        now = get_clock().now()
        self.patient_name.setText(card.patient_name)
        self.mrn_value.setText(card.mrn)
        self.dob_value.setText(
            self.tr("{born} (age {age})").format(
                born=f"{card.date_of_birth:%Y-%m-%d}",
                age=age_on(card.date_of_birth, now.astimezone(self.zone).date()),
            )
        )
        self.din_value.setText(card.din_display)
        self.check_value.setText(card.check_character)
        self.product_value.setText(card.product or self.tr("(no product code on record)"))
        if card.released_by and card.released_at:
            released = self.tr("by QA {name}, {when}").format(
                name=card.released_by,
                when=f"{card.released_at.astimezone(self.zone):%Y-%m-%d %H:%M}",
            )
        else:
            released = self.tr("no QA release on record")
        self.released_value.setText(released)
        self.expiry_value.setText(
            f"{card.expires_at.astimezone(self.zone):%Y-%m-%d %H:%M}" if card.expires_at else "-"
        )
        self.scans_value.setText(
            self.tr("Construct: {construct}   ·   Wristband: {wristband}").format(
                construct=self._source_word(self.construct_typed),
                wristband=self._source_word(self.wristband_typed),
            )
        )
        self.time_field.setDateTime(datetime_edit(self.zone, now).dateTime())
        self.sign_button.setEnabled(True)

    def _source_word(self, typed: bool) -> str:
        return self.tr("typed, not scanned") if typed else self.tr("scanned")

    def _refused(self, check: BedsideCheck) -> None:
        """The red stop with the service's reasons; back to step 1, nothing signable."""
        if check.wrong_patient:
            title = self.tr("WRONG PATIENT")
        else:
            first = check.problems[0] if check.problems else ""
            title = first.split(" \u2014 ")[0] if " \u2014 " in first else self.tr("do not implant")
        lines = list(check.problems)
        if self._construct_text:
            lines.append(
                self.tr("Construct ({how}): {what}.").format(
                    how=self._source_word(self.construct_typed), what=self._construct_text
                )
            )
        if check.patient_name and check.mrn:
            lines.append(
                self.tr("Wristband: {name}, MRN {mrn}.").format(
                    name=check.patient_name, mrn=check.mrn
                )
            )
        if check.deviation_number:
            lines.append(
                self.tr("Deviation {number} (critical) was raised for QA to investigate.").format(
                    number=check.deviation_number
                )
            )
        self._raise_stop(title, "\n\n".join(lines), recorded=True, deviation=check.deviation_number)

    def _raise_stop(
        self, title: str, message: str, *, recorded: bool, deviation: str | None = None
    ) -> None:
        if self.sign_dialog is not None and self.sign_dialog.isVisible():
            self.sign_dialog.reject()
        # At the bedside the refused check itself is on record (audit trail, and a deviation
        # for a wrong patient), so the stop says so instead of "Nothing was recorded".
        footer = (
            self.tr(
                "Nothing was implanted. This check is on record. Set the construct aside, "
                "do not implant it, and call QA."
            )
            if recorded
            else self.tr("Nothing was implanted. Set the construct aside and call QA.")
        )
        show_hard_stop(self, title, message, footer=footer)
        summary = self.tr("STOP \u2014 {title}: do not implant. {detail}").format(
            title=title,
            detail=(
                self.tr("Deviation {number} was raised.").format(number=deviation)
                if deviation
                else self.tr("Start again with the right construct and wristband.")
            ),
        )
        self._reset()
        self._say(summary, "error")

    # --- signing -------------------------------------------------------------------------------

    def _sign_clicked(self) -> None:
        from labtracker.services.signatures import Meaning
        from ui.sign_dialog import SignDialog

        if self.step != MATCHED or self.card is None or self._busy():
            return
        missing = False
        for field, error, text in (
            (self.room_field, self.room_error, self.tr("\u2716 required")),
            (self.site_field, self.site_error, self.tr("\u2716 required")),
        ):
            empty = not field.text().strip()
            error.setText(text if empty else "")
            error.setVisible(empty)
            if empty and not missing:
                field.setFocus()
                missing = True
        if missing:
            return
        card = self.card
        when = edited_datetime(self.time_field)
        record = self.tr(
            "Implantation of lot {din} {check} ({product}) into {name}, MRN {mrn}, born {born}; "
            "{room}, {site}, {when} (site time)."
        ).format(
            din=card.din_display,
            check=card.check_character,
            product=card.product,
            name=card.patient_name,
            mrn=card.mrn,
            born=f"{card.date_of_birth:%Y-%m-%d}",
            room=self.room_field.text().strip(),
            site=self.site_field.text().strip(),
            when=f"{when.astimezone(self.zone):%Y-%m-%d %H:%M}",
        )
        if self.sign_dialog is not None:
            self.sign_dialog.deleteLater()
        self.sign_dialog = SignDialog(
            self.ctx,
            meaning=Meaning.IMPLANTED,
            record_text=record,
            signer=self._signer(when),
            parent=self,
        )
        self.sign_dialog.signed.connect(self._signed)
        self.sign_dialog.open()

    def _signer(self, when: datetime):
        from labtracker.services import bedside

        construct, wristband = self.construct_scan, self.wristband_scan
        room, site = self.room_field.text().strip(), self.site_field.text().strip()
        assert construct is not None and wristband is not None

        def sign(username: str, password: str) -> ImplantationView:
            try:
                return bedside.record_implantation(
                    self.ctx.db,
                    self.ctx.actor,
                    construct_scan=construct,
                    wristband_scan=wristband,
                    implanted_at=when,
                    operating_room=room,
                    implant_site=site,
                    username=username,
                    password=password,
                )
            except bedside.BedsideRefusedError as error:
                # The check failed again at signing (e.g. expired meanwhile): the dialog shows
                # the refusal, then the red stop replaces it.
                QTimer.singleShot(0, lambda check=error.check: self._refused_at_signing(check))
                raise

        return sign

    def _refused_at_signing(self, check: BedsideCheck) -> None:
        self._refused(check)  # closes the signature dialog too

    def _signed(self, view: ImplantationView) -> None:
        self.result = view
        self.step = IMPLANTED
        self.implanted_text.setText(
            self.tr(
                "Lot {din} into {name}, MRN {mrn}\n{room}, {site}, {when} (site time)\n{signature}"
            ).format(
                din=self.card.din_display if self.card else view.din,
                name=view.patient_name,
                mrn=view.mrn,
                room=view.operating_room,
                site=view.implant_site,
                when=f"{view.implanted_at.astimezone(self.zone):%Y-%m-%d %H:%M}",
                signature=view.signature,
            )
        )
        self._show_step()
        self._say(self.tr("Press Start again (or scan) for the next construct."))
        self.implanted.emit(view)


__all__ = ["BedsidePage", "age_on", "countdown"]
