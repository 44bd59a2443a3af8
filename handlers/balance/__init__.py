"""What a rep reads about their contacts: `balance`, `history`, `chart` and the
at-a-glance list of the rep's whole book.
"""
