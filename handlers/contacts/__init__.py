"""Contacts: add, rename, alias, merge, archive, list; and finding the contact a rep
means (exact first, close matches offered, never guessed).
"""
