"""Promises a rep makes to contacts: `promise`, `promises`, the due-day check,
and the offer to track a commitment read from a logged note.
"""
