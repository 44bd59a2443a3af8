"""What is known about a contact: `profile`, `fact`, and the question bank that
names the fact keys (professional side first) and their questions.
"""
