"""Stages of an account (or of a contact without a company) as dated rows, and the
retrospective feedback items a customer gave, with our response and their status."""
