"""Calendars: `calendar add/remove`, reading ICS feeds into the meetings with known
contacts, and the prompts before and after each meeting (claimed like nudges)."""
