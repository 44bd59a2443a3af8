"""The daily question: who is due, choosing the contact and question, claiming and
delivering slots through the sender port, the one-click answers and `nudges` settings.
"""
