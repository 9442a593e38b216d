"""What members and servers ask to have forgotten, and how long articles are kept."""
