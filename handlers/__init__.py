"""The platform-neutral core. Imports no Slack or Teams library."""
