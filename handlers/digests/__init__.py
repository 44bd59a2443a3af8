"""The weekly digests: a rep's own week (`digest`) and the team digest posted to
a channel the workspace chose.
"""
