"""Dates that matter: birthdays, work anniversaries, renewals, go-lives, contract ends,
recorded as dated facts and reminded a set number of days before."""
