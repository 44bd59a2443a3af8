"""The ledger's grammar and notes: parsing a note, reading its sign and its date,
recording it (or saving it as pending), flipping and undoing entries.
"""
