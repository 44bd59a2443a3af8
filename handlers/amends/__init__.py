"""Making it right: what the balance can absorb when a debit lands, *Plan the fix*
(a promise linked to the debit), and closing a debit by a #made-it-right credit or a kept fix."""
