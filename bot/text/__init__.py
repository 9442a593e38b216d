"""The text toolkit every feature uses: accent folding, stop words, topic keys, dates."""
