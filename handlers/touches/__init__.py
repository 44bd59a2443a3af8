"""Touches and attempts: whether a note means we heard from them or only reached out,
and what their silence looks like (last heard, last reached out, attempts since)."""
