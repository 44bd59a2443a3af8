"""Customer companies as records: add, rename, alias, domain, merge, list; placing a
contact at the company a rep names (exact name, alias or email domain; never guessed).
"""
