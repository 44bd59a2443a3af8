"""Capture: a chat message logged as a note ("Log to relcap" on Slack and Teams).
Owns the prefilled log form, the contact suggested from the message and its link."""
