"""The health score of a contact: its three explained parts, computed from stored
aggregates and fact dates, and the 90-day trend as a sparkline.
"""
