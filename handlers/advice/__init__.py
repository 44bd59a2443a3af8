"""Advice a partner would give: the call brief (`prep`) and the next step shown with a
balance, chosen by the data rules in `prompts/next_steps.yaml`.
"""
