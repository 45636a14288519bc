"""Printed output: labels, batch records, audit trail exports (reportlab)."""
