"""The practice-scale benchmark (issue 12): ``python -m benchmarks [--scale S] [--out FILE]``.

Generates a synthetic register (default: 5,000 clients, 100,000 appointments, 100,000
notes, 20,000 invoices), measures start-up, unlock, the main window, search as you type,
note search, opening a client, backup and restore, memory and the cost of encryption,
and prints each figure against its budget. Invented data only (temporary hetus 900–999).
"""
