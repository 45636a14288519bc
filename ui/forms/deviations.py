"""Off-plan events: raise a deviation (with what each class means), assess it, close it with
QA's signature; and discard a lot, a vessel or a construct before a witness who re-enters
their own password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from ui.forms.base import FieldError, Saved, datetime_edit
from ui.forms.kit import ChoiceButtons, LiveStepForm, escape, set_state, translate
from ui.widgets import password_field

if TYPE_CHECKING:
    from labtracker.services.deviations import DeviationView
    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

CLASSES = (
    ("minor", QT_TRANSLATE_NOOP("RaiseDeviationForm", "Minor")),
    ("major", QT_TRANSLATE_NOOP("RaiseDeviationForm", "Major")),
    ("critical", QT_TRANSLATE_NOOP("RaiseDeviationForm", "Critical")),
)
CLASS_MEANINGS = {
    "minor": QT_TRANSLATE_NOOP(
        "RaiseDeviationForm",
        "Minor: no effect on the product's quality, the patient's safety or the record's "
        "integrity. Documented, trended, closed by QA.",
    ),
    "major": QT_TRANSLATE_NOOP(
        "RaiseDeviationForm",
        "Major: could affect the product's quality or compliance with the process. QA "
        "investigates it, with corrective action, before the lot can be released.",
    ),
    "critical": QT_TRANSLATE_NOOP(
        "RaiseDeviationForm",
        "Critical: could harm the patient, or puts identity or sterility in doubt. The lot is "
        "on hold; tell QA and your supervisor now.",
    ),
}
# Every status in which something can go wrong: all of them (an implanted lot's record too).
ANY_STATUS = tuple(LotStatus)
TERMINAL = (LotStatus.IMPLANTED, LotStatus.DISCARDED)
CONSTRUCT_STATUSES = (
    LotStatus.SEEDED,
    LotStatus.RELEASED,
    LotStatus.REJECTED,
    LotStatus.DISPATCHED,
)
SCOPES = (
    ("lot", QT_TRANSLATE_NOOP("DiscardForm", "The whole lot")),
    ("vessel", QT_TRANSLATE_NOOP("DiscardForm", "One vessel")),
    ("construct", QT_TRANSLATE_NOOP("DiscardForm", "The construct")),
)


def _text_edit(height: int = 110, text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    return edit


class RaiseDeviationForm(LiveStepForm):
    """Something did not go to plan: what, when, how serious. For a receipt outside limits
    it can be linked to the receipt, which lets processing go on."""

    title = QT_TRANSLATE_NOOP("RaiseDeviationForm", "Raise a deviation")
    required_action = Action.RAISE_DEVIATION
    applies_to = ANY_STATUS

    def __init__(
        self,
        ctx: WorkContext,
        din: str | None = None,
        *,
        link_receipt: bool = False,
        title: str = "",
        description: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, din, parent)
        self.title_edit = self.add_field(
            "title",
            self.tr("Title"),
            QLineEdit(title),
            hint=self.tr("One line: what happened (at most 200 characters)."),
            aliases=("Title",),
            wide=True,
        )
        self.description = self.add_field(
            "description",
            self.tr("Description"),
            _text_edit(140, description),
            hint=self.tr("What was seen, where, by whom; what was done at once."),
            aliases=("Description",),
        )
        self.occurred_at = self.add_field(
            "occurred_at",
            self.tr("Occurred at"),
            datetime_edit(self.zone),
            hint=self.tr("Site time; when it happened, not when it was noticed."),
            aliases=("Occurred at",),
        )
        self.classification = self.add_field(
            "classification",
            self.tr("Classification"),
            ChoiceButtons([(value, self.tr(text)) for value, text in CLASSES]),
            hint=self.tr("Choose one; its meaning is shown here."),
            aliases=("Classification",),
        )
        self.link = QCheckBox(self.tr("Covers the aspirate receipt outside limits"))
        self.link.setObjectName("linkReceipt")
        self.add_field("link_receipt", self.tr("Receipt"), self.link, aliases=("DIN",))
        self._receipt_needs_deviation = False
        if self.lot is not None:
            from labtracker.services.lots import collection_record

            receipt = collection_record(ctx.db, ctx.actor, self.lot.din).receipt
            self._receipt_needs_deviation = receipt is not None and receipt.needs_deviation
        self.link.setEnabled(self._receipt_needs_deviation)
        self.link.setChecked(self._receipt_needs_deviation and link_receipt)
        if not self._receipt_needs_deviation:
            self.set_status(
                "link_receipt",
                self.tr("Not applicable: no receipt of this lot waits for a deviation."),
            )
            self._hints["link_receipt"] = self.status("link_receipt")
        self.ready()

    def live(self) -> None:
        value = self.classification.value()
        if value is None:
            self.set_status("classification", "")
        else:
            state = {"minor": "none", "major": "pending", "critical": "fail"}[value]
            self.set_status(
                "classification", translate("RaiseDeviationForm", CLASS_MEANINGS[value]), state
            )
        if self.link.isChecked():
            self.set_status(
                "link_receipt",
                self.tr("Linked: isolation may go ahead once this deviation is recorded."),
                "pass",
            )
        elif self._receipt_needs_deviation:
            self.set_status(
                "link_receipt",
                self.tr(
                    "Not linked: isolation stays refused until a deviation covers the receipt."
                ),
                "pending",
            )

    def save(self) -> Saved:
        from labtracker.services.deviations import raise_deviation

        # In the order of the fields, so the first thing missing is the one shown.
        if not self.title_edit.text().strip():
            raise FieldError("title", self.tr("Title must be filled in."))
        if not self.plain_text("description"):
            raise FieldError("description", self.tr("Description must be filled in."))
        if self.classification.value() is None:
            raise FieldError("classification", self.tr("Choose minor, major or critical."))
        number = raise_deviation(
            self.ctx.db,
            self.ctx.actor,
            din=self.lot.din if self.lot else None,
            title=self.title_edit.text(),
            description=self.plain_text("description"),
            occurred_at=self.moment("occurred_at"),
            classification=self.classification.value(),
            link_receipt=self.link.isChecked(),
        )
        return Saved(
            self.tr("{number} raised: {title}").format(number=number, title=self.title_edit.text()),
            record_table="deviation",
            din=self.lot.din if self.lot else None,
            result=number,
        )

    def after_save(self, result: Saved) -> str:
        self.done_code = (result.result, None)
        return self.tr(
            "Deviation recorded. QA assesses and closes it; while it is open the lot cannot be "
            "released. Its number:"
        )


class AssessDeviationForm(LiveStepForm):
    """The investigation of an open deviation: impact, root cause, corrective and preventive
    action (CAPA). It can be revised until QA closes it."""

    title = QT_TRANSLATE_NOOP("AssessDeviationForm", "Assess a deviation")
    required_action = Action.RAISE_DEVIATION
    applies_to = ()

    def __init__(self, ctx: WorkContext, number: str, parent: QWidget | None = None) -> None:
        from labtracker.services.deviations import get_deviation

        deviation = get_deviation(ctx.db, ctx.actor, number)
        super().__init__(ctx, deviation.din, parent)
        self.deviation: DeviationView = deviation
        self.setWindowTitle(f"{self.windowTitle()} — {self.deviation.number}")
        summary = QLabel(self._summary())
        summary.setObjectName("deviationSummary")
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setWordWrap(True)
        self.grid.addWidget(summary, self.grid.rowCount(), 0, 1, 2)
        d = self.deviation
        self.impact = self.add_field(
            "impact_assessment",
            self.tr("Impact assessment"),
            _text_edit(110, d.impact_assessment),
            hint=self.tr("Effect on the product, the patient and the record. Required to close."),
            aliases=("Impact assessment",),
        )
        self.root_cause = self.add_field(
            "root_cause",
            self.tr("Root cause"),
            _text_edit(90, d.root_cause),
            aliases=("Root cause",),
        )
        self.corrective = self.add_field(
            "corrective_action",
            self.tr("Corrective action"),
            _text_edit(90, d.corrective_action),
            hint=self.tr("What was done about this event. Required to close."),
            aliases=("Corrective action",),
        )
        self.preventive = self.add_field(
            "preventive_action",
            self.tr("Preventive action"),
            _text_edit(90, d.preventive_action),
            hint=self.tr("What stops it happening again."),
            aliases=("Preventive action",),
        )
        if d.state != "open":
            self.banner.setText(
                self.tr("{number} is closed; it cannot be changed.").format(number=d.number)
            )
            self.save_button.setEnabled(False)
        self.ready()
        if d.state != "open":
            self.banner.show()

    def _summary(self) -> str:
        d = self.deviation
        occurred = d.occurred_at.astimezone(self.zone)
        return self.tr(
            "<b>{number}</b> — {title}<br>{classification}, {state}; occurred {when}; raised by "
            "{by}{linked}<br><i>{description}</i>"
        ).format(
            number=escape(d.number),
            title=escape(d.title),
            classification=escape(d.classification.upper()),
            state=escape(d.state),
            when=f"{occurred:%Y-%m-%d %H:%M}",
            by=escape(d.raised_by),
            linked=self.tr("; linked to the aspirate receipt") if d.linked_to_receipt else "",
            description=escape(d.description).replace("\n", "<br>"),
        )

    def texts(self) -> dict[str, str]:
        return {
            "impact_assessment": self.plain_text("impact_assessment"),
            "root_cause": self.plain_text("root_cause"),
            "corrective_action": self.plain_text("corrective_action"),
            "preventive_action": self.plain_text("preventive_action"),
        }

    def live(self) -> None:
        for key, text in self.texts().items():
            if len(text) > 10_000:
                raise FieldError(key, self.tr("At most 10,000 characters."))

    def save(self) -> Saved:
        from labtracker.services.deviations import assess_deviation

        # The version this form showed: a deviation saved by someone else since is refused,
        # naming who and when, rather than overwritten.
        view = assess_deviation(
            self.ctx.db,
            self.ctx.actor,
            self.deviation.number,
            expected_version=self.deviation.version,
            **self.texts(),
        )
        self.deviation = view
        return Saved(
            self.tr("{number} assessed").format(number=view.number),
            record_table="deviation",
            din=view.din,
            result=view,
        )


class CloseDeviationForm(AssessDeviationForm):
    """QA reviews the investigation, completes it if needed, and closes the deviation with an
    e-signature (meaning "approved"). Whoever raised it cannot close it."""

    title = QT_TRANSLATE_NOOP("CloseDeviationForm", "Close a deviation (QA)")
    required_action = Action.CLOSE_DEVIATION

    def __init__(self, ctx: WorkContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, number, parent)
        self.save_button.setText(self.tr("Close with signature…"))
        self.closed_view: DeviationView | None = None

    def live(self) -> None:
        super().live()
        if self.deviation.state == "open" and self.deviation.raised_by == self.ctx.actor.full_name:
            self.banner.setText(
                self.tr("You raised {number}: another QA person must review and close it.").format(
                    number=self.deviation.number
                )
            )
            self.banner.show()

    def save(self) -> Saved:
        texts = self.texts()
        for key, label in (
            ("impact_assessment", self.tr("the impact assessment")),
            ("corrective_action", self.tr("the corrective action")),
        ):
            if not texts[key]:
                raise FieldError(key, self.tr("Fill in {what} before closing.").format(what=label))
        d = self.deviation
        changed = any(getattr(d, key) != text for key, text in texts.items())
        return (
            super().save()
            if changed
            else Saved(
                self.tr("{number}").format(number=d.number), record_table="deviation", din=d.din
            )
        )

    def _finish(self) -> None:
        # Saving the assessment is not closing: closing is the signature.
        if self.closed_view is not None:
            super()._finish()
            return
        from labtracker.services.deviations import close_deviation
        from labtracker.services.signatures import Meaning
        from ui.sign_dialog import SignDialog

        number, version = self.deviation.number, self.deviation.version

        def sign(username: str, password: str):  # QA signs exactly the version they reviewed
            return close_deviation(
                self.ctx.db,
                self.ctx.actor,
                number,
                username=username,
                password=password,
                expected_version=version,
            )

        self.sign_dialog = SignDialog(
            self.ctx,
            meaning=Meaning.APPROVED,
            record_text=self.tr("Deviation {number}: {title}").format(
                number=number, title=self.deviation.title
            ),
            signer=sign,
            parent=self,
        )
        self.sign_dialog.setWindowTitle(self.tr("Sign: close deviation"))
        self.sign_dialog.meaning_label.setText(
            self.tr(
                "I reviewed this deviation's investigation and corrective action, and close it."
            )
        )
        self.sign_dialog.signed.connect(self._closed)
        self.sign_dialog.open()

    def _closed(self, view: DeviationView) -> None:
        self.closed_view = view
        self.result = Saved(
            self.tr("{number} closed by {name}").format(number=view.number, name=view.closed_by),
            record_table="deviation",
            din=view.din,
            result=view,
        )
        super()._finish()


class DiscardForm(LiveStepForm):
    """Destroy the lot, one vessel or the construct. A witness, a different person allowed to
    discard, re-enters their own user ID and password; both are on the record."""

    title = QT_TRANSLATE_NOOP("DiscardForm", "Discard (witnessed)")
    required_action = Action.DISCARD
    applies_to = tuple(s for s in LotStatus if s not in TERMINAL)

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        from labtracker.services.deviations import open_deviations

        super().__init__(ctx, din, parent)
        status = self.lot.status
        self.scope = self.add_field(
            "scope",
            self.tr("Discard"),
            ChoiceButtons([(value, self.tr(text)) for value, text in SCOPES]),
            aliases=("Scope",),
        )
        allowed = ["lot"]
        if status is LotStatus.IN_CULTURE:
            allowed.append("vessel")
        if status in CONSTRUCT_STATUSES:
            allowed.append("construct")
        self.scope.set_allowed(allowed)
        self.vessel = self.add_field(
            "vessel",
            self.tr("Vessel"),
            QLineEdit(),
            hint=self.tr("Scan the vessel's label (only when discarding one vessel)."),
            aliases=("Vessel",),
        )
        self.vessel.setPlaceholderText(f"{self.lot.din}-P1-1")
        self.route_scans(self.vessel)
        self.reason = self.add_field(
            "reason",
            self.tr("Reason"),
            _text_edit(100),
            hint=self.tr("Why it is destroyed (at most 2,000 characters)."),
            aliases=("Reason",),
        )
        deviation = QComboBox()
        deviation.addItem(self.tr("(none)"), None)
        for d in open_deviations(ctx.db, ctx.actor, self.lot.din):
            deviation.addItem(f"{d.number} — {d.title}", d.number)
        self.deviation = self.add_field(
            "deviation",
            self.tr("Deviation"),
            deviation,
            hint=self.tr("The open deviation this discard belongs to, if any."),
            aliases=("Deviation",),
        )
        self.add_section(self.tr("Witness"))
        self.witness = self.add_field(
            "witness_username",
            self.tr("Witness user ID"),
            QLineEdit(),
            hint=self.tr("A different person, allowed to discard (technician, verifier or QA)."),
            aliases=("Witness",),
        )
        self.witness_password = self.add_field(
            "witness_password",
            self.tr("Witness password"),
            password_field(),
            hint=self.tr("Typed by the witness. It is checked like a signature."),
            aliases=("Witness password",),
        )
        self.add_verdict()
        self.save_button.setText(self.tr("Discard"))
        # Destruction is not the everyday blue action.
        self.save_button.setStyleSheet(
            self.save_button.styleSheet()
            + "QPushButton { background: #b71c1c; } QPushButton:pressed { background: #7f0000; }"
        )
        self.ready()

    def live(self) -> None:
        scope = self.scope.value()
        self.vessel.setEnabled(scope == "vessel")
        witness = self.witness.text().strip().lower()
        if witness and witness == self.ctx.actor.username.lower():
            raise FieldError(
                "witness_username",
                self.tr("The witness must be a different person from you ({name}).").format(
                    name=self.ctx.actor.full_name
                ),
            )
        if len(self.plain_text("reason")) > 2000:
            raise FieldError("reason", self.tr("Reason must be at most 2,000 characters."))
        if scope is None:
            set_state(self.verdict, "none", self.tr("Choose what is discarded."))
        elif scope == "vessel":
            code = self.vessel.text().strip().upper()
            set_state(
                self.verdict,
                "pending",
                self.tr("DISCARD vessel {code}; the lot goes on.").format(code=code or "…"),
            )
        else:
            what = self.tr("the whole lot") if scope == "lot" else self.tr("the construct")
            set_state(
                self.verdict,
                "fail",
                self.tr(
                    "DISCARD {what}: lot {din} becomes Discarded, for good. It cannot be undone."
                ).format(what=what, din=self.lot.din_display),
            )

    def take_scan(self, resolution: ScanResolution) -> bool:
        from labtracker.domain.scan import ScanKind

        if resolution.kind is ScanKind.VESSEL and resolution.vessel_code:
            self.scope.set_value("vessel")
            self.vessel.setText(resolution.vessel_code)
            return True
        return False

    def save(self) -> Saved:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.auth import AuthenticationError
        from labtracker.services.deviations import discard

        scope = self.scope.value()
        if scope is None:
            raise FieldError("scope", self.tr("Choose what is discarded."))
        if not self.witness.text().strip():
            raise FieldError("witness_username", self.tr("A witness must enter their user ID."))
        if not self.witness_password.text():
            raise FieldError("witness_password", self.tr("The witness must enter their password."))
        try:
            view = discard(
                self.ctx.db,
                self.ctx.actor,
                self.lot.din,
                scope=scope,
                vessel_code=(self.vessel.text().strip() or None) if scope == "vessel" else None,
                reason=self.plain_text("reason"),
                witness_username=self.witness.text().strip(),
                witness_password=self.witness_password.text(),
                deviation_number=self.deviation.currentData(),
            )
        except AuthenticationError as error:
            self.witness_password.clear()
            raise FieldError("witness_password", str(error)) from None
        except LabtrackerError:
            self.witness_password.clear()
            raise
        what = view.vessel_code if view.scope == "vessel" else view.scope
        return Saved(
            self.tr("Discarded {what}, witnessed by {witness}").format(
                what=what, witness=view.witness
            ),
            record_table="discard",
            din=view.din,
            result=view,
        )
