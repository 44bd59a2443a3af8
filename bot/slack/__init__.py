"""The Slack adapter: Slack requests in, neutral types to the core, Block Kit out."""
