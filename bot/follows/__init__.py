"""Follows: members follow a person, a topic or a search in a server and hear of new articles."""
