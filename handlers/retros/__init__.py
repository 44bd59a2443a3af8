"""Retrospectives as records: what a customer said needs to improve, our response, and its
status (open → responded → resolved); resolving offers a #made-it-right credit."""
