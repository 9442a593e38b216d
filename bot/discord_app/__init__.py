"""The Discord application: discord.py's client, the command tree and how it runs."""
