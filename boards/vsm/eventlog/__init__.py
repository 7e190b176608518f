"""Event-log import for the value-stream map (issue 20): read a system export (CSV, XLSX, XES),
map its columns, parse its timestamps and analyse it into an
:class:`~boards.vsm.eventlog.model.EventLogAnalysis` kept in the board's ledger (root ``eventlog``).

Heavy libraries (polars, pm4py) are imported inside the functions that need them, so importing
this package (and the server) does not grow idle memory."""
