"""The account: a customer company seen whole — its health, coverage by function,
single threads, the move that widens it, its map, and the `account`/`accounts` commands.
"""
