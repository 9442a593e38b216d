"""newsbot: reads the news people share, summarizes it and answers questions about it."""
