"""Importing the contacts reps already have: HubSpot, Salesforce or mapped CSV exports and
vCards, read into rows, matched to saved contacts as a plan, written in batches."""
