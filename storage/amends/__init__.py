"""Storage of making debits right: the fix plans that link a promise to a debit, and
the records of debits made right, both append-only."""
