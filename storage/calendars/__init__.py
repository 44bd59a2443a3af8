"""Calendars: each rep's ICS feeds (the address kept secret, the last poll and its result)
and the meetings last read from them, with the contacts who attend."""
