"""Stages of a relationship (courting → first meeting → engaged → long-term, or lapsed):
`stage`, its history, what health expects at each stage, and notes that read like a move."""
