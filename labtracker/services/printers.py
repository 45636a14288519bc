"""Printing labels on a network Zebra printer: ZPL over raw TCP (port 9100), no driver.

`print_zpl_labels` records the print first, through `labtracker.services.labels.print_labels`
(template version, user, time, copies, printer "ZPL host:port", what the symbols carry), then
sends the ZPL. What happens when the printer cannot be reached is decided here:

* **Nothing reached the printer** (refused, unknown host, no route, connect timeout): the print
  stays on record, **voided** in a second transaction with the reason "not printed: …", so the
  attempt is in the audit trail, it is not a reprint when tried again, and it does not wait for
  reconciliation. `PrinterUnreachableError` names the printer's host:port.
* **The connection broke while sending**: some labels may have come out, so the print stays on
  record, not voided; `PrinterSendError` says to reconcile it (applied + destroyed).
"""

from __future__ import annotations

import socket

from labtracker.domain.errors import LabtrackerError
from labtracker.reports.labels import LabelKind
from labtracker.services.context import Actor, Database
from labtracker.services.corrections import void_record
from labtracker.services.labels import PrintedLabels, print_labels
from labtracker.settings import PrinterAddress

__all__ = [
    "DEFAULT_TIMEOUT_SECONDS",
    "PrinterError",
    "PrinterSendError",
    "PrinterUnreachableError",
    "print_zpl_labels",
    "send_raw",
]

DEFAULT_TIMEOUT_SECONDS = 5.0


class PrinterError(LabtrackerError):
    """The label printer did not take the labels."""


class PrinterUnreachableError(PrinterError):
    """Nothing reached the printer: no connection could be made."""


class PrinterSendError(PrinterError):
    """The connection broke while sending: some labels may have printed."""


def send_raw(
    address: PrinterAddress, data: bytes, *, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> None:
    """Send ``data`` to the printer's raw port and close the connection."""
    try:
        connection = socket.create_connection((address.host, address.port), timeout=timeout)
    except TimeoutError:
        raise PrinterUnreachableError(
            f"The label printer {address} did not answer within {timeout:g} s; check that it is "
            "switched on and on the network, and the address in the station settings."
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise PrinterUnreachableError(
            f"The label printer {address} cannot be reached ({reason}); check that it is "
            "switched on and on the network, and the address in the station settings."
        ) from None
    with connection:
        try:
            connection.sendall(data)
            # A Zebra printer keeps the connection open; closing our side ends the job.
            connection.shutdown(socket.SHUT_WR)
        except OSError as error:
            raise PrinterSendError(
                f"The connection to the label printer {address} broke while sending "
                f"({error.strerror or error})."
            ) from None


def print_zpl_labels(
    db: Database,
    actor: Actor,
    din_or_vessel_code: str,
    kind: str | LabelKind,
    *,
    copies: int,
    stock: str,
    address: PrinterAddress,
    reprint_reason: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> PrintedLabels:
    """Record the print (as `print_labels` does) and send its ZPL to ``address``.

    Refused as `print_labels` refuses. An unreachable printer voids the print it just recorded
    and raises `PrinterUnreachableError`; a broken connection leaves it for reconciliation and
    raises `PrinterSendError`."""
    printed = print_labels(
        db,
        actor,
        din_or_vessel_code,
        kind,
        copies=copies,
        stock=stock,
        printer=f"ZPL {address}",
        reprint_reason=reprint_reason,
        output="zpl",
    )
    try:
        send_raw(address, printed.zpl, timeout=timeout)
    except PrinterUnreachableError as error:
        void_record(db, actor, "label_print", printed.label_print_id, f"not printed: {error}")
        raise PrinterUnreachableError(
            f"{error} Nothing was printed: label print #{printed.label_print_id} is on record "
            "as voided (not printed); print again when the printer is back."
        ) from None
    except PrinterSendError as error:
        raise PrinterSendError(
            f"{error} Some of the {printed.copies} label(s) may have printed: reconcile label "
            f"print #{printed.label_print_id} (applied + destroyed) with what came out."
        ) from None
    return printed
