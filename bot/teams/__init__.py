"""Microsoft Teams, through the Bot Framework SDK.

Everything that imports botbuilder lives in this package, so moving to another SDK
changes this folder alone.
"""
