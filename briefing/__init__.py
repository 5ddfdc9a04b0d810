"""Exports for leaders' briefings, made on the server: charts as PNG and SVG (images), tables as XLSX and CSV
(tables)."""
