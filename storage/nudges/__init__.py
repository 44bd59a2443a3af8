"""Tables and queries of the daily nudges: preferences, claimed slots, the batched
inputs of the chooser and the reps who can be reached.
"""
